"""The commands of recommendations: drafted, amendments tabled or withdrawn."""

from __future__ import annotations

from uuid import UUID, uuid4

import msgspec

from core.assembly.command import AssemblyCommand


class DraftRecommendation(AssemblyCommand, frozen=True, kw_only=True):
    group: str
    title: str
    text: str
    recommendation_id: UUID = msgspec.field(default_factory=uuid4)


class TableAmendment(AssemblyCommand, frozen=True, kw_only=True):
    recommendation_id: UUID
    member: str
    text: str
    amendment_id: UUID = msgspec.field(default_factory=uuid4)


class WithdrawAmendment(AssemblyCommand, frozen=True, kw_only=True):
    amendment_id: UUID
    member: str
