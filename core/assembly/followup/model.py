"""The shapes the follow-up is recorded in: submissions, the executive's answers, reports."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import Enum
from uuid import UUID

import msgspec


class Response(Enum):
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly-accepted"
    REJECTED = "rejected"


class Instrument(Enum):
    VOEU = "voeu"  # a wish of the Council
    DELIBERATION = "deliberation"  # a binding decision


class CouncilDecision(Enum):
    ADOPTED = "adopted"
    REJECTED = "rejected"


class Stage(Enum):
    PLANNED = "planned"
    UNDER_WAY = "under-way"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


class Submission(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    recommendations: tuple[UUID, ...]
    submitted_on: date
    deadline: date
    council_sitting: date | None = None
    instrument: Instrument | None = None
    council_decision: CouncilDecision | None = None
    council_reference: str | None = None
    # When, for the rules of time order (core.time_order):
    submitted_at: datetime | None = None
    presented_at: datetime | None = None
    decided_at: datetime | None = None


class Answer(msgspec.Struct, frozen=True, kw_only=True):
    response: Response
    reasons: str
    answered_on: date
    late: bool
    at: datetime | None = None  # when it was answered


class Report(msgspec.Struct, frozen=True, kw_only=True):
    on: date
    stage: Stage
    summary: str


def deadline_for(submitted_on: date, days: int) -> date:
    return submitted_on + timedelta(days=days)


def is_late(deadline: date, at: datetime) -> bool:
    return at.date() > deadline
