"""`assembly audit verify|trail` on a live stream: an honest year with its draw passes and
traces back to the draw; facts forged by someone who can write to the stream but bypasses the
rules (right chain, right headers) are caught by the domain replay, with their rule."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from eventsourcing.application import Application

from commands.application import AssemblyRecord
from commands.messages import OpenBallot, OpenSession, ScheduleSession
from core.assembly.ballots.facts import VoteCast
from core.assembly.ballots.model import Choice, Motion, MotionKind
from core.assembly.followup.facts import ImplementationReported
from core.assembly.followup.model import Stage
from core.assembly.membership.facts import MemberWithdrew
from core.assembly.membership.members import Status
from core.assembly.sittings.model import SessionKind
from examples.paris_year import DEMO, paris_year
from services.entrypoints.cli.main import run
from tests.support.pinned import checkpointed
from tests.support.store import MAPPER

JUNE = datetime(2025, 6, 1, 18, 0, tzinfo=UTC)  # within the year's term


@pytest.fixture
def year(stream_env, monkeypatch, tmp_path):
    for key, value in stream_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "home"))
    app = AssemblyRecord(
        env={
            "PERSISTENCE_MODULE": "services.adapters.eventstore",
            "MAPPER_TOPIC": MAPPER,
            **stream_env,
        }
    )
    story = paris_year(app, DEMO, pool_size=600, algorithm="maximin")
    checkpointed(stream_env, tmp_path / "home", monkeypatch)
    yield app, story
    app.close()


def verdict(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_given_an_honest_year_when_audited_then_everything_holds(year, capsys):
    code = run(["--json", "audit", "verify"])

    result = verdict(capsys)
    assert code == 0 and result["ok"] is True
    assert result["facts"] == result["records"] - 1 > 1000  # and one checkpoint
    assert result["checkpoints"] == 1 and result["uncovered"] is None


def test_given_an_adopted_recommendation_when_traced_then_the_chain_reaches_the_draw(year, capsys):
    app, story = year
    state = app.assembly(story.assembly_id)
    rec = next(r for r in state.recommendations.values() if r.status.value == "submitted")

    code = run(["--json", "audit", "trail", str(rec.id)])

    t = verdict(capsys)["trail"]
    assert code == 0
    assert t["outcome"]["adopted"] is True
    assert t["draw"] == str(state.draw) and len(t["seed"]) == 64
    assert all(v["seated_at"] > v["accepted_at"] > t["panel_arrived"]["seq"] for v in t["voters"])
    assert t["adopted"]["seq"] > t["session_opened"]["seq"] > t["panel_arrived"]["seq"]


def test_given_a_vote_forged_for_a_reserve_when_audited_then_the_voting_rule_names_it(year, capsys):
    app, story = year
    when = {"assembly_id": story.assembly_id, "at": JUNE, "by": "clerk:greffe"}
    session = ScheduleSession(
        kind=SessionKind.PLENARY, title="Extra plenary", starts_at=JUNE, agenda=("Mandate",), **when
    )
    app.execute(session)
    app.execute(OpenSession(session_id=session.session_id, **when))
    motion = Motion(kind=MotionKind.MANDATE, subject=None, text="Hear the mayor")
    ballot = OpenBallot(session_id=session.session_id, motion=motion, **when)
    app.execute(ballot)
    state = app.assembly(story.assembly_id)
    reserve = next(m.pseudonym for m in state.members.values() if m.status is Status.RESERVE)
    forged = VoteCast(
        originator_id=state.id,
        originator_version=state.version + 1,
        at=JUNE,
        by=f"member:{reserve}",
        ballot=ballot.ballot_id,
        member=reserve,
        choice=Choice.IN_FAVOUR,
    )
    position = app.save(forged)[-1].notification.id

    code = run(["--json", "audit", "verify"])

    found = verdict(capsys)["violations"]
    assert code == 1
    assert [(v["seq"], v["rule"]) for v in found] == [(position, "only seated members")]
    assert reserve in found[0]["found"] and "seated" in found[0]["found"]


def test_given_personal_data_in_a_reason_when_audited_then_it_is_flagged(year, capsys):
    app, story = year
    state = app.assembly(story.assembly_id)
    seated = state.seated()[0].pseudonym
    leak = MemberWithdrew(
        originator_id=state.id,
        originator_version=state.version + 1,
        at=JUNE,
        by=f"member:{seated}",
        member=seated,
        reason="moving; write to me at jeanne.martin@example.org or 06 12 34 56 78",
    )
    Application.save(app, leak)  # written past the application's text check, as a forger would

    code = run(["--json", "audit", "verify"])

    rules = {v["rule"] for v in verdict(capsys)["violations"]}
    assert code == 1
    assert rules == {"personal-data"}


def test_given_a_withdrawal_forged_before_the_seat_when_audited_then_time_order_names_it(
    year, capsys
):
    app, story = year
    state = app.assembly(story.assembly_id)
    member = state.seated()[0]
    assert member.seated_at is not None
    forged = MemberWithdrew(
        originator_id=state.id,
        originator_version=state.version + 1,
        at=member.seated_at - timedelta(hours=1),
        by=f"member:{member.pseudonym}",
        member=member.pseudonym,
        reason="moving away",
    )
    position = app.save(forged)[-1].notification.id

    code = run(["--json", "audit", "verify"])

    found = verdict(capsys)["violations"]
    assert code == 1
    assert [(v["seq"], v["rule"]) for v in found] == [(position, "time-order")]
    assert f"{member.pseudonym} cannot withdraw at" in found[0]["found"]
    assert "a member leaves after joining" in found[0]["found"]


def test_given_a_fact_dated_a_day_after_it_was_stored_when_audited_then_future_dated(year, capsys):
    app, story = year
    state = app.assembly(story.assembly_id)
    rid = next(iter(state.answers))
    forged = ImplementationReported(
        originator_id=state.id,
        originator_version=state.version + 1,
        at=datetime.now(UTC) + timedelta(days=1),
        by="executive:cabinet",
        recommendation=rid,
        stage=Stage.COMPLETED,
        summary="all done",
    )
    position = app.save(forged)[-1].notification.id

    code = run(["--json", "audit", "verify"])

    found = verdict(capsys)["violations"]
    assert code == 1
    assert [(v["seq"], v["rule"]) for v in found] == [(position, "future-dated")]
