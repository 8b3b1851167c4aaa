"""Corrections on the read side: every read model shows the corrected value, and the record of
corrections says that it was corrected (when, by whom, why, at which position).

A correction reaches each read model as the fact it names, before and after (the worker gives
``Fact.event`` as a core.assembly.corrections.Amendment): the model's own handler for that fact
is asked what it made of each, and the columns that differ are updated in place, so a row a later
fact changed keeps what that fact set. An annulled fact's rows are deleted and the columns it set
are set back (``UNDONE``), so the right act may then be recorded again; the timeline keeps its
line, marked annulled."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import msgspec
from sqlalchemy import Column, Connection, Integer, String, Table, Text, select

from core.assembly.corrections import Amendment, FactAnnulled, FactCorrected, kind
from core.assembly.followup import facts as followup_facts
from core.assembly.membership import facts as membership_facts
from core.assembly.recommendations import facts as recommendation_facts
from core.assembly.sittings import facts as sitting_facts
from core.events import Event
from projections import timeline as tl
from projections.changes import (
    Amend,
    Change,
    Delete,
    Fact,
    Handler,
    Insert,
    Key,
    ReadModel,
    Update,
    Upsert,
    uid,
    when,
)
from projections.schema import metadata

TOPICS = (FactCorrected.wire, FactAnnulled.wire)

corrections = Table(
    "corrections",
    metadata,
    Column("position", Integer, primary_key=True),  # the correction's own
    Column("assembly_id", String(36), nullable=False, index=True),
    Column("corrects", Integer, nullable=False, index=True),  # the position of the fact named
    Column("kind", String(64), nullable=False),  # of the fact named
    Column("action", String(16), nullable=False),  # corrected | annulled
    Column("field", String(64)),
    Column("value", Text),
    Column("reason", Text, nullable=False),
    Column("at", String(40), nullable=False),
    Column("by", String(200), nullable=False),
)


def recorded(f: Fact) -> list[Change]:
    a: Amendment = f.event
    c = a.correction
    row = {
        "position": f.position,
        "assembly_id": uid(f.record),
        "corrects": c.position,
        "kind": kind(a.before) if a.before is not None else "no fact of this assembly",
        "action": "corrected" if isinstance(c, FactCorrected) else "annulled",
        "field": getattr(c, "field", None),
        "value": getattr(c, "value", None),
        "reason": c.reason,
        "at": when(c.at),
        "by": c.by,
    }
    return [Insert(corrections, row)]


READ_MODEL = ReadModel(
    name="corrections",
    question="Which facts were corrected or annulled, when, by whom, why?",
    version=1,
    tables=(corrections,),
    handlers={t: recorded for t in TOPICS},
    public=(corrections.name,),
)


def _as_fact(f: Fact, event: Event) -> Fact:
    a: Amendment = f.event
    position = a.correction.position
    return Fact(
        position, event.wire, f.record, event.originator_version, msgspec.json.encode(event), event
    )


def _row_key(change: Change) -> Key:
    """The primary key of the row a change is about."""
    if isinstance(change, Insert | Upsert):
        return tuple(change.row[c.name] for c in change.table.primary_key.columns)
    return change.key


def _values(change: Insert | Upsert | Update | Amend) -> dict[str, Any]:
    return dict(change.values if isinstance(change, Update | Amend) else change.row)


def differences(before: list[Change], after: list[Change]) -> Iterator[Amend]:
    """What the corrected fact changes in rows its first form made: the columns that differ."""
    old = {(c.table.name, _row_key(c)): c for c in before if not isinstance(c, Delete)}
    for change in after:
        first = old.get((change.table.name, _row_key(change)))
        if first is None or isinstance(change, Delete) or isinstance(first, Delete):
            continue
        was, now = _values(first), _values(change)
        changed = {k: v for k, v in now.items() if was.get(k) != v}
        if changed:
            yield Amend(change.table, _row_key(first), changed)  # a later fact may have deleted it


UNDONE: dict[str, dict[str, Any]] = {
    membership_facts.InvitationAccepted.wire: {"status": "invited"},
    membership_facts.InvitationDeclined.wire: {"status": "invited"},
    membership_facts.MemberSeated.wire: {"status": "accepted", "seated": 0},
    membership_facts.MemberWithdrew.wire: {"status": "seated", "seated": 1},
    membership_facts.MemberRemoved.wire: {"status": "seated", "seated": 1},
    sitting_facts.SessionCancelled.wire: {"status": "scheduled"},
    sitting_facts.SessionOpened.wire: {"status": "scheduled"},
    sitting_facts.SessionClosed.wire: {"status": "open"},
    recommendation_facts.AmendmentWithdrawn.wire: {"status": "tabled"},
    followup_facts.RecommendationsSubmitted.wire: {"status": "adopted"},
}
"""What a column said before a fact of that kind set it, for the columns an annulment sets back
that may not be empty (a status). The other columns the fact set are emptied where they may be
(an answer's reasons); those that may not be and are not here (the roster's ``since``) stay."""


def undone(fact: Event, changes: list[Change]) -> Iterator[Change]:
    """The rows an annulled fact made, deleted; the columns it set, set back (see UNDONE)."""
    back = UNDONE.get(fact.wire, {})
    for c in changes:
        if isinstance(c, Insert | Upsert):
            yield Delete(c.table, _row_key(c))
        elif isinstance(c, Update | Amend):
            values = {k: back.get(k) for k in c.values if k in back or c.table.c[k].nullable}
            if values:
                yield Amend(c.table, c.key, values)


def _reapplied(handler: Handler, f: Fact) -> list[Change]:
    a: Amendment = f.event
    if a.before is None:
        return []
    before = list(handler(_as_fact(f, a.before)))
    if a.after is None:
        return list(undone(a.before, before))
    return list(differences(before, list(handler(_as_fact(f, a.after)))))


def correcting(model: ReadModel, marks: Any = None) -> ReadModel:
    """``model``, taking corrections and annulments of the facts it reads (see above)."""

    def handle(f: Fact) -> list[Change]:
        a: Amendment = f.event
        handler = model.handler(a.before.wire) if a.before is not None else None
        changes = _reapplied(handler, f) if handler is not None else []
        return marks(f, changes) if marks is not None else changes

    return dataclasses.replace(model, handlers={**model.handlers, **{t: handle for t in TOPICS}})


def timeline_marks(f: Fact, changes: list[Change]) -> list[Change]:
    """The timeline: a line for the correction itself, and the line of the fact named says what
    it now says, and that it was corrected or annulled (never deleted)."""
    a: Amendment = f.event
    c = a.correction
    named = kind(a.before) if a.before is not None else "fact"
    said: tl.Said
    if isinstance(c, FactCorrected):
        said = (
            tl.N_("the {fact} at log position {position} corrected: {field} {value} ({reason})"),
            {"field": c.field, "value": repr(c.value)},
        )
    else:
        said = (tl.N_("the {fact} at log position {position} annulled ({reason})"), {})
    said[1].update(fact=named, position=c.position, reason=c.reason)
    line = {
        "position": f.position,
        "assembly_id": uid(f.record),
        "at": when(c.at),
        "kind": tl.kind_of(c.wire),
        "summary": tl.english(*said),
        "words": tl.wording(*said),
        "member": None,
        "by": c.by,
    }
    out: list[Change] = [x for x in changes if x.table is not tl.timeline]
    out += [x for x in changes if x.table is tl.timeline and not isinstance(x, Delete)]
    first = (
        [x for x in tl.entry(_as_fact(f, a.before)) if x.table is tl.timeline] if a.before else []
    )
    if first:
        now = tl.entry(_as_fact(f, a.after)) if a.after is not None else first
        row = now[0].row if now else first[0].row  # type: ignore[union-attr]
        mark = "corrected" if a.after is not None else "ANNULLED"
        note = f"{row['summary']} [{mark} at log position {f.position}]"
        words = row["words"] and tl.marked(row["words"], mark.lower(), f.position)
        out.append(Amend(tl.timeline, (c.position,), {"summary": note, "words": words}))
    return [*out, Insert(tl.timeline, line)]


def corrections_of(conn: Connection, assembly_id: str) -> list[dict[str, Any]]:
    query = select(corrections).where(corrections.c.assembly_id == assembly_id)
    return [dict(r) for r in conn.execute(query.order_by(corrections.c.position)).mappings()]
