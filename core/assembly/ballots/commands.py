"""The commands of ballots: a ballot opened on a motion, votes cast, the ballot closed."""

from __future__ import annotations

from uuid import UUID, uuid4

import msgspec

from core.assembly.ballots.model import Choice, Motion, Tally
from core.assembly.charter import Secrecy
from core.assembly.command import AssemblyCommand


class OpenBallot(AssemblyCommand, frozen=True, kw_only=True):
    session_id: UUID
    motion: Motion
    secrecy: Secrecy | None = None
    ballot_id: UUID = msgspec.field(default_factory=uuid4)


class CastVotes(AssemblyCommand, frozen=True, kw_only=True):
    ballot_id: UUID
    votes: dict[str, Choice | None]  # several members in one atomic save; a secret
    # ballot's are None: it records who took part, never the choice


class CloseBallot(AssemblyCommand, frozen=True, kw_only=True):
    ballot_id: UUID
    count: Tally | None = None  # the tellers' count of a secret ballot
