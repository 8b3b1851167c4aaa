"""Every act is declared once (core.assembly.acts): a fact an assembly can record is decided
by exactly one act, or says who decides it, so that a new fact cannot be left out of the
application's ``execute`` nor the audit's re-decision."""

from __future__ import annotations

import pytest

from core.assembly import acts
from core.assembly.ballots.commands import CloseBallot
from core.assembly.fold import SLICES
from core.assembly.sittings.commands import RecordAttendance
from core.assembly.sittings.model import Presence
from core.audit.redecide import Context
from core.events import Event
from services.application.contract.examples import example
from tests.core.paris import AT, CLERK, PLENARY, given, seated_history

RECORDED: set[type[Event]] = {fact for folds in SLICES for fact in folds}


def test_given_every_fact_an_assembly_folds_then_one_act_decides_it_or_it_names_who_does():
    rebuilt = {fact: [a.command for a in acts.ACTS if fact in a.rebuilt_from] for fact in RECORDED}
    together = {f for a in acts.ACTS for f in a.facts if f not in a.rebuilt_from}

    alone = {f for f, commands in rebuilt.items() if len(commands) == 1}
    twice = {f.__name__: c for f, c in rebuilt.items() if len(c) > 1}
    left_out = RECORDED - alone - together - set(acts.DECIDED_ELSEWHERE)

    assert twice == {}
    assert sorted(f.__name__ for f in left_out) == []
    assert not alone & set(acts.DECIDED_ELSEWHERE)


def test_given_every_act_then_its_facts_are_facts_an_assembly_folds():
    declared = {f for a in acts.ACTS for f in a.facts} | set(acts.DECIDED_ELSEWHERE)

    assert sorted(f.__name__ for f in declared - RECORDED) == []


def test_given_the_acts_then_a_command_names_exactly_one():
    commands = [a.command for a in acts.ACTS]

    assert len(set(commands)) == len(commands)


def test_given_a_recorded_fact_then_the_command_rebuilt_from_it_is_an_acts():
    for fact in acts.BY_FACT:
        cmd = acts.command_of(example(fact))

        assert type(cmd) in acts.BY_COMMAND, fact.__name__
        assert getattr(cmd, "at", None) == example(fact).at


def test_given_a_fact_decided_with_another_then_no_command_is_rebuilt_from_it():
    closing = acts.BY_COMMAND[CloseBallot]

    for fact in acts.CONSEQUENCES:
        assert acts.command_of(example(fact)) is None
        assert fact in closing.facts


def test_given_a_command_of_no_act_when_looked_up_then_refused_by_name():
    class Dance:
        pass

    with pytest.raises(TypeError, match="Dance is the command of no act of an assembly"):
        acts.of_command(Dance())


def test_given_a_sheet_of_attendance_when_decided_then_one_fact_a_member_each_at_the_next_version():
    state = given(*seated_history(seated=3, present=0))
    sheet = RecordAttendance(
        assembly_id=state.id,
        session_id=PLENARY,
        presence={"ele-000": Presence.PRESENT, "ele-001": Presence.ABSENT},
        at=AT,
        by=CLERK,
    )

    facts = acts.decide(state, sheet, Context({}, {}))

    assert [(f.member, f.originator_version) for f in facts] == [  # type: ignore[attr-defined]
        ("ele-000", state.version + 1),
        ("ele-001", state.version + 2),
    ]
