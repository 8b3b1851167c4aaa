"""Training: which trainings the members were offered, on what, by whom, and who attended."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Connection, String, Table, case, func, select

from core.assembly.sittings.model import Presence
from core.assembly.training import facts as training_facts
from projections.changes import Change, Fact, Insert, ReadModel, Upsert, uid, when
from projections.schema import metadata

trainings = Table(
    "trainings",
    metadata,
    Column("assembly_id", String(36), primary_key=True),
    Column("training_id", String(36), primary_key=True),
    Column("topic", String(500), nullable=False),
    Column("trainer", String(200), nullable=False),
    Column("starts_at", String(40), nullable=False),
)
training_attendance = Table(
    "training_attendance",
    metadata,
    Column("assembly_id", String(36), primary_key=True),
    Column("training_id", String(36), primary_key=True),
    Column("member", String(64), primary_key=True),
    Column("presence", String(16), nullable=False),
)


def scheduled(f: Fact) -> list[Change]:
    e: training_facts.TrainingScheduled = f.event
    row = {
        "assembly_id": uid(e.originator_id),
        "training_id": uid(e.training),
        "topic": e.topic,
        "trainer": e.trainer,
        "starts_at": when(e.starts_at),
    }
    return [Insert(trainings, row)]


def attended(f: Fact) -> list[Change]:
    e: training_facts.TrainingAttended = f.event
    row = {
        "assembly_id": uid(e.originator_id),
        "training_id": uid(e.training),
        "member": e.member,
        "presence": e.presence.value,
    }
    return [Upsert(training_attendance, row)]


READ_MODEL = ReadModel(
    name="training",
    question="Which trainings were the members offered, by whom, and who attended each?",
    version=1,
    tables=(trainings, training_attendance),
    handlers={
        training_facts.TrainingScheduled.wire: scheduled,
        training_facts.TrainingAttended.wire: attended,
    },
    public=(trainings.name,),
)


def _counts() -> list[Any]:
    return [
        func.sum(case((training_attendance.c.presence == p.value, 1), else_=0)).label(p.value)
        for p in Presence
    ]


def training_list(conn: Connection, assembly_id: str) -> list[dict[str, Any]]:
    """Each training with how many were present, excused and absent."""
    counted = (
        select(training_attendance.c.training_id, *_counts())
        .where(training_attendance.c.assembly_id == assembly_id)
        .group_by(training_attendance.c.training_id)
        .subquery()
    )
    query = (
        select(trainings, *(func.coalesce(counted.c[p.value], 0).label(p.value) for p in Presence))
        .outerjoin(counted, counted.c.training_id == trainings.c.training_id)
        .where(trainings.c.assembly_id == assembly_id)
        .order_by(trainings.c.starts_at, trainings.c.training_id)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def attended_by(conn: Connection, assembly_id: str) -> dict[str, int]:
    """Per member whose attendance of a training is recorded: how many they attended."""
    present = case((training_attendance.c.presence == Presence.PRESENT.value, 1), else_=0)
    query = (
        select(training_attendance.c.member, func.sum(present).label("n"))
        .where(training_attendance.c.assembly_id == assembly_id)
        .group_by(training_attendance.c.member)
    )
    return {r.member: r.n for r in conn.execute(query)}
