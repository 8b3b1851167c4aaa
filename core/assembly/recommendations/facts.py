"""Facts of a recommendation: drafted, amended, revised, adopted or rejected."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from core.events import Event


class RecommendationDrafted(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.recommendation_drafted.v1"

    recommendation: UUID
    group: str
    title: str
    text: str
    sha256: str


class AmendmentTabled(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.amendment_tabled.v1"

    amendment: UUID
    recommendation: UUID
    member: str
    text: str
    sha256: str
    base_version: int


class AmendmentWithdrawn(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.amendment_withdrawn.v1"

    amendment: UUID
    member: str


class AmendmentAdopted(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.amendment_adopted.v1"

    amendment: UUID
    ballot: UUID


class AmendmentRejected(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.amendment_rejected.v1"

    amendment: UUID
    ballot: UUID


class AmendmentLapsed(Event, frozen=True, kw_only=True):
    """An amendment falls when another one changes the text it was tabled against."""

    wire: ClassVar[str] = "assembly.amendment_lapsed.v1"

    amendment: UUID
    because_of: UUID


class RecommendationRevised(Event, frozen=True, kw_only=True):
    """The next text version, produced by an adopted amendment."""

    wire: ClassVar[str] = "assembly.recommendation_revised.v1"

    recommendation: UUID
    version: int
    text: str
    sha256: str
    amendment: UUID


class RecommendationAdopted(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.recommendation_adopted.v1"

    recommendation: UUID
    ballot: UUID
    version: int
    sha256: str


class RecommendationRejected(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.recommendation_rejected.v1"

    recommendation: UUID
    ballot: UUID
