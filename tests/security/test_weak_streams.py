"""Ops may create the streams, so it could create them weak before anyone uses them (raw
nats-py as ops): the writer then refuses to record on either stream, events or snapshots,
and the check names what is wrong."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent

from services.adapters.eventstore.errors import StreamMisconfigured
from services.adapters.eventstore.stream import StreamSpec
from services.entrypoints.cli.main import run
from tests.security.conftest import Secured, start_secured, stop
from tests.security.raw import as_role
from tests.support.store import factory


def config(spec: StreamSpec, **changes: Any) -> dict[str, Any]:
    raw = json.loads(json.dumps(spec.config().as_dict()))
    raw.update(changes)
    return dict(raw)


def create_as_ops(server: Secured, spec: StreamSpec, body: dict[str, Any]) -> dict[str, Any]:
    async def create() -> dict[str, Any]:
        ops = await as_role(server, "ops")
        answer = await ops.ask(f"$JS.API.STREAM.CREATE.{spec.name}", body, timeout=2)
        await ops.close()
        return answer

    answer = asyncio.run(create())
    assert "error" not in answer, answer  # nats-server takes it: only our check refuses it
    return answer


@pytest.fixture
def fresh(tmp_path):
    spec = StreamSpec(f"W{uuid.uuid4().hex[:8]}", f"w{uuid.uuid4().hex[:8]}")
    proc, server = start_secured(tmp_path, spec)
    try:
        yield server
    finally:
        stop(proc)


def test_given_ops_made_the_snapshots_capture_the_inboxes_when_the_writer_snapshots_then_refused(
    fresh,
) -> None:
    spec = fresh.spec
    snapshots = spec.snapshots()
    create_as_ops(fresh, spec, config(spec))
    weak = config(snapshots, subjects=[f"{snapshots.events}.>", "_INBOX_writer.>"])
    create_as_ops(fresh, snapshots, weak)

    with factory(fresh.env("writer")) as f, pytest.raises(StreamMisconfigured) as refused:
        f.aggregate_recorder("snapshots").insert_events(
            [StoredEvent(uuid.uuid4(), 1, "t", b"snapshot")]
        )

    assert refused.value.stream == snapshots.name
    assert refused.value.problems == [
        "subject _INBOX_writer.> is not one of the stream's own (its messages would be captured)"
    ]


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"allow_msg_ttl": True}, "allow_msg_ttl is on (an event could be published to expire)"),
        (
            {"subject_delete_marker_ttl": 60_000_000_000, "allow_msg_ttl": True},
            "subject_delete_marker_ttl is 60000000000",
        ),
        ({"allow_msg_schedules": True, "discard": "old"}, "allow_msg_schedules is on"),
        ({"max_msgs": 10}, "max_msgs is 10, must be unlimited"),
        (
            {"republish": {"src": ">", "dest": "copied.>"}},
            "republish is dest copied.>, src >",
        ),
        ({"persist_mode": "async", "allow_atomic": False}, "persist_mode is async"),
    ],
)
def test_given_ops_made_the_stream_weak_when_the_writer_and_the_auditor_come_then_both_name_it(
    fresh, monkeypatch, tmp_path, capsys, changes, named
) -> None:
    create_as_ops(fresh, fresh.spec, config(fresh.spec, **changes))
    for key, value in {**fresh.env("writer"), "ASSEMBLY_HOME": str(tmp_path)}.items():
        monkeypatch.setenv(key, value)

    recorded = run(["convene", "--name", "A", "--cohort", "2026", "--term-start", "2026-01-15",
                    "--term-end", "2027-01-14", "--as", "clerk:greffe"])  # fmt: skip
    refusal = capsys.readouterr().err
    monkeypatch.setenv("NATS_USER", "auditor")
    monkeypatch.setenv("NATS_PASSWORD_FILE", str(fresh.auth / "auditor.password"))
    audited = run(["--json", "server", "status"])
    report = json.loads(capsys.readouterr().out)

    assert recorded == 2 and "not configured as an append-only event log" in refusal
    assert named in refusal
    assert audited == 2 and any(p.startswith(named) for p in report["problems"])
    assert report["messages"] == 0
