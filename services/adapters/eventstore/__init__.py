"""The eventsourcing persistence module on NATS JetStream.

Select it with ``PERSISTENCE_MODULE=services.adapters.eventstore``.
"""

from services.adapters.eventstore.factory import JetStreamFactory

Factory = JetStreamFactory

__all__ = ["Factory", "JetStreamFactory"]
