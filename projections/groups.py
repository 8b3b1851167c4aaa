"""Working groups: which themes the assembly works on, who is in each, and their sessions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Column, Connection, String, Table, func, select

from core.assembly.convening import facts as convening_facts
from core.assembly.membership import facts as membership_facts
from core.assembly.sittings import facts as sitting_facts
from projections.changes import Amend, Change, Delete, Fact, Insert, ReadModel, Upsert, uid, when
from projections.schema import metadata

groups = Table(
    "working_groups",
    metadata,
    Column("assembly_id", String(36), primary_key=True),
    Column("theme", String(100), primary_key=True),
)
group_members = Table(
    "working_group_members",
    metadata,
    Column("assembly_id", String(36), primary_key=True),
    Column("member", String(64), primary_key=True),
    Column("theme", String(100), nullable=False),
    Column("since", String(40), nullable=False),
)
group_sessions = Table(
    "working_group_sessions",
    metadata,
    Column("assembly_id", String(36), primary_key=True),
    Column("session_id", String(36), primary_key=True),
    Column("theme", String(100), nullable=False),
    Column("title", String(500), nullable=False),
    Column("starts_at", String(40), nullable=False),  # as first scheduled
    Column("postponed_to", String(40)),
    Column("cancelled_reason", String(4000)),  # a cancelled session never meets
)


def convened(f: Fact) -> Iterator[Change]:
    e: convening_facts.AssemblyConvened = f.event
    for theme in e.charter.themes:
        yield Insert(groups, {"assembly_id": uid(e.originator_id), "theme": theme})


def chosen(f: Fact) -> list[Change]:
    e: membership_facts.WorkingGroupChosen = f.event
    row = {"assembly_id": uid(e.originator_id), "member": e.member, "theme": e.group}
    return [Upsert(group_members, {**row, "since": when(e.at)})]


def left(f: Fact) -> list[Change]:
    """A member who withdrew or was removed leaves their group (if they had one)."""
    return [Delete(group_members, (uid(f.event.originator_id), f.event.member))]


def scheduled(f: Fact) -> list[Change]:
    e: sitting_facts.SessionScheduled = f.event
    if e.group is None:
        return []
    row = {
        "assembly_id": uid(e.originator_id),
        "session_id": uid(e.session),
        "theme": e.group,
        "title": e.title,
        "starts_at": when(e.starts_at),
        "postponed_to": None,
        "cancelled_reason": None,
    }
    return [Insert(group_sessions, row)]


def _meeting(f: Fact, **values: Any) -> list[Change]:
    """A working group's session, if it is one (a plenary has no row here)."""
    return [Amend(group_sessions, (uid(f.event.originator_id), uid(f.event.session)), values)]


READ_MODEL = ReadModel(
    name="groups",
    question="Which working groups are there, who is in each, and when do they meet?",
    version=2,  # 2: postponed and cancelled sessions
    tables=(groups, group_members, group_sessions),
    handlers={
        convening_facts.AssemblyConvened.wire: convened,
        membership_facts.WorkingGroupChosen.wire: chosen,
        membership_facts.MemberWithdrew.wire: left,
        membership_facts.MemberRemoved.wire: left,
        sitting_facts.SessionScheduled.wire: scheduled,
        sitting_facts.SessionPostponed.wire: lambda f: _meeting(
            f, postponed_to=when(f.event.starts_at)
        ),
        sitting_facts.SessionCancelled.wire: lambda f: _meeting(f, cancelled_reason=f.event.reason),
    },
    public=(groups.name, group_sessions.name),
)


def working_groups(conn: Connection, assembly_id: str) -> list[dict[str, Any]]:
    themes = conn.execute(
        select(groups.c.theme).where(groups.c.assembly_id == assembly_id).order_by(groups.c.theme)
    ).scalars()
    out = {t: {"theme": t, "members": [], "sessions": []} for t in themes}
    people = select(group_members).where(group_members.c.assembly_id == assembly_id)
    for m in conn.execute(people.order_by(group_members.c.member)).mappings():
        out.setdefault(m["theme"], {"theme": m["theme"], "members": [], "sessions": []})
        out[m["theme"]]["members"].append(m["member"])
    meetings = select(group_sessions).where(group_sessions.c.assembly_id == assembly_id)
    start = func.coalesce(group_sessions.c.postponed_to, group_sessions.c.starts_at)
    for s in conn.execute(meetings.order_by(start)).mappings():
        out.setdefault(s["theme"], {"theme": s["theme"], "members": [], "sessions": []})
        out[s["theme"]]["sessions"].append(
            {
                "session_id": s["session_id"],
                "title": s["title"],
                "starts_at": s["starts_at"],
                "postponed_to": s["postponed_to"],
                "cancelled_reason": s["cancelled_reason"],
            }
        )
    return list(out.values())
