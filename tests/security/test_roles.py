"""Each role can do its job on a real nats-server run with the generated configuration,
and every act that would rewrite the record is refused, whoever asks."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import uuid

import msgspec
import nats.errors
import pytest
from eventsourcing.persistence import StoredEvent

from services.adapters.eventstore.connection import JetStreamConnection
from services.adapters.eventstore.errors import AccessDenied
from services.adapters.eventstore.stream import StreamSpec
from services.adapters.eventstore.transport import Transport
from services.adapters.security.roles import ROLES
from services.config import NatsAuth
from services.entrypoints.cli.main import run
from tests.security.conftest import Secured, start_secured, stop
from tests.support.pinned import checkpointed_by_cli
from tests.support.store import factory


def connect_as(server: Secured, role: str, password: str | None = None) -> Transport:
    auth = NatsAuth(role, password if password is not None else server.password(role))
    return Transport([server.url], name=f"test-{role}", timeout=2, auth=auth)


def stream_state(server: Secured) -> tuple[int, bool, bool]:
    """Messages, deny_delete, deny_purge: read by ops."""
    auth = NatsAuth("ops", server.password("ops"))
    conn = JetStreamConnection(server.url, server.spec, auth=auth)
    try:
        info = conn.run(conn.js.js.stream_info(server.spec.name))
    finally:
        conn.close()
    return info.state.messages, bool(info.config.deny_delete), bool(info.config.deny_purge)


@pytest.fixture
def recorded(stream_ready, as_role, capsys) -> Secured:
    """The writer has recorded an assembly (the command path, through the CLI)."""
    as_role("writer")
    code = run(["--json", *convene()])
    assert code == 0, capsys.readouterr()
    capsys.readouterr()
    return stream_ready


def convene() -> list[str]:
    """A convening of a cohort of its own: the tests share one stream, and a cohort is
    convened once."""
    return [
        "convene",
        "--name",
        "Assemblée citoyenne de Paris",
        "--cohort",
        str(next(_COHORTS)),
        "--term-start",
        "2026-01-15",
        "--term-end",
        "2027-01-14",
        "--as",
        "clerk:greffe",
    ]


_COHORTS = itertools.count(3000, 7)  # terms do not matter: every cohort its own series name


def weakened_config(server: Secured) -> bytes:
    """A stream update that would lift the append-only flags and cap the stream."""
    config = msgspec.json.decode(msgspec.json.encode(server.spec.config().as_dict()))
    config.update(deny_delete=False, deny_purge=False, max_msgs=1)
    return json.dumps(config).encode()


FORBIDDEN_ACTS = {
    "delete the stream": ("$JS.API.STREAM.DELETE.{}", lambda s: b""),
    "purge the stream": ("$JS.API.STREAM.PURGE.{}", lambda s: b"{}"),
    "update the stream": ("$JS.API.STREAM.UPDATE.{}", weakened_config),
    "delete a message": ("$JS.API.STREAM.MSG.DELETE.{}", lambda s: b'{"seq": 1}'),
}


@pytest.mark.parametrize("act", FORBIDDEN_ACTS)
@pytest.mark.parametrize("role", ROLES)
def test_given_any_role_when_it_tries_to_rewrite_the_record_then_refused_and_nothing_changes(
    recorded, role, act
) -> None:
    template, body = FORBIDDEN_ACTS[act]
    subject = template.format(recorded.spec.name)
    before = stream_state(recorded)
    conn = connect_as(recorded, role)

    try:
        with pytest.raises(PermissionError) as refused:
            conn.request_many(subject, body(recorded), until=None)
    finally:
        conn.close()

    assert f'Permissions Violation for Publish to "{subject}"' in str(refused.value)
    assert f"NATS user {role!r}" in str(refused.value)
    assert stream_state(recorded) == before
    assert before[0] >= 1 and before[1:] == (True, True)


@pytest.mark.parametrize("role", ["reader", "auditor", "ops"])
def test_given_a_role_other_than_writer_when_it_publishes_an_event_then_refused(
    recorded, role
) -> None:
    subject = recorded.spec.event_subject(uuid.uuid4())
    before = stream_state(recorded)
    conn = connect_as(recorded, role)

    try:
        with pytest.raises(PermissionError, match="Permissions Violation for Publish"):
            conn.request_many(subject, b"forged", {"Nats-Expected-Last-Subject-Sequence": "0"})
    finally:
        conn.close()

    assert stream_state(recorded) == before


def test_given_ops_with_nats_py_when_it_deletes_the_stream_then_refused_by_name(recorded) -> None:
    conn = JetStreamConnection(
        recorded.url, recorded.spec, timeout=1, auth=NatsAuth("ops", recorded.password("ops"))
    )
    try:
        with pytest.raises(nats.errors.TimeoutError):  # nats-py only times out...
            conn.run(conn.js.js.delete_stream(recorded.spec.name))

        with pytest.raises(AccessDenied, match="NATS user 'ops' may not publish to"):
            conn.refusals.check(f"$JS.API.STREAM.DELETE.{recorded.spec.name}")  # ...we say why
    finally:
        conn.close()
    assert stream_state(recorded)[0] >= 1


def test_given_a_reader_when_it_convenes_then_access_denied_cleanly_and_nothing_recorded(
    recorded, as_role, capsys
) -> None:
    before = stream_state(recorded)
    as_role("reader")

    code = run(convene())

    err = capsys.readouterr().err
    assert code == 2
    assert "assembly: NATS refused NATS user 'reader'" in err
    assert "its role does not allow this act" in err
    assert "Traceback" not in err
    assert stream_state(recorded) == before


def test_given_a_reader_with_json_when_refused_then_the_error_kind_says_access_denied(
    recorded, as_role, capsys
) -> None:
    as_role("reader")

    code = run(["--json", *convene()])

    assert code == 2
    assert json.loads(capsys.readouterr().out)["error"]["kind"] == "access denied"


def test_given_a_wrong_password_when_a_command_runs_then_the_credentials_are_refused(
    recorded, as_role, monkeypatch, capsys
) -> None:
    as_role("writer")
    monkeypatch.delenv("NATS_PASSWORD_FILE")
    monkeypatch.setenv("NATS_PASSWORD", "not-the-password")

    code = run(convene())

    err = capsys.readouterr().err
    assert code == 2
    assert "refused the credentials of NATS user 'writer'" in err
    assert "not-the-password" not in err and "Traceback" not in err


def test_given_the_writer_and_a_reader_when_each_does_its_job_then_both_work(
    recorded, as_role, capsys
) -> None:
    as_role("writer")
    assert run(["--json", *convene()]) == 0
    position = json.loads(capsys.readouterr().out)["position"]
    as_role("reader")

    assert run(["--json", "log", "show"]) == 0

    shown = capsys.readouterr().out
    assert str(position) in shown
    with factory(recorded.env("reader")) as f:
        recorder = f.application_recorder()
        with recorder.subscribe(gt=position - 1) as subscription:  # an ordered push consumer
            assert next(iter(subscription)).id == position


def test_given_the_auditor_when_it_reads_and_checks_the_stream_then_it_can(
    recorded, as_role, capsys
) -> None:
    as_role("auditor")

    code = run(["--json", "server", "status"])

    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["problems"] == [] and report["messages"] >= 1
    with factory(recorded.env("auditor")) as f:
        notes = f.application_recorder().select_notifications(1, 10)
    assert notes and notes[0].id == 1


def test_given_the_auditor_when_it_writes_through_the_store_then_access_denied(recorded) -> None:
    with factory(recorded.env("auditor")) as f:
        recorder = f.application_recorder()

        with pytest.raises(AccessDenied, match="NATS user 'auditor'"):
            recorder.insert_events([StoredEvent(uuid.uuid4(), 1, "t", b"forged")])


def test_given_no_stream_yet_when_the_writer_starts_then_told_only_ops_creates_it(
    tmp_path,
) -> None:
    proc, server = start_secured(tmp_path, StreamSpec("NEW", "new"))
    try:
        env = {**server.env("writer"), "NATS_TIMEOUT": "1"}
        refused = pytest.raises(AccessDenied, match="only the ops role may create it")
        with refused, factory(env) as f:
            f.application_recorder()
    finally:
        stop(proc)


def test_given_a_reader_when_it_listens_to_the_events_then_it_hears_the_writer(
    recorded, as_role, capsys
) -> None:
    """The projection worker is woken by a core subscription to the events' subjects."""
    conn = JetStreamConnection(
        recorded.url, recorded.spec, timeout=2, auth=NatsAuth("reader", recorded.password("reader"))
    )
    heard: list[str] = []
    try:

        async def listen() -> object:
            async def wake(msg) -> None:
                heard.append(msg.subject)

            sub = await conn.nc.subscribe(recorded.spec.all_events, cb=wake)
            await conn.nc.flush()
            return sub

        conn.run(listen())
        as_role("writer")
        assert run(convene()) == 0
        conn.run(conn.nc.flush())
        deadline = time.monotonic() + 5
        while not heard and time.monotonic() < deadline:
            conn.run(asyncio.sleep(0.01))  # this thread's loop hears it
        refused = list(conn.refusals.seen)
    finally:
        conn.close()

    assert refused == []
    assert heard and heard[0].startswith(f"{recorded.spec.events}.")


