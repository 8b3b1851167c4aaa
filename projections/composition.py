"""Composition: how the seated assembly compares with the quotas the draw committed to.

The quotas are facts of the draw's own record (``assembly.quotas_committed.v1``:
per sub-pool, its seats and each category value's [min, max]); the draw is tied
to its assembly by ``assembly.draw_opened.v1``, ``assembly.draw_announced.v1`` or the
panel's arrival (the latest of them counts). The draw's facts are decoded here from their
wire form, so this read model needs nothing of
the draw's code. Before any quota exists, composition compares seats per
sub-pool with the charter, and counts the seated per criterion.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import Column, Connection, Integer, String, Table, func, select

from core.assembly.convening import facts as convening_facts
from core.assembly.membership import facts as membership_facts
from projections.changes import Change, Fact, Insert, ReadModel, Update, Upsert, uid
from projections.schema import metadata

QUOTAS_COMMITTED = "assembly.quotas_committed.v1"
DRAW_OPENED = "assembly.draw_opened.v1"
DRAW_ANNOUNCED = "assembly.draw_announced.v1"  # the assembly binds itself to one draw


class _Quota(msgspec.Struct):
    category: str
    value: str
    min: int
    max: int


class _QuotasCommitted(msgspec.Struct):
    subpool: str
    seats: int
    quotas: list[_Quota]


class _DrawOpened(msgspec.Struct):
    assembly: UUID


class _DrawAnnounced(msgspec.Struct):
    draw: UUID


charter_seats = Table(
    "composition_charter_seats",
    metadata,
    Column("assembly_id", String(36), primary_key=True),
    Column("subpool", String(64), primary_key=True),
    Column("seats", Integer, nullable=False),
)
members = Table(
    "composition_members",
    metadata,
    Column("assembly_id", String(36), primary_key=True),
    Column("member", String(64), primary_key=True),
    Column("subpool", String(64), nullable=False),
    Column("seated", Integer, nullable=False),  # 1 while seated
)
criteria = Table(
    "composition_criteria",
    metadata,
    Column("assembly_id", String(36), primary_key=True),
    Column("member", String(64), primary_key=True),
    Column("category", String(64), primary_key=True),
    Column("value", String(64), nullable=False),
)
draws = Table(
    "composition_draws",
    metadata,
    Column("draw_id", String(36), primary_key=True),
    Column("assembly_id", String(36), nullable=False, index=True),
    Column("position", Integer, nullable=False),  # the latest fact tying them
)
quotas = Table(
    "composition_quotas",
    metadata,
    Column("draw_id", String(36), primary_key=True),
    Column("subpool", String(64), primary_key=True),
    Column("category", String(64), primary_key=True),
    Column("value", String(64), primary_key=True),
    Column("min", Integer, nullable=False),
    Column("max", Integer, nullable=False),
)
draw_seats = Table(
    "composition_draw_seats",
    metadata,
    Column("draw_id", String(36), primary_key=True),
    Column("subpool", String(64), primary_key=True),
    Column("seats", Integer, nullable=False),
)


def convened(f: Fact) -> Iterator[Change]:
    e: convening_facts.AssemblyConvened = f.event
    for subpool, seats in e.charter.subpool_seats.items():
        yield Insert(
            charter_seats, {"assembly_id": uid(e.originator_id), "subpool": subpool, "seats": seats}
        )


def panel_arrived(f: Fact) -> Iterator[Change]:
    e: membership_facts.PanelArrived = f.event
    assembly = uid(e.originator_id)
    if e.draw is not None:
        yield Upsert(
            draws, {"draw_id": uid(e.draw), "assembly_id": assembly, "position": f.position}
        )
    for d in (*e.panel, *e.reserves):
        yield Insert(
            members,
            {"assembly_id": assembly, "member": d.pseudonym, "subpool": d.subpool, "seated": 0},
        )
        for category, value in d.criteria.items():
            row = {"assembly_id": assembly, "member": d.pseudonym, "category": category}
            yield Insert(criteria, {**row, "value": value})


def _seated(f: Fact, seated: int) -> list[Change]:
    return [Update(members, (uid(f.event.originator_id), f.event.member), {"seated": seated})]


def draw_opened(f: Fact) -> list[Change]:
    opened = msgspec.json.decode(f.data, type=_DrawOpened)
    row = {"draw_id": uid(f.record), "assembly_id": uid(opened.assembly), "position": f.position}
    return [Upsert(draws, row)]


def draw_announced(f: Fact) -> list[Change]:
    announced = msgspec.json.decode(f.data, type=_DrawAnnounced)
    row = {"draw_id": uid(announced.draw), "assembly_id": uid(f.record), "position": f.position}
    return [Upsert(draws, row)]


def quotas_committed(f: Fact) -> Iterator[Change]:
    committed = msgspec.json.decode(f.data, type=_QuotasCommitted)
    draw, subpool = uid(f.record), committed.subpool
    yield Upsert(draw_seats, {"draw_id": draw, "subpool": subpool, "seats": committed.seats})
    for q in committed.quotas:
        key = {"draw_id": draw, "subpool": subpool, "category": q.category, "value": q.value}
        yield Upsert(quotas, {**key, "min": q.min, "max": q.max})


READ_MODEL = ReadModel(
    name="composition",
    question="How does the seated assembly compare with its seats and quotas?",
    version=2,
    tables=(charter_seats, members, criteria, draws, quotas, draw_seats),
    handlers={
        convening_facts.AssemblyConvened.wire: convened,
        membership_facts.PanelArrived.wire: panel_arrived,
        membership_facts.MemberSeated.wire: lambda f: _seated(f, 1),
        membership_facts.MemberWithdrew.wire: lambda f: _seated(f, 0),
        membership_facts.MemberRemoved.wire: lambda f: _seated(f, 0),
        DRAW_OPENED: draw_opened,
        DRAW_ANNOUNCED: draw_announced,
        QUOTAS_COMMITTED: quotas_committed,
    },
    public=(charter_seats.name, quotas.name, draw_seats.name),
)


def _draw_of(conn: Connection, assembly_id: str) -> str | None:
    query = (
        select(draws.c.draw_id)
        .where(draws.c.assembly_id == assembly_id)
        .order_by(draws.c.position.desc())
        .limit(1)
    )
    return conn.execute(query).scalar()


def _seated_counts(conn: Connection, assembly_id: str) -> dict[tuple[str, str, str], int]:
    query = (
        select(members.c.subpool, criteria.c.category, criteria.c.value, func.count())
        .join(
            criteria,
            (criteria.c.assembly_id == members.c.assembly_id)
            & (criteria.c.member == members.c.member),
        )
        .where(members.c.assembly_id == assembly_id, members.c.seated == 1)
        .group_by(members.c.subpool, criteria.c.category, criteria.c.value)
    )
    return {(s, c, v): n for s, c, v, n in conn.execute(query)}


def composition(conn: Connection, assembly_id: str) -> dict[str, Any]:
    """Per sub-pool: seats (the draw's, else the charter's) and the seated; per category value:
    the seated and, once the draw committed quotas, its [min, max] and whether it is met."""
    seated: dict[str, int] = dict(
        conn.execute(
            select(members.c.subpool, func.count())
            .where(members.c.assembly_id == assembly_id, members.c.seated == 1)
            .group_by(members.c.subpool)
        ).all()
    )
    draw = _draw_of(conn, assembly_id)
    seats: dict[str, int] = dict(
        conn.execute(
            select(charter_seats.c.subpool, charter_seats.c.seats).where(
                charter_seats.c.assembly_id == assembly_id
            )
        ).all()
    )
    bounds: dict[tuple[str, str, str], tuple[int, int]] = {}
    if draw is not None:
        drawn = select(draw_seats.c.subpool, draw_seats.c.seats).where(draw_seats.c.draw_id == draw)
        seats.update(dict(conn.execute(drawn).all()))
        for q in conn.execute(select(quotas).where(quotas.c.draw_id == draw)).mappings():
            bounds[(q["subpool"], q["category"], q["value"])] = (q["min"], q["max"])
    counts = _seated_counts(conn, assembly_id)
    categories: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for subpool, category, value in sorted(set(counts) | set(bounds)):
        n = counts.get((subpool, category, value), 0)
        row: dict[str, Any] = {"category": category, "value": value, "seated": n}
        if (subpool, category, value) in bounds:
            low, high = bounds[(subpool, category, value)]
            row.update(min=low, max=high, met=low <= n <= high)
        categories[subpool].append(row)
    subpools = sorted(set(seats) | set(seated) | set(categories))
    return {
        "draw_id": draw,
        "quotas": bool(bounds),
        "subpools": [
            {
                "subpool": s,
                "seats": seats.get(s),
                "seated": seated.get(s, 0),
                "categories": categories.get(s, []),
            }
            for s in subpools
        ],
    }
