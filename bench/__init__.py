"""Benchmarks of the event store on NATS JetStream: ``make bench`` (``python -m bench``)."""
