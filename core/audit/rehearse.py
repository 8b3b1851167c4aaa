"""A correction's rule: the assembly's history is decided again, with the correction applied, by
the rules that decided it the first time (core.audit.redecide). Every fact after the one corrected
must still be what its rule decides on the state the correction leaves (a time correction keeps
the time order with every fact depending on it; an annulled session leaves its attendance with
no session, and is refused); the corrected fact itself must be what its rule decides from its
corrected inputs (a field derived from the one changed, such as an answer's lateness, is derived
again). The application decides a correction with it, and the auditor re-checks it with it.

Its cost, for the application, is one pass over the assembly's facts for each correction:
corrections are rare acts of the clerk, and the facts before the one corrected are only folded,
never decided again. The audit must stay linear in the log whatever it holds, so it does not
decide each correction this way: it checks each one's own rules as it comes (``correction``,
``annulment``: the cost of the fact named) and rehearses each corrected assembly's history once,
at the end (core.audit.replay, ``DomainAudit`` says why that is the same judgement)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import NamedTuple

from core.assembly.corrections import (
    FactAnnulled,
    FactCorrected,
    Ledger,
    NothingToCorrect,
    Standing,
    amended,
    correctable,
    kind,
    ledger,
    named,
    standing,
    target,
)
from core.assembly.fold import evolve
from core.assembly.membership.rules import UnknownMember
from core.assembly.state import Assembly, next_of, touch
from core.audit.redecide import Context, redecide
from core.errors import DomainError
from core.events import Event
from core.text import check as text
from core.time_order import utc


class Unsettles(DomainError):
    """A correction after which a fact of the history is no longer what the rules decide."""

    def __init__(self, message: str, rule: str) -> None:
        super().__init__(message)
        self.rule = rule


class Refusal(Exception):
    """A fact the rehearsal finds other than its rules decide: refused by its rule (``error``),
    decided otherwise (``expected``, None: decided to nothing), or one that cannot even apply
    (``unfoldable``, only when the rehearsal goes on after a refusal); ``together``: expected
    as decided by the fact before it (a rule deciding several facts at once)."""

    def __init__(
        self,
        fact: Event,
        error: DomainError | None,
        expected: Event | None,
        unfoldable: Exception | None = None,
        *,
        together: bool = False,
    ) -> None:
        self.fact, self.error, self.expected, self.unfoldable = fact, error, expected, unfoldable
        self.together = together


UNFOLDABLE = (TypeError, KeyError, ValueError, AssertionError, DomainError)


def rehearse(
    items: Sequence[Standing],
    context: Context,
    *,
    check_from: int | None,
    refused: Callable[[Refusal], None] | None = None,
) -> Assembly:
    """The state the history leaves, folding each fact as it stands. From version
    ``check_from`` on (None: never), each fact must be what its rule decides on the state
    before it; a corrected fact is always decided again, and stands as decided.

    The first refusal is raised, unless ``refused`` is given: it is then told of each, and the
    rehearsal goes on as the streaming audit does (the fact folded as it stands; one that
    cannot apply is left out). Its work is one fold per fact and one decision per fact from
    ``check_from`` on (``context.work`` counts them)."""
    state: Assembly | None = None
    pending: deque[Event] = deque()
    for item in items:
        if not item.counts:
            assert state is not None  # the convening is never annulled nor a correction
            state = touch(state, item.fact)
            continue
        checking = check_from is not None and item.fact.originator_version >= check_from
        fact, refusal = _decided(item, state, pending, context, checking=checking)
        if refusal is not None:
            if refused is None:
                raise refusal
            refused(refusal)
        context.work.folded += 1
        if refused is None:
            state = evolve(fact, state)
            continue
        try:
            state = evolve(fact, state)
        except UNFOLDABLE as e:
            if refusal is None:  # an unlawful fact often cannot apply: reported once
                refused(Refusal(fact, None, None, e))
    assert state is not None
    return state


def _decided(
    item: Standing,
    state: Assembly | None,
    pending: deque[Event],
    context: Context,
    *,
    checking: bool,
) -> tuple[Event, Refusal | None]:
    """The fact as it stands (a corrected one as its rule decides it), and its refusal if
    checked and other than its rule decides; the facts decided with it join ``pending``."""
    fact = item.fact
    if pending:
        expected = pending.popleft()
        if checking and expected != fact:
            return fact, Refusal(fact, None, expected, together=True)
        return fact, None
    if not (checking or item.corrected):
        return fact, None
    context.work.decided += 1
    try:
        decided = list(decide_again(fact, state, context))
    except DomainError as e:
        # a forged correction (the audit names it) stands as written
        return fact, Refusal(fact, e, None) if checking else None
    if item.corrected and decided:
        fact = decided[0]
    if checking and (not decided or decided[0] != fact):
        return fact, Refusal(fact, None, decided[0] if decided else None)
    pending.extend(decided[1:])
    return fact, None


def as_it_stands(history: Sequence[Event], context: Context) -> Assembly:
    """The state of an assembly whose history holds corrections: each applied."""
    return rehearse(standing(history, context.fact_at), context, check_from=None)


def _settled(what: str, state: Assembly, event: Event, corrected: Event, context: Context) -> None:
    """Refuse ``event`` (a correction or an annulment of ``corrected``) if, applied, it leaves a
    fact of the history other than its rules decide."""
    items = standing([*context.history(state.id), event], context.fact_at)
    try:
        rehearse(items, context, check_from=corrected.originator_version)
    except Refusal as r:
        raise unsettled(what, r, corrected.originator_version) from None


def unsettled(what: str, r: Refusal, corrected: int) -> Unsettles:
    """The refusal of ``what`` (a correction or an annulment of the fact at version
    ``corrected``), told by the fact of the rehearsal it leaves other than its rules decide."""
    if r.fact.originator_version == corrected:
        if r.error is not None:
            return Unsettles(f"{what} is refused: {r.error.message}", r.error.rule)
        return Unsettles(f"{what} is refused: its rule decides it otherwise", _rule(r))
    later = f"{what} would break the later {kind(r.fact)} of {utc(r.fact.at)}"
    if r.error is not None:
        return Unsettles(f"{later} ({r.error.message}): correct that fact first", r.error.rule)
    if r.unfoldable is not None:
        return Unsettles(f"{later}, which could then not apply: correct that fact first", _rule(r))
    return Unsettles(
        f"{later}, which the rules would then decide otherwise: correct that fact first", _rule(r)
    )


def _rule(r: Refusal) -> str:
    return f"as-decided:{r.fact.wire.split('.')[1]}"


class Decided(NamedTuple):
    """A correction's own rules decided (not yet the history with it applied: ``_settled``)."""

    event: FactCorrected | FactAnnulled
    fact: Event  # the fact named, as the correction leaves it (an annulment: as it stood)
    what: str  # the act in words: ``correcting the time of the ... at log position 12``


