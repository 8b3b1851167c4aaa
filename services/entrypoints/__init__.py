"""Where a process starts: the CLI and `make demo`."""
