"""Facts of the follow-up: the package to the executive, its answers, the Council, its use."""

from __future__ import annotations

from datetime import date
from typing import ClassVar
from uuid import UUID

from core.assembly.followup.model import CouncilDecision, Instrument, Response, Stage
from core.events import Event


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
