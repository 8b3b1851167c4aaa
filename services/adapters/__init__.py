"""What talks to the outside world: the JetStream event store (the only package that imports
nats), the embedded server, the erasable registry, the read store and access control."""
