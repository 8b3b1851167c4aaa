"""An assembly: one cohort of drawn residents, convened for a term, working in phases.

This is the first slice of the domain: convening an assembly and moving it
through its phases. Everything else (membership, sessions, ballots) builds on it.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

import msgspec
from eventsourcing.domain import Aggregate, event

from core.errors import DomainError

DEFAULT_THEMES = ("social education", "environment", "public space")


class Phase(Enum):
    DISCOVERY = "discovery"
    RECOMMENDATIONS = "recommendations"


PHASE_ORDER = (Phase.DISCOVERY, Phase.RECOMMENDATIONS)


class InvalidTerm(DomainError):
    rule = "term"


class PhaseOutOfOrder(DomainError):
    rule = "phase order"


class TermEnded(DomainError):
    rule = "term"


class Charter(msgspec.Struct, frozen=True, kw_only=True):
    """What an assembly is convened for: who, how many, on what, until when."""

    name: str
    cohort: int
    term_start: date
    term_end: date
    seats: int = 100
    themes: tuple[str, ...] = DEFAULT_THEMES


class Assembly(Aggregate):
    """The Paris Citizens' Assembly of one year, or any other cohort."""

    charter: Charter
    phase: Phase | None

    @event("Convened")
    def __init__(self, *, charter: Charter, at: datetime, by: str) -> None:
        self.charter = charter
        self.phase = None

    @event("PhaseOpened")
    def _open_phase(self, phase: Phase, at: datetime, by: str) -> None:
        self.phase = phase

    def open_phase(self, phase: Phase, *, at: datetime, by: str) -> None:
        """Phases run in order, once each, within the term."""
        name, term_end = self.charter.name, self.charter.term_end
        if at.date() > term_end:
            raise TermEnded(f"assembly {name!r} ended on {term_end}; it is {at.date()}")
        expected = PHASE_ORDER[0] if self.phase is None else _next_phase(self.phase)
        if phase is not expected:
            current = self.phase.value if self.phase else "none yet"
            raise PhaseOutOfOrder(
                f"cannot open the {phase.value} phase of {name!r}: current phase is "
                f"{current}, next must be {expected.value if expected else 'none (all done)'}"
            )
        self._open_phase(phase, at, by)


def _next_phase(phase: Phase) -> Phase | None:
    i = PHASE_ORDER.index(phase)
    return PHASE_ORDER[i + 1] if i + 1 < len(PHASE_ORDER) else None


def convene(charter: Charter, *, at: datetime, by: str) -> Assembly:
    """A new cohort: a name, at least one seat and one theme, a term that ends after it starts."""
    if not charter.name.strip():
        raise InvalidTerm("an assembly needs a name")
    if charter.seats < 1:
        raise InvalidTerm(f"an assembly needs at least one seat, got {charter.seats}")
    if not charter.themes:
        raise InvalidTerm("an assembly needs at least one theme")
    if charter.term_end <= charter.term_start:
        raise InvalidTerm(
            f"the term must end after it starts: {charter.term_start} to {charter.term_end}"
        )
    return Assembly(charter=charter, at=at, by=by)
