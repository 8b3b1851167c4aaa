"""Settings from the environment, read once by the composition root."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from services.eventstore.errors import EventStoreUnavailable
from services.eventstore.syncnats import NatsAuth

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_PREFIX = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")


class SettingError(ValueError):
    """An environment setting the project cannot use; the message says which and why."""


def _int(env: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name) or str(default)
    try:
        value = int(raw)
    except ValueError:
        raise SettingError(f"{name}={raw!r} is not a whole number") from None
    if not low <= value <= high:
        raise SettingError(f"{name}={value} must be between {low} and {high}")
    return value


@dataclass(frozen=True)
class Settings:
    home: Path
    nats_url: str | None
    stream: str
    subject_prefix: str
    replicas: int
    nats_creds: str | None
    database_url: str | None
    nats_auth: NatsAuth = field(default_factory=NatsAuth)
    registry_database_url: str | None = None  # the erasable registry, if not DATABASE_URL's

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        stream = env.get("ASSEMBLY_STREAM") or "ASSEMBLY"
        prefix = env.get("ASSEMBLY_SUBJECT_PREFIX") or "assembly"
        if not _NAME.match(stream):
            raise SettingError(f"ASSEMBLY_STREAM={stream!r}: use letters, digits, '_' or '-'")
        if not _PREFIX.match(prefix):
            raise SettingError(
                f"ASSEMBLY_SUBJECT_PREFIX={prefix!r}: use dot-separated letters, digits, '_', '-'"
            )
        try:
            auth = NatsAuth.from_env(env)
        except EventStoreUnavailable as e:
            raise SettingError(str(e)) from None
        return cls(
            home=Path(env.get("ASSEMBLY_HOME") or ".assembly").absolute(),
            nats_url=env.get("NATS_URL") or None,
            stream=stream,
            subject_prefix=prefix,
            replicas=_int(env, "ASSEMBLY_STREAM_REPLICAS", 1, 1, 5),
            nats_creds=env.get("NATS_CREDS") or None,
            database_url=env.get("DATABASE_URL") or None,
            nats_auth=auth,
            registry_database_url=env.get("REGISTRY_DATABASE_URL") or None,
        )
