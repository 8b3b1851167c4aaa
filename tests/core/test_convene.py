"""An assembly needs a name, seats (its sub-pools adding up), themes and a sound term."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest

from core.assembly.charter import Rules, cohort_id
from core.assembly.convening.commands import ConveneAssembly, ConveneNextCohort
from core.assembly.convening.rules import (
    DuplicateCohort,
    InvalidCharter,
    OverlappingTerm,
    convene,
    next_cohort,
)
from core.vocabulary import PARIS, Criterion, Vocabulary
from tests.core.paris import ASSEMBLY_ID, CLERK, CONVENED_AT, charter, given, panel_arrived

NEXT_ID = UUID(int=2027)


def test_given_paris_defaults_when_convened_then_a_hundred_seats_on_three_themes() -> None:
    event = convene(
        ConveneAssembly(charter=charter(), at=CONVENED_AT, by=CLERK), new_id=ASSEMBLY_ID
    )

    assembly = given(event)

    assert event.wire == "assembly.assembly_convened.v2"
    assert assembly.charter.seats == 100
    assert assembly.charter.themes == ("social education", "environment", "public space")
    assert (assembly.phase, assembly.version) == (None, 1)


def test_given_last_years_cohort_when_the_next_is_convened_then_it_keeps_the_rules_only() -> None:
    last_year = given(
        convene(ConveneAssembly(charter=charter(), at=CONVENED_AT, by=CLERK), new_id=ASSEMBLY_ID)
    )
    next_charter = charter(
        cohort=2027,
        term_start=date(2027, 1, 15),
        term_end=date(2028, 1, 14),
        rules=last_year.charter.rules,
    )

    event = convene(
        ConveneAssembly(
            charter=next_charter, at=CONVENED_AT, by=CLERK, previous_cohort=last_year.id
        ),
        new_id=ASSEMBLY_ID,
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
        convene(
            ConveneAssembly(charter=charter(**changes), at=CONVENED_AT, by=CLERK),
            new_id=ASSEMBLY_ID,
        )


def test_given_last_years_members_when_the_next_cohort_is_convened_then_it_has_none() -> None:
    last_year = given(
        convene(ConveneAssembly(charter=charter(), at=CONVENED_AT, by=CLERK), new_id=ASSEMBLY_ID),
        panel_arrived(),
    )

    event = next_cohort(
        last_year,
        ConveneNextCohort(
            previous=last_year.id,
            cohort=2027,
            term_start=date(2027, 1, 15),
            term_end=date(2028, 1, 14),
            at=CONVENED_AT,
            by=CLERK,
        ),
        new_id=NEXT_ID,
    )
    assembly = given(event)

    assert assembly.charter.rules == last_year.charter.rules
    assert assembly.charter.subpool_seats == last_year.charter.subpool_seats
    assert assembly.members == {} and assembly.previous_cohort == ASSEMBLY_ID


def test_given_a_cohort_when_an_earlier_one_is_convened_from_it_then_refused() -> None:
    last_year = given(
        convene(ConveneAssembly(charter=charter(), at=CONVENED_AT, by=CLERK), new_id=ASSEMBLY_ID)
    )

    with pytest.raises(InvalidCharter, match="does not follow cohort 2026"):
        next_cohort(
            last_year,
            ConveneNextCohort(
                previous=last_year.id,
                cohort=2025,
                term_start=date(2025, 1, 15),
                term_end=date(2026, 1, 14),
                at=CONVENED_AT,
                by=CLERK,
            ),
            new_id=NEXT_ID,
        )


def test_given_a_subpool_the_vocabulary_does_not_know_when_convened_then_refused() -> None:
    foreigners = charter(subpool_seats={"electoral-rolls": 80, "foreigners": 15, "minors": 5})

    with pytest.raises(InvalidCharter, match="'foreigners', which its vocabulary does not know"):
        convene(ConveneAssembly(charter=foreigners, at=CONVENED_AT, by=CLERK), new_id=ASSEMBLY_ID)


def test_given_a_vocabulary_naming_a_value_twice_when_convened_then_refused() -> None:
    twice = Vocabulary(
        subpools=PARIS.subpools,
        criteria=(*PARIS.criteria[:3], Criterion(name="arrondissement", values=("1", "1"))),
    )

    with pytest.raises(InvalidCharter, match="'arrondissement' needs values, each named once"):
        convene(
            ConveneAssembly(charter=charter(vocabulary=twice), at=CONVENED_AT, by=CLERK),
            new_id=ASSEMBLY_ID,
        )


def test_given_cohort_2027_convened_when_convened_again_under_another_spelling_then_refused() -> (
    None
):
    first = given(
        convene(
            ConveneAssembly(charter=charter(cohort=2027), at=CONVENED_AT, by=CLERK),
            new_id=ASSEMBLY_ID,
        )
    )
    again = charter(name="  assemblée  CITOYENNE de paris ", cohort=2027)

    with pytest.raises(DuplicateCohort, match="cohort 2027 is already convened"):
        convene(
            ConveneAssembly(charter=again, at=CONVENED_AT, by=CLERK), new_id=NEXT_ID, series=[first]
        )


def test_given_a_cohort_when_the_next_one_starts_before_it_ends_then_refused() -> None:
    last_year = given(
        convene(ConveneAssembly(charter=charter(), at=CONVENED_AT, by=CLERK), new_id=ASSEMBLY_ID)
    )

    with pytest.raises(OverlappingTerm, match="overlaps cohort 2026's, 2026-01-15 to 2027-01-14"):
        next_cohort(
            last_year,
            ConveneNextCohort(
                previous=last_year.id,
                cohort=2027,
                term_start=date(2027, 1, 1),
                term_end=date(2027, 12, 31),
                at=CONVENED_AT,
                by=CLERK,
            ),
            new_id=NEXT_ID,
        )


def test_given_another_series_when_its_cohort_and_term_are_the_same_then_convened() -> None:
    paris = given(
        convene(ConveneAssembly(charter=charter(), at=CONVENED_AT, by=CLERK), new_id=ASSEMBLY_ID)
    )

    event = convene(
        ConveneAssembly(charter=charter(name="Assemblée des jeunes"), at=CONVENED_AT, by=CLERK),
        new_id=NEXT_ID,
        series=[paris],
    )

    assert event.charter.cohort == paris.charter.cohort


def test_given_a_name_and_cohort_then_the_id_ignores_case_spacing_and_composition() -> None:
    composed = cohort_id("Assemblée citoyenne de Paris", 2027)

    assert composed == cohort_id(" ASSEMBLE\u0301E  citoyenne de paris", 2027)
    assert composed != cohort_id("Assemblée citoyenne de Paris", 2028)
