"""The shapes a recommendation is recorded in: its text versions and its amendments."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from uuid import UUID

import msgspec


class TextVersion(msgspec.Struct, frozen=True, kw_only=True):
    number: int
    sha256: str
    text: str
    amendment: UUID | None = None  # the adopted amendment that produced it
    at: datetime | None = None  # when this text was recorded (drafted, or revised by a vote)


class AmendmentStatus(Enum):
    TABLED = "tabled"
    WITHDRAWN = "withdrawn"
    VOTING = "voting"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    LAPSED = "lapsed"  # the text it amended was changed by another amendment


class Amendment(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    recommendation: UUID
    member: str
    text: str  # the recommendation's text as the amendment would have it
    sha256: str
    base_version: int
    status: AmendmentStatus = AmendmentStatus.TABLED
    tabled_at: datetime | None = None
    decided_at: datetime | None = None  # withdrawn, adopted, rejected or lapsed


class RecommendationStatus(Enum):
    DRAFT = "draft"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    SUBMITTED = "submitted"


class Recommendation(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    group: str
    title: str
    versions: tuple[TextVersion, ...]
    status: RecommendationStatus = RecommendationStatus.DRAFT
    amendments: tuple[UUID, ...] = ()
    adopted_at: datetime | None = None
    vote_opened_at: datetime | None = None  # the ballot on the text itself

    @property
    def current(self) -> TextVersion:
        return self.versions[-1]
