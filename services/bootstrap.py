"""The composition root: the one place that wires the application to its infrastructure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from commands.application import AssemblyRecord
from services.config import Settings
from services.embedded import EmbeddedServer

MAPPER = "services.eventstore.mapper:MsgspecMapper"


def resolve_nats_url(settings: Settings, announce: Callable[[str], None]) -> str:
    """NATS_URL if set; otherwise the embedded server, started or reused, and say which."""
    if settings.nats_url:
        return settings.nats_url
    state, started = EmbeddedServer(settings.home).ensure()
    verb = "started" if started else "using"
    announce(
        f"{verb} embedded nats-server {state.version} at {state.url} "
        f"(data in {state.store_dir}; `assembly server stop` stops it)"
    )
    return state.url


def event_store_env(settings: Settings, nats_url: str) -> dict[str, str]:
    env = {
        "PERSISTENCE_MODULE": "services.eventstore",
        "MAPPER_TOPIC": MAPPER,
        "NATS_URL": nats_url,
        "ASSEMBLY_STREAM": settings.stream,
        "ASSEMBLY_SUBJECT_PREFIX": settings.subject_prefix,
        "ASSEMBLY_STREAM_REPLICAS": str(settings.replicas),
    }
    if settings.nats_creds:
        env["NATS_CREDS"] = settings.nats_creds
    return env


def now() -> datetime:
    """The wall clock: the application refuses facts dated after it (core.time_order)."""
    return datetime.now(UTC)


def build_application(settings: Settings, announce: Callable[[str], None]) -> AssemblyRecord:
    return AssemblyRecord(
        env=event_store_env(settings, resolve_nats_url(settings, announce)), clock=now
    )
