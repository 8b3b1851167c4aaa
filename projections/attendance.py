"""Sessions and attendance: what met when (or was postponed, or cancelled, and why), who was
there, and each member's attendance rate."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Column, Connection, Integer, String, Table, case, func, select

from core.assembly.sittings import facts as sitting_facts
from core.assembly.sittings.model import Presence, SessionStatus
from projections.changes import Change, Fact, Insert, ReadModel, Update, Upsert, uid, when
from projections.schema import metadata

sessions = Table(
    "sessions",
    metadata,
    Column("assembly_id", String(36), primary_key=True),
    Column("session_id", String(36), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("working_group", String(100)),
    Column("title", String(500), nullable=False),
    Column("starts_at", String(40), nullable=False),  # as first scheduled
    Column("postponed_to", String(40)),  # the start it was last postponed to
    Column("postponed_reason", String(4000)),
    Column("cancelled_reason", String(4000)),
    Column("agenda", String(4000), nullable=False),  # JSON list
    Column("status", String(16), nullable=False),
    Column("opened_at", String(40)),
    Column("closed_at", String(40)),
    Column("minutes_sha256", String(64)),
    Column("minutes_location", String(2000)),
    Column("scheduled_position", Integer),  # the log positions of the facts that set the row
    Column("opened_position", Integer),
    Column("closed_position", Integer),
    Column("minutes_position", Integer),
)
experts = Table(
    "session_experts",
    metadata,
    Column("position", Integer, primary_key=True),
    Column("assembly_id", String(36), nullable=False),
    Column("session_id", String(36), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("affiliation", String(200), nullable=False),
    Column("topic", String(500), nullable=False),
)
attendance = Table(
    "attendance",
    metadata,
    Column("assembly_id", String(36), primary_key=True),
    Column("session_id", String(36), primary_key=True),
    Column("member", String(64), primary_key=True),
    Column("presence", String(16), nullable=False),
)


def scheduled(f: Fact) -> list[Change]:
    e: sitting_facts.SessionScheduled = f.event
    row = {
        "assembly_id": uid(e.originator_id),
        "session_id": uid(e.session),
        "kind": e.kind.value,
        "working_group": e.group,
        "title": e.title,
        "starts_at": when(e.starts_at),
        "agenda": json.dumps(list(e.agenda), ensure_ascii=False),
        "status": SessionStatus.SCHEDULED.value,
        "postponed_to": None,
        "postponed_reason": None,
        "cancelled_reason": None,
        "opened_at": None,
        "closed_at": None,
        "minutes_sha256": None,
        "minutes_location": None,
        "scheduled_position": f.position,
        "opened_position": None,
        "closed_position": None,
        "minutes_position": None,
    }
    return [Insert(sessions, row)]


def _session(f: Fact, **values: Any) -> list[Change]:
    return [Update(sessions, (uid(f.event.originator_id), uid(f.event.session)), values)]


def expert_heard(f: Fact) -> list[Change]:
    e: sitting_facts.ExpertHeard = f.event
    row = {
        "position": f.position,
        "assembly_id": uid(e.originator_id),
        "session_id": uid(e.session),
        "name": e.expert.name,
        "affiliation": e.expert.affiliation,
        "topic": e.expert.topic,
    }
    return [Insert(experts, row)]


def attended(f: Fact) -> list[Change]:
    e: sitting_facts.AttendanceRecorded = f.event
    row = {
        "assembly_id": uid(e.originator_id),
        "session_id": uid(e.session),
        "member": e.member,
        "presence": e.presence.value,
    }
    return [Upsert(attendance, row)]


READ_MODEL = ReadModel(
    name="attendance",
    question="Which sessions met, who attended, and how often does each member attend?",
    version=3,  # 2: postponed and cancelled sessions; 3: log positions
    tables=(sessions, experts, attendance),
    handlers={
        sitting_facts.SessionScheduled.wire: scheduled,
        sitting_facts.SessionPostponed.wire: lambda f: _session(
            f, postponed_to=when(f.event.starts_at), postponed_reason=f.event.reason
        ),
        sitting_facts.SessionCancelled.wire: lambda f: _session(
            f, status=SessionStatus.CANCELLED.value, cancelled_reason=f.event.reason
        ),
        sitting_facts.SessionOpened.wire: lambda f: _session(
            f,
            status=SessionStatus.OPEN.value,
            opened_at=when(f.event.at),
            opened_position=f.position,
        ),
        sitting_facts.SessionClosed.wire: lambda f: _session(
            f,
            status=SessionStatus.CLOSED.value,
            closed_at=when(f.event.at),
            closed_position=f.position,
        ),
        sitting_facts.MinutesRecorded.wire: lambda f: _session(
            f,
            minutes_sha256=f.event.sha256,
            minutes_location=f.event.location,
            minutes_position=f.position,
        ),
        sitting_facts.ExpertHeard.wire: expert_heard,
        sitting_facts.AttendanceRecorded.wire: attended,
    },
    public=(sessions.name, experts.name),
)


def _counts() -> list[Any]:
    return [
        func.sum(case((attendance.c.presence == p.value, 1), else_=0)).label(p.value)
        for p in Presence
    ]


def session_list(conn: Connection, assembly_id: str) -> list[dict[str, Any]]:
    """Each session with how many were present, excused and absent; a postponed one in the
    order of its new start, and each with the reason it was postponed or cancelled."""
    counted = (
        select(attendance.c.session_id, *_counts())
        .where(attendance.c.assembly_id == assembly_id)
        .group_by(attendance.c.session_id)
        .subquery()
    )
    query = (
        select(sessions, *(func.coalesce(counted.c[p.value], 0).label(p.value) for p in Presence))
        .outerjoin(counted, counted.c.session_id == sessions.c.session_id)
        .where(sessions.c.assembly_id == assembly_id)
        .order_by(
            func.coalesce(sessions.c.postponed_to, sessions.c.starts_at), sessions.c.session_id
        )
    )
    return [
        {
            **r,
            "agenda": json.loads(r["agenda"]),
            "reason": r["cancelled_reason"] or r["postponed_reason"],
        }
        for r in conn.execute(query).mappings()
    ]


def rates(conn: Connection, assembly_id: str) -> list[dict[str, Any]]:
    """Per member: sessions with their attendance recorded, present, excused, absent, and
    the rate (present / recorded), as a string with one decimal."""
    query = (
        select(attendance.c.member, func.count().label("recorded"), *_counts())
        .where(attendance.c.assembly_id == assembly_id)
        .group_by(attendance.c.member)
        .order_by(attendance.c.member)
    )
    out = []
    for r in conn.execute(query).mappings():
        rate = f"{100 * r['present'] / r['recorded']:.1f}%" if r["recorded"] else "-"
        out.append({**r, "rate": rate})
    return out


def experts_heard(conn: Connection, assembly_id: str) -> list[dict[str, Any]]:
    query = select(experts).where(experts.c.assembly_id == assembly_id).order_by(experts.c.position)
    return [dict(r) for r in conn.execute(query).mappings()]
