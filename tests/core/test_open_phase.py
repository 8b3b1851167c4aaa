"""Phases run in order, once each, within the term."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core.assembly import Charter, Phase, PhaseOutOfOrder, TermEnded, convene

AT = datetime(2026, 2, 1, 18, 0, tzinfo=UTC)


def _assembly():
    charter = Charter(
        name="Assemblée citoyenne de Paris",
        cohort=2026,
        themes=("environment",),
        term_start=date(2026, 1, 15),
        term_end=date(2027, 1, 14),
    )
    return convene(charter, at=AT, by="clerk")


def test_given_a_new_assembly_when_discovery_opens_then_it_is_the_phase() -> None:
    assembly = _assembly()

    assembly.open_phase(Phase.DISCOVERY, at=AT, by="clerk")

    assert assembly.phase is Phase.DISCOVERY
    assert type(assembly.collect_events()[-1]).__name__ == "PhaseOpened"


def test_given_a_new_assembly_when_recommendations_open_first_then_refused() -> None:
    assembly = _assembly()

    with pytest.raises(PhaseOutOfOrder, match="next must be discovery"):
        assembly.open_phase(Phase.RECOMMENDATIONS, at=AT, by="clerk")

    assert len(assembly.collect_events()) == 1


def test_given_both_phases_done_when_discovery_reopens_then_refused() -> None:
    assembly = _assembly()
    assembly.open_phase(Phase.DISCOVERY, at=AT, by="clerk")
    assembly.open_phase(Phase.RECOMMENDATIONS, at=AT, by="clerk")

    with pytest.raises(PhaseOutOfOrder, match="none"):
        assembly.open_phase(Phase.DISCOVERY, at=AT, by="clerk")


def test_given_the_term_has_ended_when_a_phase_opens_then_refused() -> None:
    assembly = _assembly()

    with pytest.raises(TermEnded, match="2027-01-14"):
        assembly.open_phase(Phase.DISCOVERY, at=datetime(2027, 3, 1, tzinfo=UTC), by="clerk")
