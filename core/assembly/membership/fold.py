"""How the members' facts change the assembly's state: the panel, answers, seats, departures."""

from __future__ import annotations

import msgspec

from core.assembly.membership.facts import (
    InvitationAccepted,
    InvitationDeclined,
    MemberRemoved,
    MemberSeated,
    MemberWithdrew,
    PanelArrived,
    ReserveCalled,
    WorkingGroupChosen,
)
from core.assembly.membership.members import Member, Status
from core.assembly.state import Assembly, Folds, touch
from core.events import Event


def _member(assembly: Assembly, event: Event, pseudonym: str, **changes: object) -> Assembly:
    members = dict(assembly.members)
    members[pseudonym] = msgspec.structs.replace(members[pseudonym], **changes)
    return touch(assembly, event, members=members)


def arrived(event: PanelArrived, assembly: Assembly | None) -> Assembly:
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


def accepted(event: InvitationAccepted, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    return _member(assembly, event, event.member, status=Status.ACCEPTED, accepted_at=event.at)


def declined(event: InvitationDeclined, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    return _member(assembly, event, event.member, status=Status.DECLINED, left_at=event.at)


def seated(event: MemberSeated, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    return _member(assembly, event, event.member, status=Status.SEATED, seated_at=event.at)


def withdrew(event: MemberWithdrew, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    return _member(
        assembly, event, event.member, status=Status.WITHDREW, group=None, left_at=event.at
    )


def removed(event: MemberRemoved, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    return _member(
        assembly, event, event.member, status=Status.REMOVED, group=None, left_at=event.at
    )


def called(event: ReserveCalled, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    called = _member(assembly, event, event.reserve, status=Status.INVITED, replaces=event.replaces)
    called = _member(called, event, event.reserve, invited_at=event.at)  # for time order
    return _member(called, event, event.replaces, replaced_by=event.reserve)


def grouped(event: WorkingGroupChosen, assembly: Assembly | None) -> Assembly:
    assert assembly is not None
    return _member(assembly, event, event.member, group=event.group)


FOLDS: Folds = {
    PanelArrived: arrived,
    InvitationAccepted: accepted,
    InvitationDeclined: declined,
    MemberSeated: seated,
    MemberWithdrew: withdrew,
    MemberRemoved: removed,
    ReserveCalled: called,
    WorkingGroupChosen: grouped,
}
