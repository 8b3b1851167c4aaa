"""The rules: each takes the state and the command's facts, refuses or returns the events."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import msgspec

from core.assembly import actors
from core.assembly.charter import PHASE_ORDER, Charter, Phase
from core.assembly.events import AssemblyConvened, PhaseOpened
from core.assembly.state import Assembly, next_of
from core.errors import DomainError
from core.text.words import counted
from core.time_order import after


class InvalidCharter(DomainError):
    rule = "charter"


class PhaseOutOfOrder(DomainError):
    rule = "phase order"


class TermEnded(DomainError):
    rule = "term"


def convene(
    charter: Charter, *, new_id: UUID, at: datetime, by: str, previous_cohort: UUID | None = None
) -> AssemblyConvened:
    """A new cohort: a name, seats and themes, a term that ends after it starts."""
    if not charter.name.strip():
        raise InvalidCharter("an assembly needs a name")
    if charter.seats < 1:
        raise InvalidCharter(f"an assembly needs at least one seat, got {charter.seats}")
    if charter.subpool_seats and sum(charter.subpool_seats.values()) != charter.seats:
        raise InvalidCharter(
            f"sub-pool seats ({counted(charter.subpool_seats)}) add up to "
            f"{sum(charter.subpool_seats.values())}, not the {charter.seats} seats"
        )
    if not charter.themes:
        raise InvalidCharter("an assembly needs at least one theme")
    if charter.term_end <= charter.term_start:
        raise InvalidCharter(
            f"the term must end after it starts: {charter.term_start} to {charter.term_end}"
        )
    if not 0 < charter.rules.quorum <= 1:
        raise InvalidCharter(f"quorum is a share of seated members, got {charter.rules.quorum}")
    for teller in charter.rules.tellers:
        if not teller.startswith(f"{actors.Role.TELLER.value}:"):
            raise InvalidCharter(f"a teller is named teller:<name>, not “{teller[:80]}”")
        actors.parse(teller)
    return AssemblyConvened(
        originator_id=new_id,
        originator_version=1,
        at=at,
        by=by,
        charter=charter,
        previous_cohort=previous_cohort,
    )


def within_term(assembly: Assembly, at: datetime) -> None:
    """No act of an assembly before it was convened, nor after its term ends."""
    end = assembly.charter.term_end
    if at.date() > end:
        raise TermEnded(f"assembly {assembly.charter.name!r} ended on {end}; it is {at.date()}")
    after(
        at,
        assembly.created_on,
        act=f"{assembly.charter.name!r} cannot act",
        fact="it was convened",
        because="an assembly acts once convened",
    )


def open_phase(assembly: Assembly, phase: Phase, *, at: datetime, by: str) -> PhaseOpened:
    """Phases run in order, once each, within the term."""
    within_term(assembly, at)
    expected = PHASE_ORDER[0] if assembly.phase is None else _after(assembly.phase)
    if phase is not expected:
        current = assembly.phase.value if assembly.phase else "none yet"
        raise PhaseOutOfOrder(
            f"cannot open the {phase.value} phase of {assembly.charter.name!r}: current phase "
            f"is {current}, next must be {expected.value if expected else 'none (all done)'}"
        )
    if assembly.phase is not None:
        after(
            at,
            assembly.phase_opened_at,
            act=f"the {phase.value} phase cannot open",
            fact=f"the {assembly.phase.value} phase opened",
            because="phases open in order",
        )
    return PhaseOpened(
        **next_of(assembly),
        at=at,
        by=by,
        phase=phase,
    )


def _after(phase: Phase) -> Phase | None:
    i = PHASE_ORDER.index(phase)
    return PHASE_ORDER[i + 1] if i + 1 < len(PHASE_ORDER) else None


def next_cohort(
    previous: Assembly,
    *,
    cohort: int,
    term_start: date,
    term_end: date,
    new_id: UUID,
    at: datetime,
    by: str,
) -> AssemblyConvened:
    """Institutionalisation: next year's assembly keeps the charter and rules, never the
    members (a new panel is drawn)."""
    if cohort <= previous.charter.cohort:
        raise InvalidCharter(f"cohort {cohort} does not follow cohort {previous.charter.cohort}")
    after(
        at,
        previous.created_on,
        act=f"cohort {cohort} cannot be convened",
        fact=f"cohort {previous.charter.cohort}, whose charter it carries on, was convened",
        because="the next cohort follows the one before",
    )
    charter = msgspec.structs.replace(
        previous.charter, cohort=cohort, term_start=term_start, term_end=term_end
    )
    return convene(charter, new_id=new_id, at=at, by=by, previous_cohort=previous.id)
