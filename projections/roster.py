"""Roster: who is on the panel and the reserve list, where each stands, and how they got there."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Column, Connection, Integer, String, Table, select

from core.assembly.membership import facts as membership_facts
from core.assembly.membership.members import Status
from projections.changes import Change, Fact, Insert, ReadModel, Update, uid, when
from projections.schema import metadata

roster = Table(
    "roster",
    metadata,
    Column("assembly_id", String(36), primary_key=True),
    Column("member", String(64), primary_key=True),  # the pseudonym from the draw
    Column("subpool", String(64), nullable=False),
    Column("criteria", String(400), nullable=False),  # JSON, keys sorted
    Column("status", String(16), nullable=False),
    Column("since", String(40), nullable=False),
    Column("reserve_rank", Integer),
    Column("working_group", String(100)),
    Column("replaces", String(64)),
    Column("replaced_by", String(64)),
)

roster_history = Table(
    "roster_history",
    metadata,
    Column("position", Integer, primary_key=True),
    Column("member", String(64), primary_key=True),
    Column("assembly_id", String(36), nullable=False, index=True),
    Column("status", String(16), nullable=False),
    Column("at", String(40), nullable=False),
    Column("by", String(200), nullable=False),
    Column("reason", String(2000)),
)


def _history(f: Fact, member: str, status: Status, reason: str | None = None) -> Insert:
    e = f.event
    row = {
        "position": f.position,
        "member": member,
        "assembly_id": uid(e.originator_id),
        "status": status.value,
        "at": when(e.at),
        "by": e.by,
        "reason": reason,
    }
    return Insert(roster_history, row)


def _became(f: Fact, status: Status, reason: str | None = None, **more: Any) -> list[Change]:
    e = f.event
    key = (uid(e.originator_id), e.member)
    values = {"status": status.value, "since": when(e.at), **more}
    return [Update(roster, key, values), _history(f, e.member, status, reason)]


def panel_arrived(f: Fact) -> Iterator[Change]:
    e: membership_facts.PanelArrived = f.event
    invited = [(d, Status.INVITED, None) for d in e.panel]
    reserves = [(d, Status.RESERVE, rank) for rank, d in enumerate(e.reserves, start=1)]
    for drawn, status, rank in invited + reserves:
        yield Insert(
            roster,
            {
                "assembly_id": uid(e.originator_id),
                "member": drawn.pseudonym,
                "subpool": drawn.subpool,
                "criteria": json.dumps(drawn.criteria, sort_keys=True),
                "status": status.value,
                "since": when(e.at),
                "reserve_rank": rank,
                "working_group": None,
                "replaces": None,
                "replaced_by": None,
            },
        )
        yield _history(f, drawn.pseudonym, status)


def reserve_called(f: Fact) -> list[Change]:
    e: membership_facts.ReserveCalled = f.event
    assembly = uid(e.originator_id)
    values = {"status": Status.INVITED.value, "since": when(e.at), "replaces": e.replaces}
    return [
        Update(roster, (assembly, e.reserve), values),
        Update(roster, (assembly, e.replaces), {"replaced_by": e.reserve}),
        _history(f, e.reserve, Status.INVITED, f"called to replace {e.replaces}{_stood(e)}"),
    ]


def quotas_of_call(e: membership_facts.ReserveCalled) -> str:
    """How a call stood against the committed quotas, verdict first ('' when it does not say):
    'keeping the committed quotas', or 'breaching the committed quotas by 2 seats, as every
    reserve would (none by fewer): gender=f 45 held, max 44; age=18-24 7 held, min 8 out of
    reach'."""
    if e.keeps_quotas is None:
        return ""
    if e.keeps_quotas:
        return "keeping the committed quotas"
    seats = f"{e.breach} seat{'s' if e.breach != 1 else ''}"
    quotas = "; ".join(standing(q) for q in e.breached)
    every = "as every reserve would (none by fewer)"
    return f"breaching the committed quotas by {seats}, {every}: {quotas}"


def standing(q: membership_facts.QuotaStanding) -> str:
    if q.holding > q.max:
        return f"{q.category}={q.value} {q.holding} held, max {q.max}"
    return f"{q.category}={q.value} {q.holding} held, min {q.min} out of reach"


def _stood(e: membership_facts.ReserveCalled) -> str:
    words = quotas_of_call(e)
    return f", {words}" if words else ""


def group_chosen(f: Fact) -> list[Change]:
    e: membership_facts.WorkingGroupChosen = f.event
    return [Update(roster, (uid(e.originator_id), e.member), {"working_group": e.group})]


READ_MODEL = ReadModel(
    name="roster",
    question="Who is on the panel and the reserve list, where does each stand, since when?",
    version=2,
    tables=(roster, roster_history),
    handlers={
        membership_facts.PanelArrived.wire: panel_arrived,
        membership_facts.InvitationAccepted.wire: lambda f: _became(f, Status.ACCEPTED),
        membership_facts.InvitationDeclined.wire: lambda f: _became(
            f, Status.DECLINED, f.event.reason
        ),
        membership_facts.MemberSeated.wire: lambda f: _became(f, Status.SEATED),
        membership_facts.MemberWithdrew.wire: lambda f: _became(
            f, Status.WITHDREW, f.event.reason, working_group=None
        ),
        membership_facts.MemberRemoved.wire: lambda f: _became(
            f, Status.REMOVED, f.event.reason, working_group=None
        ),
        membership_facts.ReserveCalled.wire: reserve_called,
        membership_facts.WorkingGroupChosen.wire: group_chosen,
    },
)


def members(conn: Connection, assembly_id: str, status: str | None = None) -> list[dict[str, Any]]:
    query = select(roster).where(roster.c.assembly_id == assembly_id)
    if status is not None:
        query = query.where(roster.c.status == status)
    rows = conn.execute(query.order_by(roster.c.subpool, roster.c.member)).mappings()
    return [{**r, "criteria": json.loads(r["criteria"])} for r in rows]


def history(conn: Connection, assembly_id: str, member: str) -> list[dict[str, Any]]:
    query = (
        select(roster_history)
        .where(roster_history.c.assembly_id == assembly_id, roster_history.c.member == member)
        .order_by(roster_history.c.position)
    )
    return [dict(r) for r in conn.execute(query).mappings()]
