"""Assemblies: every assembly convened, by series and cohort, its charter, its phase, its draw.

The charter is kept whole (its JSON, as the fact has it), so that a page can say the rules in
words and the seats of each sub-pool without folding the assembly; each fact that set a column
gives its log position beside it.
"""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import Column, Connection, Integer, String, Table, Text, select

from core.assembly.convening import facts as convening_facts
from projections.changes import Change, Fact, Insert, ReadModel, Update, uid, when
from projections.schema import metadata

assemblies = Table(
    "assemblies",
    metadata,
    Column("assembly_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("cohort", Integer, nullable=False),
    Column("term_start", String(10), nullable=False),
    Column("term_end", String(10), nullable=False),
    Column("seats", Integer, nullable=False),
    Column("charter", Text, nullable=False),  # JSON, as the convening fact has it
    Column("previous_cohort", String(36)),
    Column("convened_at", String(40), nullable=False),
    Column("convened_position", Integer, nullable=False),
    Column("phase", String(32)),
    Column("phase_at", String(40)),
    Column("phase_position", Integer),
    Column("draw_id", String(36)),
    Column("draw_position", Integer),
)


def convened(f: Fact) -> list[Change]:
    e: convening_facts.AssemblyConvened = f.event
    c = e.charter
    row = {
        "assembly_id": uid(e.originator_id),
        "name": c.name,
        "cohort": c.cohort,
        "term_start": c.term_start.isoformat(),
        "term_end": c.term_end.isoformat(),
        "seats": c.seats,
        "charter": msgspec.json.encode(c).decode(),
        "previous_cohort": uid(e.previous_cohort),
        "convened_at": when(e.at),
        "convened_position": f.position,
        "phase": None,
        "phase_at": None,
        "phase_position": None,
        "draw_id": None,
        "draw_position": None,
    }
    return [Insert(assemblies, row)]


def phase_opened(f: Fact) -> list[Change]:
    e: convening_facts.PhaseOpened = f.event
    values = {"phase": e.phase.value, "phase_at": when(e.at), "phase_position": f.position}
    return [Update(assemblies, (uid(e.originator_id),), values)]


class _DrawAnnounced(msgspec.Struct):
    draw: str


def draw_announced(f: Fact) -> list[Change]:
    announced = msgspec.json.decode(f.data, type=_DrawAnnounced)  # as composition reads it
    values = {"draw_id": announced.draw, "draw_position": f.position}
    return [Update(assemblies, (uid(f.record),), values)]


READ_MODEL = ReadModel(
    name="assemblies",
    question="Which assemblies were convened, by cohort, under which charter, in which phase?",
    version=1,
    tables=(assemblies,),
    handlers={
        convening_facts.AssemblyConvened.wire: convened,
        convening_facts.PhaseOpened.wire: phase_opened,
        convening_facts.DrawAnnounced.wire: draw_announced,
    },
    public=(assemblies.name,),
)


def _row(r: Any) -> dict[str, Any]:
    return {**r, "charter": msgspec.json.decode(r["charter"])}


def assembly_list(conn: Connection) -> list[dict[str, Any]]:
    """Every assembly, newest cohort first, series by name."""
    query = select(assemblies).order_by(assemblies.c.cohort.desc(), assemblies.c.name)
    return [_row(r) for r in conn.execute(query).mappings()]


def assembly(conn: Connection, assembly_id: str) -> dict[str, Any] | None:
    query = select(assemblies).where(assemblies.c.assembly_id == assembly_id)
    found = conn.execute(query).mappings().first()
    return None if found is None else _row(found)
