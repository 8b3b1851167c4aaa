"""Corrections without rewriting: an honest mistake is corrected, or a fact recorded in error
annulled, by a new fact that names the old one by its log position, with a reason. The old fact
stays on the log as it was; what it now says is the fact with every correction since applied.

A correction is the clerk's act: no one drawn for the assembly records one (the shapes of the
actors themselves are the actor rule's). Which facts may be corrected, and which of their fields,
is this module's one table
(``CORRECTABLE``); a fact of a kind in the table may also be annulled. What the table leaves
out is never corrected nor annulled: the convening, the draw and the panel it brought, the calls
of reserves (the committed rule designates them), ballots, votes and tallies, the look-ups of
contacts, and the corrections themselves. Whether a correction keeps the record lawful (the time
order with every fact depending on it, a session annulled while attendance was recorded in it)
is not a list of cases here: the assembly's history is decided again with the correction applied
(core.audit.rehearse), by the same rules that decided it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import ClassVar, NamedTuple

import msgspec

from core.assembly.convening import facts as convening_facts
from core.assembly.followup import facts as followup_facts
from core.assembly.membership import facts as membership_facts
from core.assembly.recommendations import facts as recommendation_facts
from core.assembly.sittings import facts as sitting_facts
from core.assembly.state import Assembly, Folds, touch
from core.assembly.training import facts as training_facts
from core.errors import DomainError
from core.events import Event


class FactCorrected(Event, frozen=True, kw_only=True):
    """The fact at log ``position`` now says ``value`` in ``field`` (as its JSON form writes it:
    a time as ``2026-02-03T09:00:00Z``, a word as itself)."""

    wire: ClassVar[str] = "assembly.fact_corrected.v1"

    position: int
    field: str
    value: str
    reason: str


class FactAnnulled(Event, frozen=True, kw_only=True):
    """The fact at log ``position`` was recorded in error: it no longer counts."""

    wire: ClassVar[str] = "assembly.fact_annulled.v1"

    position: int
    reason: str


AT = "at"

CORRECTABLE: dict[type[Event], tuple[str, ...]] = {
    convening_facts.PhaseOpened: (AT,),
    membership_facts.InvitationAccepted: (AT,),
    membership_facts.InvitationDeclined: (AT, "reason"),
    membership_facts.MemberSeated: (AT,),
    membership_facts.MemberWithdrew: (AT, "reason"),
    membership_facts.MemberRemoved: (AT, "reason"),
    membership_facts.WorkingGroupChosen: (AT, "group"),
    sitting_facts.SessionScheduled: (AT, "title", "starts_at"),
    sitting_facts.SessionPostponed: (AT, "starts_at", "reason"),
    sitting_facts.SessionCancelled: (AT, "reason"),
    sitting_facts.SessionOpened: (AT,),
    sitting_facts.ExpertHeard: (AT,),
    sitting_facts.AttendanceRecorded: (AT, "presence"),
    sitting_facts.SessionClosed: (AT,),
    sitting_facts.MinutesRecorded: (AT, "location", "sha256"),
    training_facts.TrainingScheduled: (AT, "topic", "trainer", "starts_at"),
    training_facts.TrainingAttended: (AT, "presence"),
    recommendation_facts.RecommendationDrafted: (AT, "title"),
    recommendation_facts.AmendmentTabled: (AT,),
    recommendation_facts.AmendmentWithdrawn: (AT,),
    followup_facts.RecommendationsSubmitted: (AT,),
    followup_facts.ExecutiveResponded: (AT, "response", "reasons"),
    followup_facts.PresentedToCouncil: (AT, "sitting", "instrument"),
    followup_facts.CouncilDecided: (AT, "decision", "reference"),
    followup_facts.ImplementationReported: (AT, "stage", "summary"),
}


class CorrectionRefused(DomainError):
    """A correction or an annulment the rules of corrections do not allow."""

    rule = "correction"


class UnknownFact(CorrectionRefused):
    """No fact is recorded at that log position."""


class NotCorrectable(CorrectionRefused):
    """A kind of fact, or a field, the table leaves out."""


class BadValue(CorrectionRefused):
    """A value the corrected field cannot hold, or not in the one form the record writes."""


class NotThisAssembly(CorrectionRefused):
    """The fact named belongs to another record."""


class AlreadyAnnulled(CorrectionRefused):
    """The fact named was annulled: nothing of it is left to correct."""


class NothingToCorrect(CorrectionRefused):
    """The fact already says what the correction would make it say."""


class NotTheClerk(CorrectionRefused):
    """A correction is the clerk's act: no one drawn for the assembly records one."""


def kind(fact: Event | type[Event]) -> str:
    """A fact's kind in words: ``session scheduled``."""
    cls = fact if isinstance(fact, type) else type(fact)
    wire = getattr(cls, "wire", "")  # a record of another application has none
    return wire.split(".")[1].replace("_", " ") if wire.count(".") == 2 else cls.__name__


def named(field: str) -> str:
    """A field in words: ``at`` is the time the act happened."""
    return {"at": "time", "starts_at": "start time", "sha256": "digest"}.get(field, field)


def correctable(fact: Event) -> tuple[str, ...]:
    """The fields of ``fact`` a correction may change; refused if its kind is never corrected."""
    fields = CORRECTABLE.get(type(fact))
    if fields is None:
        never = "the convening, the draw, the panel, reserve calls, ballots, votes and tallies"
        raise NotCorrectable(
            f"this fact ({kind(fact)}) can be neither corrected nor annulled ({never} never are): "
            "record the right act instead, if the rules allow it"
        )
    return fields


