"""The commands of follow-up: the recommendations submitted, the executive's answer, the
Council, implementation."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import msgspec

from core.assembly.command import AssemblyCommand
from core.assembly.followup.model import CouncilDecision, Instrument, Response, Stage


class SubmitRecommendations(AssemblyCommand, frozen=True, kw_only=True):
    recommendations: tuple[UUID, ...]
    submission_id: UUID = msgspec.field(default_factory=uuid4)


class RecordExecutiveResponse(AssemblyCommand, frozen=True, kw_only=True):
    recommendation_id: UUID
    response: Response
    reasons: str


class PresentToCouncil(AssemblyCommand, frozen=True, kw_only=True):
    submission_id: UUID
    sitting: date
    instrument: Instrument


class RecordCouncilDecision(AssemblyCommand, frozen=True, kw_only=True):
    submission_id: UUID
    decision: CouncilDecision
    reference: str


class ReportImplementation(AssemblyCommand, frozen=True, kw_only=True):
    recommendation_id: UUID
    stage: Stage
    summary: str