def test_given_ops_created_a_weak_stream_when_the_writer_and_auditor_come_then_both_flag_it(
    tmp_path, monkeypatch, capsys
) -> None:
    """Ops may create the stream, so it could create a weak one (limits that drop events):
    the writer then refuses to record on it, and the auditor's check names each fault."""
    spec = StreamSpec("WEAK", "weak")
    proc, server = start_secured(tmp_path, spec)
    try:
        ops = JetStreamConnection(server.url, spec, auth=NatsAuth("ops", server.password("ops")))
        weak = spec.config()
        weak.deny_delete, weak.max_msgs = False, 10
        try:
            ops.run(ops.js.js.add_stream(weak))
        finally:
            ops.close()
        for key, value in {**server.env("writer"), "ASSEMBLY_HOME": str(tmp_path)}.items():
            monkeypatch.setenv(key, value)

        refused = run(convene())
        refusal = capsys.readouterr().err
        monkeypatch.setenv("NATS_USER", "auditor")
        monkeypatch.setenv("NATS_PASSWORD_FILE", str(server.auth / "auditor.password"))
        audited = run(["--json", "server", "status"])
        report = json.loads(capsys.readouterr().out)
    finally:
        stop(proc)

    assert refused == 2 and "not configured as an append-only event log" in refusal
    assert audited == 2
    assert "deny_delete is off (messages could be deleted)" in report["problems"]
    assert "max_msgs is 10, must be unlimited" in report["problems"]
    assert report["messages"] == 0


def test_given_the_auditor_when_it_verifies_the_whole_log_then_its_role_suffices(
    recorded, as_role, capsys, monkeypatch
) -> None:
    as_role("writer")
    checkpointed_by_cli(capsys, monkeypatch)
    as_role("auditor")

    code = run(["audit", "verify"])

    out = capsys.readouterr()
    assert code == 0, out
    assert "everything holds" in out.out + out.err
