"""An assembly needs a name, seats (its sub-pools adding up), themes and a sound term."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest

from core.assembly.charter import Rules
from core.assembly.decisions import InvalidCharter, convene, next_cohort
from tests.core.paris import ASSEMBLY_ID, CLERK, CONVENED_AT, charter, given, panel_arrived

NEXT_ID = UUID(int=2027)


def test_given_paris_defaults_when_convened_then_a_hundred_seats_on_three_themes() -> None:
    event = convene(charter(), new_id=ASSEMBLY_ID, at=CONVENED_AT, by=CLERK)

    assembly = given(event)

    assert event.wire == "assembly.assembly_convened.v3"
    assert assembly.charter.seats == 100
    assert assembly.charter.themes == ("social education", "environment", "public space")
    assert (assembly.phase, assembly.version) == (None, 1)


def test_given_last_years_cohort_when_the_next_is_convened_then_it_keeps_the_rules_only() -> None:
    last_year = given(convene(charter(), new_id=ASSEMBLY_ID, at=CONVENED_AT, by=CLERK))
    next_charter = charter(
        cohort=2027,
        term_start=date(2027, 1, 15),
        term_end=date(2028, 1, 14),
        rules=last_year.charter.rules,
    )

    event = convene(
        next_charter, new_id=ASSEMBLY_ID, at=CONVENED_AT, by=CLERK, previous_cohort=last_year.id
    )

    assert event.previous_cohort == last_year.id
    assert event.charter.rules == last_year.charter.rules


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"term_end": date(2025, 1, 1)}, "must end after"),
        ({"seats": 0, "subpool_seats": {}}, "at least one seat"),
        ({"themes": ()}, "at least one theme"),
        ({"name": " "}, "needs a name"),
        ({"subpool_seats": {"electoral-rolls": 80}}, "add up to 80, not the 100"),
        ({"rules": Rules(quorum=Decimal("1.5"))}, "quorum is a share"),
    ],
)
def test_given_an_unsound_charter_when_convened_then_refused_with_the_reason(
    changes, reason
) -> None:
    with pytest.raises(InvalidCharter, match=reason):
        convene(charter(**changes), new_id=ASSEMBLY_ID, at=CONVENED_AT, by=CLERK)


def test_given_last_years_members_when_the_next_cohort_is_convened_then_it_has_none() -> None:
    last_year = given(
        convene(charter(), new_id=ASSEMBLY_ID, at=CONVENED_AT, by=CLERK), panel_arrived()
    )

    event = next_cohort(
        last_year,
        cohort=2027,
        term_start=date(2027, 1, 15),
        term_end=date(2028, 1, 14),
        new_id=NEXT_ID,
        at=CONVENED_AT,
        by=CLERK,
    )
    assembly = given(event)

    assert assembly.charter.rules == last_year.charter.rules
    assert assembly.charter.subpool_seats == last_year.charter.subpool_seats
    assert assembly.members == {} and assembly.previous_cohort == ASSEMBLY_ID


def test_given_a_cohort_when_an_earlier_one_is_convened_from_it_then_refused() -> None:
    last_year = given(convene(charter(), new_id=ASSEMBLY_ID, at=CONVENED_AT, by=CLERK))

    with pytest.raises(InvalidCharter, match="does not follow cohort 2026"):
        next_cohort(
            last_year,
            cohort=2025,
            term_start=date(2025, 1, 15),
            term_end=date(2026, 1, 14),
            new_id=NEXT_ID,
            at=CONVENED_AT,
            by=CLERK,
        )
