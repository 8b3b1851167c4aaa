"""Phases run in order, once each, within the term."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.assembly.charter import Phase
from core.assembly.convening.commands import OpenPhase
from core.assembly.convening.rules import PhaseOutOfOrder, TermEnded, open_phase
from tests.core.paris import ASSEMBLY_ID, CLERK, convened, given

AT = datetime(2026, 2, 1, 18, 0, tzinfo=UTC)


def test_given_a_new_assembly_when_discovery_opens_then_it_is_the_phase() -> None:
    assembly = given(convened())

    event = open_phase(
        assembly, OpenPhase(assembly_id=assembly.id, phase=Phase.DISCOVERY, at=AT, by=CLERK)
    )

    assert (event.originator_version, event.phase) == (2, Phase.DISCOVERY)
    assert given(convened(), event).phase is Phase.DISCOVERY


def test_given_a_new_assembly_when_recommendations_open_first_then_refused() -> None:
    assembly = given(convened())

    with pytest.raises(PhaseOutOfOrder, match="next must be discovery"):
        open_phase(
            assembly,
            OpenPhase(assembly_id=assembly.id, phase=Phase.RECOMMENDATIONS, at=AT, by=CLERK),
        )


def test_given_both_phases_done_when_discovery_reopens_then_refused() -> None:
    discovery = open_phase(
        given(convened()),
        OpenPhase(assembly_id=ASSEMBLY_ID, phase=Phase.DISCOVERY, at=AT, by=CLERK),
    )
    recommendations = open_phase(
        given(convened(), discovery),
        OpenPhase(assembly_id=ASSEMBLY_ID, phase=Phase.RECOMMENDATIONS, at=AT, by=CLERK),
    )
    assembly = given(convened(), discovery, recommendations)

    with pytest.raises(PhaseOutOfOrder, match="none"):
        open_phase(
            assembly, OpenPhase(assembly_id=assembly.id, phase=Phase.DISCOVERY, at=AT, by=CLERK)
        )


def test_given_the_term_has_ended_when_a_phase_opens_then_refused() -> None:
    assembly = given(convened())

    with pytest.raises(TermEnded, match="2027-01-14"):
        open_phase(
            assembly,
            OpenPhase(
                assembly_id=assembly.id,
                phase=Phase.DISCOVERY,
                at=datetime(2027, 3, 1, tzinfo=UTC),
                by=CLERK,
            ),
        )
