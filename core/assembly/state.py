"""The current state of an assembly: a fold of its events, nothing else."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import singledispatch
from typing import TypedDict
from uuid import UUID

import msgspec

from core.assembly.charter import Charter, Phase
from core.assembly.events import (
    AssemblyConvened,
    DrawAnnounced,
    InvitationAccepted,
    InvitationDeclined,
    MemberRemoved,
    MemberSeated,
    MemberWithdrew,
    PanelArrived,
    PhaseOpened,
    ReserveCalled,
    WorkingGroupChosen,
)
from core.assembly.followup import Answer, Report, Submission
from core.assembly.members import Member, Status
from core.assembly.work import Amendment, Ballot, Recommendation, Session
from core.events import Event


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


def _member(assembly: Assembly, event: Event, pseudonym: str, **changes: object) -> Assembly:
    members = dict(assembly.members)
    members[pseudonym] = msgspec.structs.replace(members[pseudonym], **changes)
    return touch(assembly, event, members=members)


@singledispatch
def evolve(event: Event, assembly: Assembly | None) -> Assembly | None:
    raise TypeError(f"{type(event).__name__} does not apply to an assembly")


@evolve.register
def _(event: AssemblyConvened, _: Assembly | None) -> Assembly:
    return Assembly(
        id=event.originator_id,
        version=event.originator_version,
        created_on=event.at,
        modified_on=event.at,
        charter=event.charter,
        previous_cohort=event.previous_cohort,
    )


@evolve.register
def _(event: PhaseOpened, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    return touch(assembly, event, phase=event.phase, phase_opened_at=event.at)


@evolve.register
def _(event: DrawAnnounced, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    return touch(assembly, event, draw=event.draw)


@evolve.register
def _(event: PanelArrived, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    members = {
        d.pseudonym: Member(
            pseudonym=d.pseudonym,
            subpool=d.subpool,
            criteria=d.criteria,
            status=Status.INVITED,
            invited_at=event.at,
        )
        for d in event.panel
    }
    for rank, d in enumerate(event.reserves, start=1):
        members[d.pseudonym] = Member(
            pseudonym=d.pseudonym,
            subpool=d.subpool,
            criteria=d.criteria,
            status=Status.RESERVE,
            reserve_rank=rank,
        )
    return touch(
        assembly,
        event,
        members=members,
        draw=event.draw,
        panel_arrived=True,
        panel_arrived_at=event.at,
    )


@evolve.register
def _(event: InvitationAccepted, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    return _member(assembly, event, event.member, status=Status.ACCEPTED, accepted_at=event.at)


@evolve.register
def _(event: InvitationDeclined, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    return _member(assembly, event, event.member, status=Status.DECLINED, left_at=event.at)


@evolve.register
def _(event: MemberSeated, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    return _member(assembly, event, event.member, status=Status.SEATED, seated_at=event.at)


@evolve.register
def _(event: MemberWithdrew, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    return _member(
        assembly, event, event.member, status=Status.WITHDREW, group=None, left_at=event.at
    )


@evolve.register
def _(event: MemberRemoved, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    return _member(
        assembly, event, event.member, status=Status.REMOVED, group=None, left_at=event.at
    )


@evolve.register
def _(event: ReserveCalled, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    called = _member(assembly, event, event.reserve, status=Status.INVITED, replaces=event.replaces)
    called = _member(called, event, event.reserve, invited_at=event.at)  # for time order
    return _member(called, event, event.replaces, replaced_by=event.reserve)


@evolve.register
def _(event: WorkingGroupChosen, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    return _member(assembly, event, event.member, group=event.group)


def project(assembly: Assembly | None, events: Iterable[Event]) -> Assembly | None:
    """The repository's projector: fold events, in order, onto the state before them."""
    for event in events:
        assembly = evolve(event, assembly)
    return assembly


# The folds of the assembly's work register themselves with evolve() on import.
from core.assembly import contacts as _contacts  # noqa: E402
from core.assembly import corrections as _corrections  # noqa: E402
from core.assembly import followup_state as _followup_state  # noqa: E402
from core.assembly import work_state as _work_state  # noqa: E402

__all__ = [
    "Assembly",
    "Next",
    "_contacts",
    "_corrections",
    "_followup_state",
    "_work_state",
    "evolve",
    "next_of",
    "project",
    "touch",
]
