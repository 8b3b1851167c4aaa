"""The draw's record, kept for the public to re-derive: every fact of each draw (opened, pool,
quotas, tickets, randomness declared and revealed, panels) and the panel's arrival in its
assembly, as the log stored them, with their log positions.

The facts are kept as their stored bytes, not taken apart in columns: what the public page
shows of a draw (its ceremony, its seed, the probabilities, whether it verifies) is what the
auditor's re-derivation (core/draw/verify.py) computes from exactly these facts, so the page
runs that re-derivation on them, and nothing here can disagree with it. The pool's facts hold
pseudonyms, criteria and salted commitments only, never personal data.
"""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import Column, Connection, Integer, LargeBinary, String, Table, select

from core.assembly.membership import facts as membership_facts
from projections.changes import Change, Fact, Insert, ReadModel, Upsert, uid
from projections.schema import metadata

DRAW_FACTS = (
    "assembly.draw_opened.v1",
    "assembly.pool_entered.v1",
    "assembly.pool_committed.v1",
    "assembly.quotas_committed.v1",
    "assembly.tickets_committed.v1",  # retired: upcast when read
    "assembly.tickets_committed.v2",
    "assembly.randomness_declared.v1",
    "assembly.randomness_revealed.v1",
    "assembly.panel_drawn.v1",
)

draw_facts = Table(
    "draw_facts",
    metadata,
    Column("position", Integer, primary_key=True),
    Column("draw_id", String(36), nullable=False, index=True),  # the draw the fact is of
    Column("record_id", String(36), nullable=False),  # its record: the draw's, or the assembly's
    Column("version", Integer, nullable=False),  # its place in that record
    Column("topic", String(100), nullable=False),  # the wire name it was stored under
    Column("data", LargeBinary, nullable=False),  # its payload, as stored
)
draw_assemblies = Table(
    "draw_assemblies",
    metadata,
    Column("draw_id", String(36), primary_key=True),
    Column("assembly_id", String(36), nullable=False, index=True),
)


class _DrawOpened(msgspec.Struct):
    assembly: str


def _kept(f: Fact, draw: Any) -> Insert:
    row = {
        "position": f.position,
        "draw_id": uid(draw),
        "record_id": uid(f.record),
        "version": f.version,
        "topic": f.topic,
        "data": f.data,
    }
    return Insert(draw_facts, row)


def draw_fact(f: Fact) -> list[Change]:
    changes: list[Change] = [_kept(f, f.record)]
    if f.topic == DRAW_FACTS[0]:
        opened = msgspec.json.decode(f.data, type=_DrawOpened)  # decoded here: see composition
        link = {"draw_id": uid(f.record), "assembly_id": opened.assembly}
        changes.append(Upsert(draw_assemblies, link))
    return changes


def panel_arrived(f: Fact) -> list[Change]:
    e: membership_facts.PanelArrived = f.event
    if e.draw is None:  # a panel drawn elsewhere: no draw on this log to re-derive
        return []
    link = Upsert(draw_assemblies, {"draw_id": uid(e.draw), "assembly_id": uid(e.originator_id)})
    return [_kept(f, e.draw), link]


READ_MODEL = ReadModel(
    name="draws",
    question="What did each draw commit and reveal, for anyone to re-derive it?",
    version=1,
    tables=(draw_facts, draw_assemblies),
    handlers={
        **dict.fromkeys(DRAW_FACTS, draw_fact),
        membership_facts.PanelArrived.wire: panel_arrived,
    },
)


def draws_of(conn: Connection, assembly_id: str) -> list[str]:
    query = select(draw_assemblies.c.draw_id).where(draw_assemblies.c.assembly_id == assembly_id)
    return sorted(conn.execute(query).scalars())


def facts_of(conn: Connection, draw_id: str) -> list[dict[str, Any]]:
    """The draw's facts and its panel's arrival, in log order."""
    query = select(draw_facts).where(draw_facts.c.draw_id == draw_id)
    return [dict(r) for r in conn.execute(query.order_by(draw_facts.c.position)).mappings()]