def correction(
    state: Assembly,
    position: int,
    field: str,
    value: str,
    reason: str,
    *,
    kept: Ledger,
    at: datetime,
    by: str,
) -> Decided:
    """A correction's own rules (who corrects, which fact, which field, the value's form, its
    text), each costing the fact named: not yet whether the history still holds with it."""
    fact = target(state, position, kept, by)
    corrected = amended(fact, field, value)
    if getattr(corrected, field) == getattr(fact, field):
        raise NothingToCorrect(
            f"the {named(field)} of the {kind(fact)} at log position {position} already says "
            f"{value!r}: nothing to correct"
        )
    text.check(corrected)
    event = FactCorrected(
        **next_of(state), position=position, field=field, value=value, reason=reason, at=at, by=by
    )
    what = f"correcting the {named(field)} of the {kind(fact)} at log position {position}"
    return Decided(event, corrected, what)


def annulment(
    state: Assembly, position: int, reason: str, *, kept: Ledger, at: datetime, by: str
) -> Decided:
    """An annulment's own rules, each costing the fact named (as ``correction``)."""
    fact = target(state, position, kept, by)
    correctable(fact)
    event = FactAnnulled(**next_of(state), position=position, reason=reason, at=at, by=by)
    return Decided(event, fact, f"annulling the {kind(fact)} at log position {position}")


def correct(
    state: Assembly,
    position: int,
    field: str,
    value: str,
    reason: str,
    *,
    context: Context,
    at: datetime,
    by: str,
) -> FactCorrected:
    """The clerk corrects one field of the fact at ``position``, with a reason."""
    kept = ledger(context.history(state.id), context.fact_at)
    decided = correction(state, position, field, value, reason, kept=kept, at=at, by=by)
    _settled(decided.what, state, decided.event, decided.fact, context)
    assert isinstance(decided.event, FactCorrected)
    return decided.event


def annul(
    state: Assembly, position: int, reason: str, *, context: Context, at: datetime, by: str
) -> FactAnnulled:
    """The clerk annuls the fact at ``position``, recorded in error, with a reason."""
    kept = ledger(context.history(state.id), context.fact_at)
    decided = annulment(state, position, reason, kept=kept, at=at, by=by)
    _settled(decided.what, state, decided.event, decided.fact, context)
    assert isinstance(decided.event, FactAnnulled)
    return decided.event


def decide_again(event: Event, state: Assembly | None, context: Context) -> Sequence[Event]:
    """What the rules decide for this fact on the state before it (core.audit.redecide); a
    correction's rule is decided here, for it rehearses the history after the fact corrected."""
    if not isinstance(event, FactCorrected | FactAnnulled):
        return redecide(event, state, context)
    if state is None:
        raise UnknownMember("no assembly convened under this id")
    at, by = event.at, event.by
    if isinstance(event, FactCorrected):
        field, value = event.field, event.value
        return [
            correct(
                state, event.position, field, value, event.reason, context=context, at=at, by=by
            )
        ]
    return [annul(state, event.position, event.reason, context=context, at=at, by=by)]
