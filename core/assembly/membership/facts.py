"""Facts of the members: the panel arriving, invitations answered, seats, departures, reserves."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

import msgspec

from core.assembly.charter import ReplacementRule
from core.assembly.membership.members import Drawn
from core.events import Event


class PanelArrived(Event, frozen=True, kw_only=True):
    """The drawn panel (invited) and the reserves (in reserve order) reach the assembly."""

    wire: ClassVar[str] = "assembly.panel_arrived.v1"

    draw: UUID | None  # the draw's record, when the draw was recorded here
    panel: tuple[Drawn, ...]
    reserves: tuple[Drawn, ...]


class InvitationAccepted(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.invitation_accepted.v1"

    member: str


class InvitationDeclined(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.invitation_declined.v1"

    member: str
    reason: str


class MemberSeated(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.member_seated.v1"

    member: str


class MemberWithdrew(Event, frozen=True, kw_only=True):
    """The member's own act: they leave."""

    wire: ClassVar[str] = "assembly.member_withdrew.v1"

    member: str
    reason: str


class MemberRemoved(Event, frozen=True, kw_only=True):
    """The organisers' act: they remove a member, with the reason."""

    wire: ClassVar[str] = "assembly.member_removed.v1"

    member: str
    reason: str


class QuotaStanding(msgspec.Struct, frozen=True, kw_only=True):
    """A committed quota of the sub-pool, and the seats its value holds once a reserve is called
    (seated, accepted or invited, called reserves included)."""

    category: str
    value: str
    min: int
    max: int
    holding: int


class ReserveCalled(Event, frozen=True, kw_only=True):
    """A reserve is invited to take a vacated seat, chosen by the committed rule, and whether
    the call keeps the sub-pool's committed quotas (core.assembly.membership.replacement says
    how that is judged): when no reserve could, the one called breaches least, and the fact
    says by how many seats and which quotas."""

    wire: ClassVar[str] = "assembly.reserve_called.v2"

    reserve: str
    replaces: str
    rule: ReplacementRule
    keeps_quotas: bool | None  # None: no quotas were committed (or a v1 fact, which did not say)
    breach: int  # seats by which the call fails the quotas; 0 when it keeps them
    breached: tuple[QuotaStanding, ...]  # the quotas over their max or with a min out of reach


class WorkingGroupChosen(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.working_group_chosen.v1"

    member: str
    group: str
