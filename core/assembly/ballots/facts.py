"""Facts of a ballot: opened on a motion, each vote, closed with its outcome."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from core.assembly.ballots.model import Choice, Motion, Outcome
from core.assembly.charter import Secrecy, Threshold
from core.events import Event


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
