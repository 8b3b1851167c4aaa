"""Convening rules: the charter checked, one cohort per series, phases in order, the term."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

import msgspec

from core.assembly import actors
from core.assembly.charter import PHASE_ORDER, Charter, Phase, series_key
from core.assembly.convening.commands import ConveneAssembly, ConveneNextCohort, OpenPhase
from core.assembly.convening.facts import AssemblyConvened, PhaseOpened
from core.assembly.state import Assembly, next_of
from core.errors import DomainError
from core.text.words import counted
from core.time_order import after


class InvalidCharter(DomainError):
    rule = "charter"


class DuplicateCohort(DomainError):
    rule = "cohort-once"


class OverlappingTerm(DomainError):
    rule = "terms-follow"


class PhaseOutOfOrder(DomainError):
    rule = "phase order"


class TermEnded(DomainError):
    rule = "term"


def convene(
    cmd: ConveneAssembly, *, new_id: UUID, series: Sequence[Assembly] = ()
) -> AssemblyConvened:
    """The first cohort of a series, or one convened with a charter of its own, under the id
    its series and cohort give (``cmd.assembly_id``; the audit judges it under the id it was
    recorded with)."""
    return _convened(
        cmd.charter,
        new_id=new_id,
        at=cmd.at,
        by=cmd.by,
        previous_cohort=cmd.previous_cohort,
        series=series,
    )


def _convened(
    charter: Charter,
    *,
    new_id: UUID,
    at: datetime,
    by: str,
    previous_cohort: UUID | None = None,
    series: Sequence[Assembly] = (),
) -> AssemblyConvened:
    """A new cohort: a name, seats and themes, a term that ends after it starts, seats only in
    sub-pools its vocabulary knows; once per series and cohort, its term clear of the other
    cohorts' (``series``: the assemblies of the same name known to the caller)."""
    if not charter.name.strip():
        raise InvalidCharter("an assembly needs a name")
    if charter.seats < 1:
        raise InvalidCharter(f"an assembly needs at least one seat, got {charter.seats}")
    if charter.subpool_seats and sum(charter.subpool_seats.values()) != charter.seats:
        raise InvalidCharter(
            f"sub-pool seats ({counted(charter.subpool_seats)}) add up to "
            f"{sum(charter.subpool_seats.values())}, not the {charter.seats} seats"
        )
    _speaks(charter)
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
    _in_series(charter, series)
    return AssemblyConvened(
        originator_id=new_id,
        originator_version=1,
        at=at,
        by=by,
        charter=charter,
        previous_cohort=previous_cohort,
    )


def _speaks(charter: Charter) -> None:
    """Its vocabulary is a list of words without repeats, and its seats are in its sub-pools."""
    words = charter.vocabulary
    names = [c.name for c in words.criteria]
    if not words.subpools or len(set(words.subpools)) != len(words.subpools):
        raise InvalidCharter("the vocabulary needs sub-pools, each named once")
    if len(set(names)) != len(names) or "subpool" in names:
        raise InvalidCharter(f"the vocabulary's criteria {names} must each be named once")
    for c in words.criteria:
        if not c.values or len(set(c.values)) != len(c.values):
            raise InvalidCharter(f"criterion {c.name!r} needs values, each named once")
    unknown = sorted(set(charter.subpool_seats) - set(words.subpools))
    if unknown:
        raise InvalidCharter(
            f"the charter seats sub-pool {', '.join(map(repr, unknown))}, which its vocabulary "
            f"does not know (sub-pools: {', '.join(words.subpools)})"
        )


def _in_series(charter: Charter, series: Sequence[Assembly]) -> None:
    """One assembly per cohort of a series, and no two cohorts sitting at once."""
    key = series_key(charter.name)
    for other in series:
        known = other.charter
        if series_key(known.name) != key:
            continue
        if known.cohort == charter.cohort:
            raise convened_already(known.name, known.cohort, other.id)
        if charter.term_start <= known.term_end and known.term_start <= charter.term_end:
            raise OverlappingTerm(
                f"the term {charter.term_start} to {charter.term_end} of cohort {charter.cohort} "
                f"overlaps cohort {known.cohort}'s, {known.term_start} to {known.term_end}"
            )


def convened_already(name: str, cohort: int, assembly_id: UUID) -> DuplicateCohort:
    """The refusal of a second convening of a cohort (by the rule, or by the log's concurrency
    check on the id the series and cohort give)."""
    return DuplicateCohort(
        f"{name!r} cohort {cohort} is already convened (assembly {assembly_id}): "
        "a cohort is convened once"
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


def open_phase(assembly: Assembly, cmd: OpenPhase) -> PhaseOpened:
    """Phases run in order, once each, within the term."""
    phase, at, by = cmd.phase, cmd.at, cmd.by
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
    previous: Assembly, cmd: ConveneNextCohort, *, new_id: UUID, series: Sequence[Assembly] = ()
) -> AssemblyConvened:
    """Institutionalisation: next year's assembly keeps the charter and rules, never the
    members (a new panel is drawn); its term follows the previous cohort's."""
    cohort, term_start, term_end, at = cmd.cohort, cmd.term_start, cmd.term_end, cmd.at
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
    return _convened(
        charter,
        new_id=new_id,
        at=at,
        by=cmd.by,
        previous_cohort=previous.id,
        series=(previous, *series),
    )
