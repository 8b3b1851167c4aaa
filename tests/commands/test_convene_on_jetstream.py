"""A cohort is convened once, even by two clerks at the same instant: the assembly's id is its
series and cohort, and the log's concurrency check lets one convening of it through."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest

from commands.application import AssemblyRecord
from commands.messages import ConveneAssembly, ConveneNextCohort
from core.assembly.convening.rules import DuplicateCohort, OverlappingTerm
from tests.core.paris import AT, CLERK, charter
from tests.support.store import MAPPER


def _clerks(stream_env, n: int) -> list[AssemblyRecord]:
    env = {
        "PERSISTENCE_MODULE": "services.adapters.eventstore",
        "MAPPER_TOPIC": MAPPER,
        **stream_env,
    }
    return [AssemblyRecord(env=env) for _ in range(n)]


def test_given_two_clerks_convening_cohort_2027_at_once_then_exactly_one_is_recorded(
    stream_env,
) -> None:
    clerks = _clerks(stream_env, 2)
    both_decided = threading.Barrier(2)
    told: list[int | Exception] = []
    cmds = [
        ConveneAssembly(charter=charter(cohort=2027), at=AT + timedelta(seconds=i), by=by)
        for i, by in enumerate(("clerk:greffe", "clerk:autre-greffe"))
    ]

    def convene(app: AssemblyRecord, cmd: ConveneAssembly) -> None:
        save = app.save

        def after_both_decided(*objs, **kwargs):  # both have decided on an empty series
            both_decided.wait(timeout=10)
            return save(*objs, **kwargs)

        app.save = after_both_decided  # type: ignore[method-assign]
        try:
            told.append(app.execute(cmd))
        except DuplicateCohort as e:
            told.append(e)

    try:
        threads = [
            threading.Thread(target=convene, args=pair) for pair in zip(clerks, cmds, strict=True)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)

        positions = [t for t in told if isinstance(t, int)]
        refused = [t for t in told if isinstance(t, DuplicateCohort)]
        assert (len(positions), len(refused)) == (1, 1), told
        assert "cohort 2027 is already convened" in str(refused[0])
        assert clerks[0].recorder.max_notification_id() == positions[0] == 1
    finally:
        for app in clerks:
            app.close()


def test_given_cohort_2027_recorded_when_convened_again_then_refused_and_nothing_appended(
    app,
) -> None:
    app.execute(ConveneAssembly(charter=charter(cohort=2027), at=AT, by=CLERK))

    again = ConveneAssembly(charter=charter(cohort=2027), at=AT + timedelta(days=1), by=CLERK)
    with pytest.raises(DuplicateCohort, match="cohort 2027 is already convened"):
        app.execute(again)

    assert app.recorder.max_notification_id() == 1


def test_given_a_recorded_convening_when_the_same_command_runs_again_then_recorded_once(
    stream_env,
) -> None:
    before, after_restart = _clerks(stream_env, 2)  # the clerk's process, then a new one
    cmd = ConveneAssembly(charter=charter(cohort=2027), at=AT, by=CLERK)
    try:
        first = before.execute(cmd)

        assert after_restart.execute(cmd) == first
        assert after_restart.recorder.max_notification_id() == 1
    finally:
        before.close()
        after_restart.close()


def test_given_cohort_2026_when_2027_is_convened_on_an_overlapping_term_then_refused(
    app,
) -> None:
    app.execute(ConveneAssembly(charter=charter(), at=AT, by=CLERK))
    overlapping = charter(cohort=2027, term_start=date(2026, 12, 1), term_end=date(2027, 11, 30))

    with pytest.raises(OverlappingTerm, match="overlaps cohort 2026's"):
        app.execute(ConveneAssembly(charter=overlapping, at=AT, by=CLERK))
    with pytest.raises(OverlappingTerm, match="overlaps cohort 2026's"):
        app.execute(
            ConveneNextCohort(
                previous=ConveneAssembly(charter=charter(), at=AT, by=CLERK).assembly_id,
                cohort=2027,
                term_start=date(2027, 1, 1),
                term_end=date(2027, 12, 31),
                at=AT,
                by=CLERK,
            )
        )

    assert app.recorder.max_notification_id() == 1
