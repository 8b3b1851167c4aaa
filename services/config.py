"""Settings from the environment, read once by the composition root."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    home: Path
    nats_url: str | None
    stream: str
    subject_prefix: str
    replicas: int
    nats_creds: str | None
    database_url: str | None

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        return cls(
            home=Path(env.get("ASSEMBLY_HOME") or ".assembly").absolute(),
            nats_url=env.get("NATS_URL") or None,
            stream=env.get("ASSEMBLY_STREAM") or "ASSEMBLY",
            subject_prefix=env.get("ASSEMBLY_SUBJECT_PREFIX") or "assembly",
            replicas=int(env.get("ASSEMBLY_STREAM_REPLICAS") or 1),
            nats_creds=env.get("NATS_CREDS") or None,
            database_url=env.get("DATABASE_URL") or None,
        )
