"""The composition root: the one place that wires the application to its infrastructure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from commands.application import AssemblyRecord
from services.adapters.embedded import resolve_nats_url
from services.config import Settings

# eventsourcing's Application chooses its persistence module and mapper by topic, from its
# environment (InfrastructureFactory.construct reads PERSISTENCE_MODULE, the factory reads
# MAPPER_TOPIC): the library's own way, kept so that its conformance tests and projection
# runner construct the same store. This is the one place in the shipped code that names them.
MAPPER = "services.adapters.eventstore.mapper:MsgspecMapper"
PERSISTENCE_MODULE = "services.adapters.eventstore"


def event_store_env(settings: Settings, nats_url: str) -> dict[str, str]:
    env = {
        "PERSISTENCE_MODULE": PERSISTENCE_MODULE,
        "MAPPER_TOPIC": MAPPER,
        "NATS_URL": nats_url,
        "ASSEMBLY_STREAM": settings.stream,
        "ASSEMBLY_SUBJECT_PREFIX": settings.subject_prefix,
        "ASSEMBLY_STREAM_REPLICAS": str(settings.replicas),
    }
    if settings.nats_creds:
        env["NATS_CREDS"] = settings.nats_creds
    auth = settings.nats_auth
    if auth is not settings.auth and auth.user:  # the embedded server's role for this command
        env["NATS_USER"], env["NATS_PASSWORD"] = auth.user, auth.password or ""
    return env


def now() -> datetime:
    """The wall clock: the application refuses facts dated after it (core.time_order)."""
    return datetime.now(UTC)


def build_application(settings: Settings, announce: Callable[[str], None]) -> AssemblyRecord:
    return AssemblyRecord(
        env=event_store_env(settings, resolve_nats_url(settings, announce)), clock=now
    )
