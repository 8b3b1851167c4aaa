"""A correction's rule: the assembly's history is decided again, with the correction applied, by
the rules that decided it the first time (core.audit.redecide). Every fact after the one corrected
must still be what its rule decides on the state the correction leaves (a time correction keeps
the time order with every fact depending on it; an annulled session leaves its attendance with
no session, and is refused); the corrected fact itself must be what its rule decides from its
corrected inputs (a field derived from the one changed, such as an answer's lateness, is derived
again). The application decides a correction with it, and the auditor re-checks it with it.

Its cost is one pass over the assembly's facts for each correction: corrections are rare acts of
the clerk, and the facts before the one corrected are only folded, never decided again."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from datetime import datetime

from core.assembly.corrections import (
    FactAnnulled,
    FactCorrected,
    NothingToCorrect,
    Standing,
    amended,
    correctable,
    kind,
    named,
    standing,
    target,
)
from core.assembly.state import Assembly, evolve, next_of, touch
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


class _Refused(Exception):
    def __init__(self, fact: Event, error: DomainError | None, expected: Event | None) -> None:
        self.fact, self.error, self.expected = fact, error, expected


def rehearse(items: Sequence[Standing], context: Context, *, check_from: int | None) -> Assembly:
    """The state the history leaves, folding each fact as it stands. From version
    ``check_from`` on (None: never), each fact must be what its rule decides on the state
    before it; a corrected fact is always decided again, and stands as decided."""
    state: Assembly | None = None
    pending: deque[Event] = deque()
    for item in items:
        fact = item.fact
        if not item.counts:
            assert state is not None  # the convening is never annulled nor a correction
            state = touch(state, fact)
            continue
        checking = check_from is not None and fact.originator_version >= check_from
        if pending:
            expected = pending.popleft()
            if checking and expected != fact:
                raise _Refused(fact, None, expected)
        elif checking or item.corrected:
            try:
                decided = list(redecide(fact, state, context))
            except DomainError as e:
                if checking:
                    raise _Refused(fact, e, None) from None
                decided = []  # a forged correction (the audit names it) stands as written
            if item.corrected and decided:
                fact = decided[0]
            if checking and (not decided or decided[0] != fact):
                raise _Refused(fact, None, decided[0] if decided else None)
            pending.extend(decided[1:])
        state = evolve(fact, state)
    assert state is not None
    return state


def as_it_stands(history: Sequence[Event], context: Context) -> Assembly:
    """The state of an assembly whose history holds corrections: each applied."""
    return rehearse(standing(history, context.fact_at), context, check_from=None)


def _settled(what: str, state: Assembly, event: Event, corrected: Event, context: Context) -> None:
    """Refuse ``event`` (a correction or an annulment of ``corrected``) if, applied, it leaves a
    fact of the history other than its rules decide."""
    items = standing([*context.history(state.id), event], context.fact_at)
    try:
        rehearse(items, context, check_from=corrected.originator_version)
    except _Refused as r:
        if r.fact.originator_version == corrected.originator_version:
            if r.error is not None:
                raise Unsettles(f"{what} is refused: {r.error.message}", r.error.rule) from None
            raise Unsettles(f"{what} is refused: its rule decides it otherwise", _rule(r)) from None
        later = f"{what} would break the later {kind(r.fact)} of {utc(r.fact.at)}"
        if r.error is not None:
            message = f"{later} ({r.error.message}): correct that fact first"
            raise Unsettles(message, r.error.rule) from None
        raise Unsettles(
            f"{later}, which the rules would then decide otherwise: correct that fact first",
            _rule(r),
        ) from None


def _rule(r: _Refused) -> str:
    return f"as-decided:{r.fact.wire.split('.')[1]}"


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
    history = context.history(state.id)
    fact = target(state, position, history, context.fact_at, by)
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
    _settled(what, state, event, corrected, context)
    return event


def annul(
    state: Assembly, position: int, reason: str, *, context: Context, at: datetime, by: str
) -> FactAnnulled:
    """The clerk annuls the fact at ``position``, recorded in error, with a reason."""
    history = context.history(state.id)
    fact = target(state, position, history, context.fact_at, by)
    correctable(fact)
    event = FactAnnulled(**next_of(state), position=position, reason=reason, at=at, by=by)
    what = f"annulling the {kind(fact)} at log position {position}"
    _settled(what, state, event, fact, context)
    return event
