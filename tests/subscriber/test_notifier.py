"""The notifier: a notification per concerned member and scheduled session, each exactly once,
by pseudonym; it resumes where it stopped and a redelivered event changes nothing."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys

import pytest

from core.assembly.sittings.facts import SessionScheduled
from services.adapters.eventstore.stream import StreamSpec
from services.application.notifier import service
from services.application.notifier.notifier import TYPES, Notifier
from services.application.subscriber import Received, Subscriber
from services.entrypoints.cli.main import run
from tests.cli.paris import PLENARY, SEATED
from tests.cli.record import acted, last_json
from tests.subscriber.test_subscribe_command import ROOT

GROUP_SESSION = [
    "schedule",
    "--kind",
    "working-group",
    "--group",
    "environment",
    "--title",
    "Heat islands",
    "--starts-at",
    "2026-02-14T10:00:00+01:00",
    "--agenda",
    "Shade in schoolyards",
]
SECOND_PLENARY = [
    "schedule",
    "--kind",
    "plenary",
    "--title",
    "Second plenary",
    "--starts-at",
    "2026-02-21T10:00:00+01:00",
    "--agenda",
    "Hearing",
]


def _spec(env: dict[str, str]) -> StreamSpec:
    return StreamSpec(name=env["ASSEMBLY_STREAM"], prefix=env["ASSEMBLY_SUBJECT_PREFIX"])


def _run(env, outbox, **options) -> int:
    return asyncio.run(
        service.run(env["NATS_URL"], _spec(env), outbox, until_caught_up=True, **options)
    )


def _outbox(outbox) -> list[tuple[str, str]]:
    found = Notifier(outbox)
    try:
        return [(n.member, n.title) for n in found.notifications()]
    finally:
        found.close()


def test_given_a_plenary_and_a_group_session_when_notifying_then_the_members_concerned(
    seated, cli_env, tmp_path, capsys
) -> None:
    acted(capsys, "member join-group ele-001 environment")
    acted(capsys, "member join-group ele-002 environment")
    acted(capsys, "session", *PLENARY)
    acted(capsys, "session", *GROUP_SESSION)

    code = run(["notifier", "run", "--outbox", str(tmp_path / "n.sqlite"), "--until-caught-up"])

    assert code == 0
    assert run(["--json", "notifier", "outbox", "--outbox", str(tmp_path / "n.sqlite")]) == 0
    rows = last_json(capsys)["notifications"]
    assert [(r["member"], r["title"]) for r in rows] == [
        *((m, "Opening plenary") for m in SEATED),
        ("ele-001", "Heat islands"),
        ("ele-002", "Heat islands"),
    ]
    assert all(r["sent_at"] is None for r in rows)
    assert "Paris" not in json.dumps(rows)  # pseudonyms and sessions; no names from the log


def test_given_a_notifier_that_ran_when_restarted_then_it_reads_only_what_is_new(
    seated, cli_env, tmp_path, capsys
) -> None:
    outbox = tmp_path / "n.sqlite"
    acted(capsys, "session", *PLENARY)
    first = _run(cli_env, outbox)
    acted(capsys, "session", *SECOND_PLENARY)

    second = _run(cli_env, outbox)

    assert (first, second) == (5, 1)  # four seats and a session; then the new session only
    assert [t for _, t in _outbox(outbox)] == ["Opening plenary"] * 4 + ["Second plenary"] * 4


def test_given_an_event_handled_but_not_acknowledged_when_delivered_again_then_nothing_changes(
    seated, cli_env, tmp_path, capsys
) -> None:
    outbox = tmp_path / "n.sqlite"
    acted(capsys, "session", *PLENARY)
    acted(capsys, "session", *GROUP_SESSION)
    notifier = Notifier(outbox)
    did: list[tuple[int, int, bool]] = []

    def crash_after_the_first_session(r: Received) -> None:
        did.append((r.position, r.deliveries, notifier.handle(r)))
        if isinstance(r.event, SessionScheduled) and r.deliveries == 1:
            raise ConnectionError("killed before the acknowledgement")

    async def read() -> int:
        subscriber = await Subscriber.connect(cli_env["NATS_URL"], _spec(cli_env), name="n")
        try:
            return await subscriber.run(
                crash_after_the_first_session, durable="notifier", types=TYPES, until_caught_up=True
            )
        finally:
            await subscriber.close()

    with pytest.raises(ConnectionError):
        asyncio.run(read())
    written = _outbox(outbox)
    asyncio.run(read())

    session = did[4][0]
    # the next session was fetched with it, nak'ed unhandled: delivered twice, handled once
    assert did[4:7] == [(session, 1, True), (session, 2, False), (session + 1, 2, True)]
    assert _outbox(outbox)[: len(written)] == written
    assert [t for _, t in _outbox(outbox)] == ["Opening plenary"] * 4
    notifier.close()


def test_given_the_notifier_running_as_compose_runs_it_when_sigterm_then_it_stops_cleanly(
    seated, cli_env, tmp_path
) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "services.entrypoints.cli.main", "--json", "notifier", "run"],
        cwd=ROOT,
        env={**os.environ, "NOTIFIER_OUTBOX": str(tmp_path / "outbox.sqlite")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        started = proc.stderr.readline()

        proc.send_signal(signal.SIGTERM)

        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert started.startswith("notifier: reading from log position 1 into "), started + err
    assert proc.returncode == 0, err
    assert json.loads(out)["ok"] is True
    assert "Traceback" not in err


def test_given_notified_sessions_when_one_is_postponed_and_one_cancelled_then_members_are_told(
    seated, cli_env, tmp_path, capsys
) -> None:
    acted(capsys, "member join-group ele-001 environment")
    plenary = str(acted(capsys, "session", *PLENARY)["session_id"])
    group = str(acted(capsys, "session", *GROUP_SESSION)["session_id"])
    new_start = "2026-02-10T10:00:00+01:00"
    acted(capsys, f"session postpone {plenary} --to {new_start} --reason 'a strike'")
    acted(capsys, f"session cancel {group} --reason 'the venue is closed'")

    code = run(["notifier", "run", "--outbox", str(tmp_path / "n.sqlite"), "--until-caught-up"])

    assert code == 0
    found = Notifier(tmp_path / "n.sqlite")
    try:
        told = [(n.member, n.title, n.what, n.starts_at) for n in found.notifications()]
    finally:
        found.close()
    postponed = [t for t in told if t[2] == "postponed"]
    assert [m for m, *_ in postponed] == list(SEATED)
    assert {t[3] for t in postponed} == {"2026-02-10T09:00:00+00:00"}
    assert [t[:3] for t in told if t[2] == "cancelled"] == [
        ("ele-001", "Heat islands", "cancelled")
    ]
