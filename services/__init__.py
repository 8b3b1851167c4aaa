"""Everything that touches the outside world, in layers (arrows only go down): entrypoints,
bootstrap (the composition root), application, adapters, config."""
