"""The shapes a ballot is recorded in: its motion, the choices, the tally and the outcome."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from uuid import UUID

import msgspec

from core.assembly.charter import Secrecy, Threshold


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
