"""What the system does around its core: audit and checkpoints, the subscriber and notifier, the
published contract, the draw's inputs and report, the pool import."""
