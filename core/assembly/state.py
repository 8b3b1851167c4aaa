"""The assembly's state, shared by every slice: the struct their folds change, and its helpers.

Each slice (convening, membership, sittings, training, ballots, recommendations, followup)
folds its own facts onto this struct; core.assembly.fold gathers those folds into one table.
This module imports the slices' shapes only, never their folds or rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypedDict, TypeVar
from uuid import UUID

import msgspec

from core.assembly.ballots.model import Ballot
from core.assembly.charter import Charter, Phase
from core.assembly.followup.model import Answer, Report, Submission
from core.assembly.membership.members import Member, Status
from core.assembly.recommendations.model import Amendment, Recommendation
from core.assembly.sittings.model import Session
from core.assembly.training.model import Training
from core.events import Event

T = TypeVar("T", bound=msgspec.Struct)


class Assembly(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    created_on: datetime
    modified_on: datetime
    charter: Charter
    phase: Phase | None = None
    phase_opened_at: datetime | None = None  # when the current phase opened
    previous_cohort: UUID | None = None
    draw: UUID | None = None
    members: dict[str, Member] = msgspec.field(default_factory=dict)  # panel and reserves
    panel_arrived: bool = False
    panel_arrived_at: datetime | None = None  # for acts that need the panel (core.time_order)
    sessions: dict[UUID, Session] = msgspec.field(default_factory=dict)
    trainings: dict[UUID, Training] = msgspec.field(default_factory=dict)
    ballots: dict[UUID, Ballot] = msgspec.field(default_factory=dict)
    recommendations: dict[UUID, Recommendation] = msgspec.field(default_factory=dict)
    amendments: dict[UUID, Amendment] = msgspec.field(default_factory=dict)
    submissions: dict[UUID, Submission] = msgspec.field(default_factory=dict)
    answers: dict[UUID, Answer] = msgspec.field(default_factory=dict)  # by recommendation
    reports: dict[UUID, tuple[Report, ...]] = msgspec.field(default_factory=dict)
    contact_look_ups: int = 0  # how often the registry's contacts of its drawn were read
    unapplied: bool = False  # a correction folded, not yet applied (core.audit.rehearse)

    def seated(self) -> list[Member]:
        return [m for m in self.members.values() if m.status is Status.SEATED]


class Next(TypedDict):
    originator_id: UUID
    originator_version: int


def next_of(assembly: Assembly) -> Next:
    """Where the next event of this assembly goes."""
    return {"originator_id": assembly.id, "originator_version": assembly.version + 1}


def touch(assembly: Assembly, event: Event, **changes: object) -> Assembly:
    return msgspec.structs.replace(
        assembly, version=event.originator_version, modified_on=event.at, **changes
    )


Fold = Callable[[Any, Any], Assembly]
"""One fact's fold: (the fact, the state before it) -> the state after it."""

Folds = Mapping[type[Event], Fold]


def put(table: dict[UUID, T], key: UUID, value: T) -> dict[UUID, T]:
    """A copy of the table with this entry set (the state is never changed in place)."""
    copy = dict(table)
    copy[key] = value
    return copy
