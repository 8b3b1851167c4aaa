"""The audit re-checks corrections in work linear in the log: each correction's own rules cost
the fact it names, and a corrected assembly's history is decided again once, at the end, not
once for each correction (core.audit.replay). The work is counted (core.audit.redecide.Work:
facts folded, facts decided again), never timed."""

from __future__ import annotations

import msgspec

from core.assembly.membership.facts import InvitationAccepted, MemberSeated, WorkingGroupChosen
from core.audit.redecide import Work
from core.audit.rehearse import correct
from core.audit.replay import DomainAudit
from core.audit.violation import Violation
from core.events import Event
from tests.core.paris import CLERK, charter, seated_history
from tests.core.test_corrections import LATER, Log

THEMES = charter().themes
PER_CORRECTION = 3  # facts folded or decided again for each correction, all passes together


def _corrected(k: int) -> Log:
    """A seated panel of 100 (some 400 facts), then k corrections of its first group choice."""
    log = Log(seated_history(seated=100, present=100))
    position = log.position(WorkingGroupChosen)
    for i in range(k):
        group = THEMES[1 + i % 2]
        log.then(
            lambda a, c, g=group: correct(
                a, position, "group", g, "chose the other", context=c, at=LATER, by=CLERK
            )
        )
    return log


def _audited(events: list[Event]) -> tuple[list[Violation], Work]:
    audit = DomainAudit()
    found = [v for seq, e in enumerate(events, 1) for v in audit.feed(seq, e)]
    return found + audit.finish(), audit.work


def test_given_more_corrections_of_an_early_fact_then_the_work_grows_by_a_constant_each():
    few, many = _corrected(10).events, _corrected(40).events

    found_few, work_few = _audited(few)
    found_many, work_many = _audited(many)

    assert found_few == [] and found_many == []
    grown = (work_many.folded + work_many.decided) - (work_few.folded + work_few.decided)
    facts = len(few) - 10
    assert facts > 400
    assert grown <= PER_CORRECTION * 30  # one pass a correction would be 30 x 400 and more


def test_given_a_corrected_history_then_the_work_is_linear_in_its_facts():
    events = _corrected(40).events

    found, work = _audited(events)

    assert found == []
    assert work.folded <= 2 * len(events)  # once streaming, once in the final rehearsal
    assert work.decided <= 2 * len(events)


def test_given_a_forged_fact_after_a_correction_when_audited_then_named_at_its_own_sequence():
    events = _corrected(3).events
    seat = next(e for e in events if isinstance(e, MemberSeated))
    forged = msgspec.structs.replace(seat, originator_version=len(events) + 1)

    found, _ = _audited([*events, forged])

    assert {(v.seq, v.rule) for v in found} == {(len(events) + 1, "membership")}


def test_given_a_forged_correction_after_an_honest_one_when_audited_then_the_forged_is_named():
    log = _corrected(1)
    chosen = [i for i, e in enumerate(log.events, 1) if isinstance(e, WorkingGroupChosen)]
    accepted = [i for i, e in enumerate(log.events, 1) if isinstance(e, InvitationAccepted)]
    honest = log.then(
        lambda a, c: correct(
            a, chosen[1], "group", THEMES[2], "chose the other", context=c, at=LATER, by=CLERK
        )
    )
    # rewritten: that member's acceptance an hour after their seat (both were at 18:00)
    forged = msgspec.structs.replace(
        honest, position=accepted[1], field="at", value="2026-02-01T19:00:00Z"
    )
    events = [*log.events[:-1], forged]

    found, _ = _audited(events)

    assert {(v.seq, v.rule) for v in found} == {(len(events), "time-order")}
