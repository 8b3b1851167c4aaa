"""The clerk looks up the contacts of the drawn: only of this assembly's panel and reserves,
each once, in call order; and the audit re-decides each look-up with the same rule."""

from __future__ import annotations

from datetime import timedelta

import msgspec
import pytest

from core.assembly.contacts import (
    ContactsLookedUp,
    LookUpContacts,
    NotOnTheList,
    Purpose,
    call_order,
    look_up_contacts,
)
from core.assembly.membership.commands import CallReserve, DeclineInvitation
from core.assembly.membership.rules import call_reserve, decline
from core.audit.replay import DomainAudit
from core.events import Event
from core.time_order import OutOfTimeOrder
from tests.core.paris import ASSEMBLY_ID, AT, convened, given, history, panel_arrived

CLERK = "clerk:greffe"


def test_given_a_panel_when_the_clerk_looks_up_two_members_then_only_pseudonyms_and_purpose():
    assembly = given(convened(), panel_arrived())

    event = look_up_contacts(
        assembly,
        LookUpContacts(
            assembly_id=assembly.id,
            members=("ele-000", "non-r01"),
            purpose=Purpose.INVITATION,
            at=AT,
            by=CLERK,
        ),
    )

    assert event == ContactsLookedUp(
        originator_id=assembly.id,
        originator_version=3,
        at=AT,
        by=CLERK,
        members=("ele-000", "non-r01"),
        purpose=Purpose.INVITATION,
    )
    assert given(convened(), panel_arrived(), event).contact_look_ups == 1


def test_given_someone_not_drawn_when_looked_up_then_refused_naming_them():
    assembly = given(convened(), panel_arrived())

    with pytest.raises(NotOnTheList, match=r"not on the panel or reserve list .*: ele-999"):
        look_up_contacts(
            assembly,
            LookUpContacts(
                assembly_id=assembly.id,
                members=("ele-000", "ele-999"),
                purpose=Purpose.INVITATION,
                at=AT,
                by=CLERK,
            ),
        )


def test_given_no_panel_yet_when_looked_up_then_refused():
    assembly = given(convened())

    with pytest.raises(NotOnTheList, match="has no panel yet"):
        look_up_contacts(
            assembly,
            LookUpContacts(
                assembly_id=assembly.id,
                members=("ele-000",),
                purpose=Purpose.INVITATION,
                at=AT,
                by=CLERK,
            ),
        )


def test_given_a_member_named_twice_or_no_one_when_looked_up_then_refused():
    assembly = given(convened(), panel_arrived())

    with pytest.raises(NotOnTheList, match="named more than once: ele-000"):
        look_up_contacts(
            assembly,
            LookUpContacts(
                assembly_id=assembly.id,
                members=("ele-000", "ele-000"),
                purpose=Purpose.REMINDER,
                at=AT,
                by=CLERK,
            ),
        )
    with pytest.raises(NotOnTheList, match="at least one member"):
        look_up_contacts(
            assembly,
            LookUpContacts(
                assembly_id=assembly.id, members=(), purpose=Purpose.REMINDER, at=AT, by=CLERK
            ),
        )


def test_given_a_reserve_called_when_listed_then_the_panel_in_draw_order_then_reserves_by_rank():
    events = history(
        lambda a: decline(
            a,
            DeclineInvitation(
                assembly_id=a.id, member="min-001", reason="moving away", at=AT, by="member:min-001"
            ),
        ),
        lambda a: call_reserve(
            a, CallReserve(assembly_id=a.id, vacated="min-001", at=AT, by=CLERK)
        ),
    )

    order = call_order(given(*events))

    names = [m.pseudonym for m in order]
    assert names[:3] == ["ele-000", "ele-001", "ele-002"]
    assert names[95:100] == ["min-000", "min-001", "min-002", "min-003", "min-004"]
    assert names[100:] == [
        *(f"ele-r{i:02d}" for i in range(10)),
        *(f"non-r{i:02d}" for i in range(3)),
        *(f"min-r{i:02d}" for i in range(2)),
    ]
    called = order[names.index("min-r00")]
    assert (called.status.value, called.replaces) == ("invited", "min-001")


def replayed(*log: Event) -> list[tuple[int, str]]:
    audit = DomainAudit()
    found = [v for seq, e in enumerate(log, 1) for v in audit.feed(seq, e)]
    return [(v.seq, v.rule) for v in found + audit.finish()]


def test_given_an_honest_look_up_when_replayed_then_lawful_and_a_forged_one_named_by_its_rule():
    honest = look_up_contacts(
        given(convened(), panel_arrived()),
        LookUpContacts(
            assembly_id=ASSEMBLY_ID,
            members=("ele-000",),
            purpose=Purpose.INVITATION,
            at=AT,
            by=CLERK,
        ),
    )

    forged = msgspec.structs.replace(honest, members=("someone-else",))

    assert replayed(convened(), panel_arrived(), honest) == []
    assert replayed(convened(), panel_arrived(), forged) == [(3, "contacts")]


def test_given_a_panel_when_a_look_up_is_dated_before_it_arrived_then_refused_naming_both():
    assembly = given(convened(), panel_arrived())
    before = assembly.panel_arrived_at - timedelta(days=1)  # type: ignore[operator]

    with pytest.raises(OutOfTimeOrder, match="the panel arrived at"):
        look_up_contacts(
            assembly,
            LookUpContacts(
                assembly_id=assembly.id,
                members=("ele-000",),
                purpose=Purpose.INVITATION,
                at=before,
                by=CLERK,
            ),
        )
