"""The stream-configuration check (live, and in an export) accepts only the settings it
knows to be safe, and names every other one."""

from __future__ import annotations

import json
from typing import Any

import pytest

from services.adapters.eventstore.stream import StreamSettings, StreamSpec, config_problems

SPEC = StreamSpec()

# A stream as an export of the landed main carried it (StreamConfig.as_dict of nats-py), and
# as nats-server 2.12-2.15 reports it: every key known, every value safe.
OLD_EXPORT = {
    "allow_atomic": True, "allow_direct": True, "allow_msg_ttl": False,
    "allow_rollup_hdrs": False, "compression": "none", "consumer_limits": {},
    "deny_delete": True, "deny_purge": True,
    "description": "Assembly Record: immutable log of a citizens' assembly", "discard": "new",
    "discard_new_per_subject": False, "duplicate_window": 120000000000, "max_age": 0,
    "max_bytes": -1, "max_consumers": -1, "max_msg_size": -1, "max_msgs": -1,
    "max_msgs_per_subject": -1,
    "metadata": {"_nats.level": "2", "_nats.req.level": "2", "_nats.ver": "2.12.1"},
    "mirror_direct": False, "name": "ASSEMBLY", "no_ack": False, "num_replicas": 3,
    "retention": "limits", "sealed": False, "storage": "file",
    "subjects": ["assembly.events.>", "assembly.tracking.>", "assembly.checkpoints"],
}  # fmt: skip


def problems(**changes: Any) -> list[str]:
    return config_problems(StreamSettings({**OLD_EXPORT, **changes}), SPEC)


def test_given_an_old_export_or_the_shipped_config_when_checked_then_nothing_is_named() -> None:
    shipped = json.loads(json.dumps(SPEC.config().as_dict()))

    assert problems() == []
    assert config_problems(StreamSettings(shipped), SPEC) == []
    assert config_problems(StreamSettings.of(SPEC.snapshots().config()), SPEC.snapshots()) == []


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"allow_msg_ttl": True}, "allow_msg_ttl is on"),
        ({"subject_delete_marker_ttl": 1_000_000_000}, "subject_delete_marker_ttl is 1000000000"),
        ({"allow_msg_schedules": True}, "allow_msg_schedules is on"),
        ({"allow_msg_counter": True}, "allow_msg_counter is on"),
        ({"mirror": {"name": "OTHER"}}, "mirror is name OTHER"),
        ({"sources": [{"name": "OTHER"}]}, "sources is name OTHER"),
        ({"republish": {"src": ">", "dest": "x.>"}}, "republish is dest x.>, src >"),
        ({"subject_transform": {"src": ">", "dest": "x.>"}}, "subject_transform is dest x.>"),
        ({"storage": "memory"}, "storage is memory, must be 'file'"),
        ({"no_ack": True}, "no_ack is on"),
        ({"persist_mode": "async"}, "persist_mode is async"),
        ({"max_age": 3600}, "max_age is 3600, must be unlimited"),
        ({"deny_delete": False}, "deny_delete is off (messages could be deleted)"),
        ({"allow_rollup_hdrs": True}, "allow_rollup_hdrs is on"),
        ({"a_future_setting": True}, "a_future_setting is on, a setting this check does not"),
        ({"subjects": [*OLD_EXPORT["subjects"], "_INBOX.>"]}, "subject _INBOX.> is not one"),
    ],
)
def test_given_one_unsafe_setting_when_checked_then_it_alone_is_named(changes, named) -> None:
    found = problems(**changes)

    assert len(found) == 1, found
    assert found[0].startswith(named)


def test_given_a_setting_left_out_when_checked_then_a_required_one_is_named() -> None:
    raw = {k: v for k, v in OLD_EXPORT.items() if k not in ("deny_purge", "allow_atomic")}

    found = config_problems(StreamSettings(raw), SPEC)

    assert found == [
        "deny_purge is off (the stream could be purged)",
        "allow_atomic is off (multi-event saves could be half-written)",
    ]
