"""The append-only stream: its configuration, and the check the auditor also runs."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any
from uuid import UUID

from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig

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


def _value(value: Any) -> str:
    """A setting's value, fit for a sentence: ``src >, dest copied.>`` for a mapping."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {_value(v)}" for k, v in sorted(value.items())) or "set"
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value) or "set"
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def _any(_value: Any) -> bool:
    return True


def _off(value: Any) -> bool:
    return value in (None, False)


def _on(value: Any) -> bool:
    return value is True


def _unlimited(value: Any) -> bool:
    return value in (None, -1, 0)


def _unset(value: Any) -> bool:
    return value in (None, 0, "", [], {})


def _one_of(*allowed: str | None) -> Callable[[Any], bool]:
    return lambda value: value in allowed


# Every setting of a stream this check knows to be safe for an append-only event log, with
# what makes its value safe and, if not, what the problem is. Anything else a stream
# reports (a setting a newer server adds, or one of these with another value) is named:
# the check accepts what it knows, never what it has merely not heard of.
SAFE: dict[str, tuple[Callable[[Any], bool], str]] = {
    "name": (_any, ""),
    "description": (_any, ""),
    "num_replicas": (_any, ""),
    "max_consumers": (_any, ""),
    "max_msg_size": (_any, ""),  # a larger event is refused, never one dropped
    "duplicate_window": (_any, ""),
    "placement": (_any, ""),
    "metadata": (_any, ""),
    "consumer_limits": (_any, ""),
    "compression": (_any, ""),
    "first_seq": (_any, ""),
    "discard_new_per_subject": (_any, ""),
    "deny_delete": (_on, "deny_delete is off (messages could be deleted)"),
    "deny_purge": (_on, "deny_purge is off (the stream could be purged)"),
    "allow_atomic": (_on, "allow_atomic is off (multi-event saves could be half-written)"),
    "allow_direct": (_on, "allow_direct is off (reads need direct get)"),
    "allow_rollup_hdrs": (_off, "allow_rollup_hdrs is on (a rollup would erase history)"),
    "sealed": (_off, "the stream is sealed (no more events can be recorded)"),
    "no_ack": (_off, "no_ack is on (a save would not be acknowledged)"),
    "mirror_direct": (_off, "mirror_direct is on (reads could come from a mirror)"),
    "allow_msg_ttl": (_off, "allow_msg_ttl is on (an event could be published to expire)"),
    "subject_delete_marker_ttl": (
        _unset,
        "subject_delete_marker_ttl is {value} (markers of removed messages would be written)",
    ),
    "allow_msg_schedules": (
        _off,
        "allow_msg_schedules is on (scheduled messages would be published into the log)",
    ),
    "allow_msg_counter": (_off, "allow_msg_counter is on (a counter stream, not a log)"),
    "allow_batched": (_off, "allow_batched is on (batches that are not atomic)"),
    "persist_mode": (
        _one_of(None, "default"),
        "persist_mode is {value} (events acknowledged before they are stored)",
    ),
    "retention": (_one_of(None, "limits"), "retention is {value}, must be 'limits'"),
    "storage": (_one_of("file"), "storage is {value}, must be 'file' (memory is lost)"),
    "discard": (_one_of("new"), "discard is {value}, must be 'new' (old events would be dropped)"),
    "mirror": (_unset, "mirror is {value} (the stream would copy another)"),
    "sources": (_unset, "sources is {value} (other streams' messages would be written)"),
    "republish": (_unset, "republish is {value} (every event copied to other subjects)"),
    "subject_transform": (_unset, "subject_transform is {value} (subjects would be rewritten)"),
    "template_owner": (_unset, "template_owner is {value} (a template could remove it)"),
    **{
        name: (_unlimited, f"{name} is {{value}}, must be unlimited")
        for name in ("max_msgs", "max_bytes", "max_age", "max_msgs_per_subject")
    },
}


def config_problems(config: StreamSettings, spec: StreamSpec) -> list[str]:
    """Every way a stream config falls short of an append-only event log: each setting
    not known to be safe (``SAFE``), and subjects other than the stream's own."""
    problems: list[str] = []
    raw = config.as_dict()
    for name, (safe, problem) in SAFE.items():
        value = raw.get(name)
        if not safe(value):
            problems.append(problem.format(value=_value(value)))
    for name in sorted(set(raw) - set(SAFE) - {"subjects"}):
        problems.append(
            f"{name} is {_value(raw[name])}, a setting this check does not know to be safe"
        )
    subjects = set(config.get("subjects", None) or [])
    if f"{spec.events}.>" not in subjects:
        problems.append(f"subjects {listed(sorted(subjects))} do not include {spec.events}.>")
    own = {f"{spec.events}.>", f"{spec.tracking}.>", spec.checkpoints}
    for subject in sorted(subjects - own):
        problems.append(
            f"subject {subject} is not one of the stream's own (its messages would be captured)"
        )
    return problems


def config_from_dict(raw: dict[str, Any]) -> StreamSettings:
    """A stream configuration as JetStream reports it (``StreamConfig.as_dict``), read back."""
    return StreamSettings(dict(raw))
