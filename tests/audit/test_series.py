"""The auditor re-decides every convening against every cohort of its series on the log: a
forged second "cohort 2027" (under an id of its own) or a term overlapping another cohort's is
named, by the rule the application applies."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import msgspec

from core.assembly.convening.commands import ConveneAssembly
from core.assembly.convening.rules import convene
from core.audit.replay import DomainAudit
from tests.core.paris import CLERK, CONVENED_AT, charter

FIRST, FORGED = UUID(int=1), UUID(int=2)
TERM_2027 = {"term_start": date(2027, 1, 15), "term_end": date(2028, 1, 14)}


def audited(*later: msgspec.Struct) -> list[tuple[int, str]]:
    audit = DomainAudit()
    honest = convene(
        ConveneAssembly(charter=charter(cohort=2027, **TERM_2027), at=CONVENED_AT, by=CLERK),
        new_id=FIRST,
    )
    found = audit.feed(1, honest)
    for seq, event in enumerate(later, start=2):
        found += audit.feed(seq, event)  # type: ignore[arg-type]
    return [(v.seq, v.rule) for v in found + audit.finish()]


def forged(**changes: object) -> msgspec.Struct:
    honest = convene(
        ConveneAssembly(charter=charter(cohort=2027, **TERM_2027), at=CONVENED_AT, by=CLERK),
        new_id=FORGED,
    )
    return msgspec.structs.replace(honest, charter=charter(**{**TERM_2027, **changes}))


def test_given_the_same_cohort_convened_twice_under_two_ids_when_audited_then_named() -> None:
    assert audited(forged(cohort=2027, name="ASSEMBLÉE citoyenne de Paris")) == [(2, "cohort-once")]


def test_given_a_cohort_whose_term_overlaps_the_previous_when_audited_then_named() -> None:
    overlapping = forged(cohort=2028, term_start=date(2027, 12, 1), term_end=date(2028, 11, 30))

    assert audited(overlapping) == [(2, "terms-follow")]


def test_given_the_next_cohort_after_the_term_when_audited_then_nothing_is_wrong() -> None:
    assert (
        audited(forged(cohort=2028, term_start=date(2028, 1, 15), term_end=date(2029, 1, 14))) == []
    )
