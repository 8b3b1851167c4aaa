"""Everything that touches the outside world: JetStream, the embedded server, the CLI."""