def amended(fact: Event, field: str, value: str) -> Event:
    """``fact`` with ``field`` saying ``value``: refused if that field is not correctable, or
    the value does not fit it or is not written in the record's one form."""
    fields = correctable(fact)
    if field not in fields:
        raise NotCorrectable(
            f"the {field!r} of a {kind(fact)} cannot be corrected: correct one of "
            f"{', '.join(fields)}, or annul the fact and record it again"
        )
    body = msgspec.to_builtins(fact)
    body[field] = value
    try:
        changed = msgspec.convert(body, type(fact))
    except msgspec.ValidationError as e:
        raise BadValue(f"{value!r} cannot be the {field} of a {kind(fact)}: {e}") from None
    written = _written(getattr(changed, field))
    if written != value:
        raise BadValue(f"write the {field} {value!r} as the record does: {written!r}")
    return changed


def _written(value: object) -> object:
    """A value in the one form the record writes it: a time in UTC (``...Z``)."""
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            return "a time with its timezone"
        try:
            value = value.astimezone(UTC)
        except OverflowError:
            return "a time inside the calendar"
    return msgspec.to_builtins(value)


FactAt = Callable[[int], Event | None]


class Standing(NamedTuple):
    """A fact of an assembly's history as it stands now."""

    fact: Event  # with every correction of it applied
    counts: bool  # False: annulled, or a correction (its effect is in the fact it names)
    corrected: bool  # decided again by its rules, which may derive a field from the one changed


class Ledger:
    """One assembly's facts as they stand, kept up to date as its facts and corrections come:
    each correction costs the fact it names, never a pass over the history. A correction that
    cannot apply (only a forged one: the audit names it) changes nothing."""

    def __init__(self, fact_at: FactAt) -> None:
        self.fact_at = fact_at
        self.items: dict[int, Standing] = {}  # by version
        self.annulled: set[int] = set()  # the log positions an annulment names

    def add(self, e: Event) -> None:
        """A fact of the assembly, in its place; a correction is not applied yet (``apply``)."""
        correction = isinstance(e, FactCorrected | FactAnnulled)
        self.items[e.originator_version] = Standing(e, not correction, False)
        if isinstance(e, FactAnnulled):
            self.annulled.add(e.position)

    def apply(self, e: FactCorrected | FactAnnulled) -> None:
        target = self.fact_at(e.position)
        if target is None or target.originator_id != e.originator_id:
            return
        old = self.items.get(target.originator_version)
        if old is None or not old.counts:
            return
        if isinstance(e, FactAnnulled):
            self.items[target.originator_version] = old._replace(counts=False)
            return
        try:
            self.items[target.originator_version] = Standing(
                amended(old.fact, e.field, e.value), True, True
            )
        except CorrectionRefused:
            return

    def now(self, fact: Event) -> Event:
        """``fact`` as it stands (corrected, if it was)."""
        item = self.items.get(fact.originator_version)
        return item.fact if item is not None else fact

    def standing(self) -> list[Standing]:
        return [self.items[v] for v in sorted(self.items)]


def ledger(history: Sequence[Event], fact_at: FactAt) -> Ledger:
    """The ledger of a whole history: every fact, then each correction in the order recorded."""
    kept = Ledger(fact_at)
    for e in history:
        kept.add(e)
    for e in history:
        if isinstance(e, FactCorrected | FactAnnulled):
            kept.apply(e)
    return kept


def standing(history: Sequence[Event], fact_at: FactAt) -> list[Standing]:
    """The history of one assembly (its facts in order, corrections included) as it stands: each
    correction applied to the fact it names, in the order they were recorded. A correction
    that cannot apply (only a forged one: the audit names it) changes nothing."""
    return ledger(history, fact_at).standing()


def target(state: Assembly, position: int, kept: Ledger, by: str) -> Event:
    """The fact a correction of ``state`` by ``by`` names, as it stands now (corrected, if it
    was). A member (or a reserve) never corrects the record, their own acts included: they ask
    the clerk, who answers for the record."""
    if by.removeprefix("member:") in state.members:
        raise NotTheClerk(
            f"{by} is drawn for this assembly: a correction is the clerk's act; ask the clerk"
        )
    fact = kept.fact_at(position)
    if fact is None:
        raise UnknownFact(
            f"no fact is recorded at log position {position}: `assembly log show` lists them"
        )
    if fact.originator_id != state.id:
        raise NotThisAssembly(
            f"the fact at log position {position} ({kind(fact)}) belongs to another record "
            f"({fact.originator_id}), not to this assembly: correct it on its own assembly"
        )
    if position in kept.annulled:
        raise AlreadyAnnulled(
            f"the {kind(fact)} at log position {position} was annulled: it cannot be corrected "
            "nor annulled again; record the right act anew"
        )
    return kept.now(fact)


def corrected(e: FactCorrected, a: Assembly | None) -> Assembly:
    assert a is not None
    return touch(a, e, unapplied=True)  # the state as it stands: core.audit.rehearse


def annulled(e: FactAnnulled, a: Assembly | None) -> Assembly:
    assert a is not None
    return touch(a, e, unapplied=True)


FOLDS: Folds = {FactCorrected: corrected, FactAnnulled: annulled}


class Amendment(NamedTuple):
    """A correction or an annulment as the read side is given it: with the fact it names."""

    correction: FactCorrected | FactAnnulled
    before: Event | None  # the fact named, as recorded (None: no fact of this assembly there)
    after: Event | None  # as it now says (None: annulled, or a correction that cannot apply)


def amendment(correction: FactCorrected | FactAnnulled, before: Event | None) -> Amendment:
    if before is None or before.originator_id != correction.originator_id:
        return Amendment(correction, None, None)
    if isinstance(correction, FactAnnulled):
        return Amendment(correction, before, None)
    try:
        return Amendment(correction, before, amended(before, correction.field, correction.value))
    except CorrectionRefused:
        return Amendment(correction, before, None)
