"""Invited, accepted or declined, seated, withdrew or removed: each step from the right state."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.assembly.convening.rules import TermEnded
from core.assembly.membership.commands import (
    AcceptInvitation,
    DeclineInvitation,
    RemoveMember,
    SeatMember,
    WithdrawMember,
)
from core.assembly.membership.members import Status
from core.assembly.membership.rules import (
    UnknownMember,
    WrongStatus,
    accept,
    decline,
    remove,
    seat,
    withdraw,
)
from tests.core.paris import ASSEMBLY_ID, AT, CLERK, given, history


def _accept(who):
    return lambda a: accept(
        a, AcceptInvitation(assembly_id=a.id, member=who, at=AT, by=f"member:{who}")
    )


def _seat(who):
    return lambda a: seat(a, SeatMember(assembly_id=a.id, member=who, at=AT, by=CLERK))


def test_given_an_invitee_when_they_accept_and_are_seated_then_seated() -> None:
    events = history(_accept("ele-001"), _seat("ele-001"))

    assert given(*events).members["ele-001"].status is Status.SEATED


def test_given_an_invitee_who_declined_when_they_accept_then_refused() -> None:
    events = history(
        lambda a: decline(
            a,
            DeclineInvitation(
                assembly_id=a.id, member="ele-001", reason="moving away", at=AT, by="member:ele-001"
            ),
        )
    )

    refusal = "ele-001 cannot accept: they declined, and only a member who is invited can"
    with pytest.raises(WrongStatus, match=refusal):
        accept(
            given(*events),
            AcceptInvitation(assembly_id=ASSEMBLY_ID, member="ele-001", at=AT, by="member:ele-001"),
        )


def test_given_an_invitee_who_has_not_accepted_when_seated_then_refused() -> None:
    with pytest.raises(WrongStatus, match="cannot be seated: they are invited"):
        seat(
            given(*history()),
            SeatMember(assembly_id=ASSEMBLY_ID, member="ele-001", at=AT, by=CLERK),
        )


def test_given_an_invitee_who_never_accepted_when_they_withdraw_then_refused() -> None:
    with pytest.raises(WrongStatus, match="cannot withdraw: they are invited"):
        withdraw(
            given(*history()),
            WithdrawMember(
                assembly_id=ASSEMBLY_ID,
                member="ele-001",
                reason="changed my mind",
                at=AT,
                by="member:ele-001",
            ),
        )


def test_given_a_seated_member_when_they_withdraw_then_their_reason_is_recorded() -> None:
    events = history(_accept("ele-001"), _seat("ele-001"))

    event = withdraw(
        given(*events),
        WithdrawMember(
            assembly_id=ASSEMBLY_ID, member="ele-001", reason="new job", at=AT, by="member:ele-001"
        ),
    )

    assert (event.reason, event.by) == ("new job", "member:ele-001")
    assert given(*events, event).members["ele-001"].status is Status.WITHDREW


def test_given_a_seated_member_when_removed_without_reason_then_refused() -> None:
    events = history(_accept("ele-001"), _seat("ele-001"))

    with pytest.raises(WrongStatus, match="needs a reason"):
        remove(
            given(*events),
            RemoveMember(assembly_id=ASSEMBLY_ID, member="ele-001", reason=" ", at=AT, by=CLERK),
        )


def test_given_someone_not_drawn_when_they_accept_then_refused_naming_them() -> None:
    with pytest.raises(UnknownMember, match="zzz-999 is not on the panel"):
        accept(
            given(*history()),
            AcceptInvitation(assembly_id=ASSEMBLY_ID, member="zzz-999", at=AT, by="member:zzz-999"),
        )


def test_given_the_term_ended_when_a_member_accepts_then_refused() -> None:
    with pytest.raises(TermEnded):
        accept(
            given(*history()),
            AcceptInvitation(
                assembly_id=ASSEMBLY_ID,
                member="ele-001",
                at=datetime(2027, 2, 1, tzinfo=UTC),
                by="member:ele-001",
            ),
        )
