"""An assembly: one cohort of drawn residents, convened for a term, working in phases.

This is the first slice of the domain: convening an assembly and moving it
through its phases. Everything else (membership, sessions, ballots) builds on it.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

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


class Assembly(Aggregate):
    """The Paris Citizens' Assembly of one year, or any other cohort."""

    name: str
    cohort: int
    seats: int
    themes: tuple[str, ...]
    term_start: date
    term_end: date
    phase: Phase | None

    @event("Convened")
    def __init__(
        self,
        *,
        name: str,
        cohort: int,
        seats: int,
        themes: tuple[str, ...],
        term_start: date,
        term_end: date,
        at: datetime,
        by: str,
    ) -> None:
        self.name = name
        self.cohort = cohort
        self.seats = seats
        self.themes = themes
        self.term_start = term_start
        self.term_end = term_end
        self.phase = None

    @event("PhaseOpened")
    def _open_phase(self, phase: Phase, at: datetime, by: str) -> None:
        self.phase = phase

    def open_phase(self, phase: Phase, *, at: datetime, by: str) -> None:
        """Phases run in order, once each, within the term."""
        if at.date() > self.term_end:
            raise TermEnded(f"assembly {self.name!r} ended on {self.term_end}; it is {at.date()}")
        expected = PHASE_ORDER[0] if self.phase is None else _next_phase(self.phase)
        if phase is not expected:
            current = self.phase.value if self.phase else "none yet"
            raise PhaseOutOfOrder(
                f"cannot open the {phase.value} phase of {self.name!r}: current phase is "
                f"{current}, next must be {expected.value if expected else 'none (all done)'}"
            )
        self._open_phase(phase, at, by)


def _next_phase(phase: Phase) -> Phase | None:
    i = PHASE_ORDER.index(phase)
    return PHASE_ORDER[i + 1] if i + 1 < len(PHASE_ORDER) else None


def convene(
    *,
    name: str,
    cohort: int,
    seats: int,
    themes: tuple[str, ...],
    term_start: date,
    term_end: date,
    at: datetime,
    by: str,
) -> Assembly:
    """A new cohort: a name, at least one seat and one theme, a term that ends after it starts."""
    if not name.strip():
        raise InvalidTerm("an assembly needs a name")
    if seats < 1:
        raise InvalidTerm(f"an assembly needs at least one seat, got {seats}")
    if not themes:
        raise InvalidTerm("an assembly needs at least one theme")
    if term_end <= term_start:
        raise InvalidTerm(f"the term must end after it starts: {term_start} to {term_end}")
    return Assembly(
        name=name,
        cohort=cohort,
        seats=seats,
        themes=themes,
        term_start=term_start,
        term_end=term_end,
        at=at,
        by=by,
    )
