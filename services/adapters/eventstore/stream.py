"""The append-only stream: its configuration, and the check the auditor also runs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig, StreamInfo

from core.text.words import listed

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,200}$")
MIN_SERVER_VERSION = (2, 12, 0)


@dataclass(frozen=True)
class StreamSpec:
    """Names of one deployment's stream and subjects."""

    name: str = "ASSEMBLY"
    prefix: str = "assembly"
    replicas: int = 1

    @property
    def events(self) -> str:
        return f"{self.prefix}.events"

    @property
    def all_events(self) -> str:
        return f"{self.prefix}.events.>"

    @property
    def tracking(self) -> str:
        return f"{self.prefix}.tracking"

    @property
    def checkpoints(self) -> str:
        """The log's signed checkpoints (services/application/audit): one subject, their own
        hash chain."""
        return f"{self.prefix}.checkpoints"

    def event_subject(self, originator_id: UUID | str) -> str:
        return f"{self.events}.{subject_token(originator_id)}"

    def tracking_subject(self, application_name: str) -> str:
        return f"{self.tracking}.{subject_token(application_name)}"

    def snapshots(self) -> StreamSpec:
        """Snapshots are derived data: they live in a stream of their own."""
        return StreamSpec(
            name=f"{self.name}_SNAPSHOTS", prefix=f"{self.prefix}_snapshots", replicas=self.replicas
        )

    def config(self) -> StreamConfig:
        return StreamConfig(
            name=self.name,
            description="Assembly Record: immutable log of a citizens' assembly",
            subjects=[f"{self.events}.>", f"{self.tracking}.>", self.checkpoints],
            retention=RetentionPolicy.LIMITS,
            storage=StorageType.FILE,
            num_replicas=self.replicas,
            max_msgs=-1,
            max_bytes=-1,
            max_age=0,
            max_msgs_per_subject=-1,
            max_msg_size=-1,
            discard=DiscardPolicy.NEW,
            deny_delete=True,
            deny_purge=True,
            allow_rollup_hdrs=False,
            allow_direct=True,
            allow_atomic=True,
            duplicate_window=120.0,
        )


def subject_token(originator_id: UUID | str) -> str:
    """One subject token per aggregate: the canonical UUID string, or a safe name."""
    token = str(originator_id)
    if not _TOKEN.match(token):
        raise ValueError(
            f"cannot use {token!r} as an aggregate id: use a UUID or letters, digits, '_' and '-'"
        )
    return token


@dataclass(frozen=True)
class StreamSettings:
    """A stream's configuration as JetStream reports it, in its JSON form (durations in ns):
    what the audit checks and an export carries, with no NATS type outside the event store."""

    raw: Mapping[str, Any]

    @classmethod
    def of(cls, config: StreamConfig) -> StreamSettings:
        return cls(config.as_dict())

    def get(self, name: str, default: Any = None) -> Any:
        return self.raw.get(name, default)

    @property
    def subjects(self) -> list[str]:
        return list(self.raw.get("subjects") or [])

    def as_dict(self) -> dict[str, Any]:
        return dict(self.raw)


@dataclass(frozen=True)
class StreamState:
    """A stream as JetStream describes it: its settings and how far it has come."""

    settings: StreamSettings
    messages: int
    last_seq: int

    @classmethod
    def of(cls, info: StreamInfo) -> StreamState:
        state = info.state
        return cls(StreamSettings.of(info.config), int(state.messages), int(state.last_seq))


def config_problems(config: StreamSettings, spec: StreamSpec) -> list[str]:
    """Every way a stream config falls short of an append-only event log."""
    problems: list[str] = []

    def unlimited(name: str, value: Any) -> None:
        if value not in (None, -1, 0):
            problems.append(f"{name} is {value}, must be unlimited")

    if not config.get("deny_delete", False):
        problems.append("deny_delete is off (messages could be deleted)")
    if not config.get("deny_purge", False):
        problems.append("deny_purge is off (the stream could be purged)")
    if config.get("allow_rollup_hdrs", False):
        problems.append("allow_rollup_hdrs is on (a rollup would erase history)")
    if not config.get("allow_atomic", False):
        problems.append("allow_atomic is off (multi-event saves could be half-written)")
    if not config.get("allow_direct", False):
        problems.append("allow_direct is off (reads need direct get)")
    if config.get("sealed", False):
        problems.append("the stream is sealed (no more events can be recorded)")
    discard = config.get("discard", None)
    if discard not in (DiscardPolicy.NEW, "new"):
        problems.append(f"discard is {discard}, must be 'new' (old events would be dropped)")
    retention = config.get("retention", None)
    if retention not in (RetentionPolicy.LIMITS, "limits", None):
        problems.append(f"retention is {retention}, must be 'limits'")
    for name in ("max_msgs", "max_bytes", "max_age", "max_msgs_per_subject"):
        unlimited(name, config.get(name))
    subjects = set(config.get("subjects", None) or [])
    if f"{spec.events}.>" not in subjects:
        problems.append(f"subjects {listed(sorted(subjects))} do not include {spec.events}.>")
    return problems


def config_from_dict(raw: dict[str, Any]) -> StreamSettings:
    """A stream configuration as JetStream reports it (``StreamConfig.as_dict``), read back."""
    return StreamSettings(dict(raw))
