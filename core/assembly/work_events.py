"""Facts of the assembly's work: sessions, ballots, recommendations and amendments."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from core.assembly.charter import Secrecy, Threshold
from core.assembly.work import Choice, Expert, Motion, Outcome, Presence, SessionKind
from core.events import Event


class SessionScheduled(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.session_scheduled.v1"

    session: UUID
    kind: SessionKind
    group: str | None
    title: str
    starts_at: datetime
    agenda: tuple[str, ...]


class SessionOpened(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.session_opened.v1"

    session: UUID


class ExpertHeard(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.expert_heard.v1"

    session: UUID
    expert: Expert


class AttendanceRecorded(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.attendance_recorded.v1"

    session: UUID
    member: str
    presence: Presence


class SessionClosed(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.session_closed.v1"

    session: UUID


class MinutesRecorded(Event, frozen=True, kw_only=True):
    """The minutes by their SHA-256 and where the document is kept."""

    wire: ClassVar[str] = "assembly.minutes_recorded.v1"

    session: UUID
    sha256: str
    location: str


class BallotOpened(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.ballot_opened.v1"

    ballot: UUID
    session: UUID
    motion: Motion
    secrecy: Secrecy
    threshold: Threshold


class VoteCast(Event, frozen=True, kw_only=True):
    """Who took part; what they chose only in a roll-call ballot (None when secret)."""

    wire: ClassVar[str] = "assembly.vote_cast.v1"

    ballot: UUID
    member: str
    choice: Choice | None


class BallotClosed(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.ballot_closed.v1"

    ballot: UUID
    outcome: Outcome


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
