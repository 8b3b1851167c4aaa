"""After the votes: the package to the executive, its answers, the Council, implementation."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import Enum
from typing import ClassVar
from uuid import UUID

import msgspec

from core.events import Event


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


class RecommendationsSubmitted(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.recommendations_submitted.v1"

    submission: UUID
    recommendations: tuple[UUID, ...]
    deadline: date


class ExecutiveResponded(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.executive_responded.v1"

    recommendation: UUID
    response: Response
    reasons: str
    late: bool  # answered after the deadline the charter sets


class PresentedToCouncil(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.presented_to_council.v1"

    submission: UUID
    sitting: date
    instrument: Instrument


class CouncilDecided(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.council_decided.v1"

    submission: UUID
    decision: CouncilDecision
    reference: str  # the Council's deliberation number


class ImplementationReported(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.implementation_reported.v1"

    recommendation: UUID
    stage: Stage
    summary: str


def deadline_for(submitted_on: date, days: int) -> date:
    return submitted_on + timedelta(days=days)


def is_late(deadline: date, at: datetime) -> bool:
    return at.date() > deadline
