"""The shapes the assembly's work is recorded in: sessions, ballots, recommendations."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from uuid import UUID

import msgspec

from core.assembly.charter import Phase, Secrecy, Threshold


class SessionKind(Enum):
    PLENARY = "plenary"
    WORKING_GROUP = "working-group"


class SessionStatus(Enum):
    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"


class Presence(Enum):
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"


class Expert(msgspec.Struct, frozen=True, kw_only=True):
    """Someone heard by the assembly in public: a name on the record is their role."""

    name: str
    affiliation: str
    topic: str


class Minutes(msgspec.Struct, frozen=True, kw_only=True):
    sha256: str
    location: str


class Session(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    kind: SessionKind
    group: str | None
    title: str
    starts_at: datetime
    agenda: tuple[str, ...]
    status: SessionStatus = SessionStatus.SCHEDULED
    phase: Phase | None = None  # the phase it was opened in
    experts: tuple[Expert, ...] = ()
    attendance: dict[str, Presence] = msgspec.field(default_factory=dict)
    minutes: Minutes | None = None
    # When, for the rules of time order (core.time_order):
    scheduled_at: datetime | None = None
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    latest_at: datetime | None = None  # the last act recorded in it (attendance, expert, ballot)

    def present(self) -> set[str]:
        return {m for m, p in self.attendance.items() if p is Presence.PRESENT}


class MotionKind(Enum):
    AMENDMENT = "amendment"
    RECOMMENDATION = "recommendation"
    MANDATE = "mandate"


class Motion(msgspec.Struct, frozen=True, kw_only=True):
    kind: MotionKind
    subject: UUID | None  # the amendment or recommendation decided; None for a mandate
    text: str


class Choice(Enum):
    IN_FAVOUR = "in-favour"
    AGAINST = "against"
    ABSTAIN = "abstain"


class Tally(msgspec.Struct, frozen=True, kw_only=True):
    in_favour: int
    against: int
    abstentions: int

    @property
    def total(self) -> int:
        return self.in_favour + self.against + self.abstentions

    def words(self) -> str:
        return f"{self.in_favour} in favour, {self.against} against, {self.abstentions} abstentions"


class Outcome(msgspec.Struct, frozen=True, kw_only=True):
    """The result and every number that produced it, so anyone can redo the sum."""

    tally: Tally
    seated: int
    present: int
    quorum_needed: int
    quorum_met: bool
    threshold: Threshold
    votes_cast: int
    needed: int
    adopted: bool
    rule: str  # the rule in words, as applied


class BallotStatus(Enum):
    OPEN = "open"
    CLOSED = "closed"


class Ballot(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    session: UUID
    motion: Motion
    secrecy: Secrecy
    threshold: Threshold
    status: BallotStatus = BallotStatus.OPEN
    voters: tuple[str, ...] = ()  # who took part, in order
    choices: dict[str, Choice] = msgspec.field(default_factory=dict)  # roll-call only
    outcome: Outcome | None = None
    opened_at: datetime | None = None
    latest_at: datetime | None = None  # its opening, then each vote


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
