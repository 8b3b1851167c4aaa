"""Who may act: an actor is role:name, and each fact says which actors may record it; the same
check serves the application before it records and the audit when it replays."""

from __future__ import annotations

from uuid import UUID

import msgspec
import pytest

from core.assembly import actors
from core.assembly.actors import WHO_MAY_ACT, ActorRefused, Role, check, parse, voter
from core.assembly.ballots.facts import VoteCast
from core.assembly.ballots.model import Choice
from core.assembly.convening import rules as decisions
from core.assembly.convening.commands import ConveneAssembly
from core.assembly.followup.facts import ExecutiveResponded
from core.assembly.followup.model import Response
from core.assembly.membership.facts import InvitationAccepted, MemberSeated, MemberWithdrew
from core.audit.replay import DomainAudit
from core.events import wire_names
from core.text.check import TextRefused
from core.text.check import check as check_text
from tests.core.paris import ASSEMBLY_ID, AT, CLERK, charter, convened

BALLOT = UUID("00000000-0000-4000-8000-00000000bbbb")
TELLERS = ("teller:dupont",)
replace = msgspec.structs.replace


def vote(by: str, member: str = "ele-001") -> VoteCast:
    return VoteCast(
        originator_id=ASSEMBLY_ID,
        originator_version=9,
        at=AT,
        by=by,
        ballot=BALLOT,
        member=member,
        choice=Choice.IN_FAVOUR,
    )


def accepted(by: str) -> InvitationAccepted:
    return InvitationAccepted(
        originator_id=ASSEMBLY_ID, originator_version=3, at=AT, by=by, member="ele-001"
    )


def no_tellers() -> tuple[str, ...]:
    return ()


@pytest.mark.parametrize(
    ("by", "role", "name"),
    [
        ("clerk:greffe", Role.CLERK, "greffe"),
        ("member:ele-007", Role.MEMBER, "ele-007"),
        ("teller:Lefèvre", Role.TELLER, "Lefèvre"),
        ("executive:cabinet-maire", Role.EXECUTIVE, "cabinet-maire"),
        ("clerk:j.martin_2", Role.CLERK, "j.martin_2"),
    ],
)
def test_given_an_actor_of_the_documented_shape_when_parsed_then_its_role_and_name(by, role, name):
    actor = parse(by)

    assert (actor.role, actor.name, str(actor)) == (role, name, by)


@pytest.mark.parametrize(
    "by",
    [
        "clerk@paris.fr",
        "greffe",
        "mayor:anne",
        "clerk:",
        "clerk:jeanne@example.org",
        "clerk:Jeanne Martin",
        "clerk:-greffe",
        "clerk:" + "x" * 65,
        "Clerk:greffe",
        "",
    ],
)
def test_given_an_actor_of_no_documented_shape_when_parsed_then_refused_saying_the_shape(by):
    with pytest.raises(ActorRefused, match="is not an actor") as refused:
        parse(by)

    assert refused.value.rule == "who-may-act"
    assert "clerk:greffe" in str(refused.value)


def test_given_every_fact_of_the_domain_then_the_table_says_who_may_record_it():
    missing = [w for w, cls in wire_names().items() if cls not in WHO_MAY_ACT]

    assert missing == []


def test_given_a_vote_by_the_member_themself_when_checked_then_allowed():
    check(vote("member:ele-001"), no_tellers)


def test_given_a_vote_by_another_member_when_checked_then_refused_naming_who_may():
    with pytest.raises(ActorRefused) as refused:
        check(vote("member:ele-002"), lambda: TELLERS)

    message = str(refused.value)
    assert message.startswith("member:ele-002 may not record ele-001's vote: only ")
    assert "the member themself (member:ele-001)" in message
    assert "a teller the charter names" in message


def test_given_a_vote_by_a_teller_the_charter_names_when_checked_then_allowed():
    check(vote("teller:dupont"), lambda: TELLERS)


def test_given_a_vote_by_a_teller_the_charter_does_not_name_when_checked_then_refused():
    with pytest.raises(ActorRefused, match="teller:durand may not record ele-001's vote"):
        check(vote("teller:durand"), lambda: TELLERS)


def test_given_a_vote_by_the_clerk_when_checked_then_refused():
    with pytest.raises(ActorRefused, match="clerk:greffe may not record"):
        check(vote(CLERK), lambda: TELLERS)


@pytest.mark.parametrize("by", ["member:ele-001", "clerk:greffe"])
def test_given_an_acceptance_by_the_member_or_the_clerk_when_checked_then_allowed(by):
    check(accepted(by), no_tellers)


@pytest.mark.parametrize("by", ["member:ele-002", "executive:cabinet-maire", "teller:dupont"])
def test_given_an_acceptance_by_anyone_else_when_checked_then_refused(by):
    with pytest.raises(ActorRefused, match=f"{by} may not record ele-001's acceptance"):
        check(accepted(by), lambda: TELLERS)


def test_given_a_withdrawal_by_the_member_themself_when_checked_then_allowed():
    check(
        MemberWithdrew(
            originator_id=ASSEMBLY_ID,
            originator_version=5,
            at=AT,
            by="member:ele-001",
            member="ele-001",
            reason="moving away",
        ),
        no_tellers,
    )


def test_given_a_seat_by_the_member_themself_when_checked_then_only_the_clerk_may():
    seated = MemberSeated(
        originator_id=ASSEMBLY_ID,
        originator_version=4,
        at=AT,
        by="member:ele-001",
        member="ele-001",
    )

    with pytest.raises(ActorRefused, match="only the clerk \\(clerk:<login>\\) may"):
        check(seated, no_tellers)


def answer(by: str) -> ExecutiveResponded:
    return ExecutiveResponded(
        originator_id=ASSEMBLY_ID,
        originator_version=40,
        at=AT,
        by=by,
        recommendation=BALLOT,
        response=next(iter(Response)),
        reasons="accepted in full",
        late=False,
    )


@pytest.mark.parametrize("by", ["executive:cabinet-maire", CLERK])
def test_given_the_executives_answer_by_the_executive_or_the_clerk_when_checked_then_allowed(by):
    check(answer(by), no_tellers)


def test_given_the_executives_answer_by_a_member_when_checked_then_refused():
    with pytest.raises(ActorRefused, match="only the executive's office"):
        check(answer("member:ele-001"), no_tellers)


def test_given_the_charter_when_convening_then_only_the_clerk_may():
    with pytest.raises(ActorRefused, match="may not record the fact “assembly convened”"):
        check(replace(convened(), by="member:ele-001"), no_tellers)


@pytest.mark.parametrize(
    ("by", "member", "recorded"),
    [
        (CLERK, "ele-001", "member:ele-001"),  # the clerk at the desk keys in the member's own
        ("teller:dupont", "ele-001", "teller:dupont"),
        ("member:ele-002", "ele-001", "member:ele-002"),  # refused by the rule, not rewritten
    ],
)
def test_given_who_keys_in_votes_then_who_records_each(by, member, recorded):
    assert voter(by, member) == recorded


def test_given_an_e_mail_address_as_the_actor_when_its_text_is_checked_then_personal_data():
    with pytest.raises(TextRefused, match="actor \\(who acts\\) holds what looks like an e-mail"):
        check_text(accepted("jeanne.martin@example.org"))


def test_given_a_phone_number_as_the_actors_name_when_its_text_is_checked_then_personal_data():
    with pytest.raises(TextRefused, match="phone number"):
        check_text(accepted("member:0612345678"))


def test_given_an_e_mail_actor_when_replayed_then_both_its_shape_and_personal_data_are_named():
    audit = DomainAudit()
    audit.feed(1, convened())

    found = audit.feed(2, replace(convened(), originator_version=2, by="a@paris.fr"))

    assert {"personal-data", "who-may-act"} <= {v.rule for v in found}


def test_given_tellers_in_a_charter_of_another_shape_when_convening_then_refused():
    bad = charter(rules=replace(charter().rules, tellers=("dupont",)))

    with pytest.raises(decisions.InvalidCharter, match="a teller is named teller:<name>"):
        decisions.convene(ConveneAssembly(charter=bad, at=AT, by=CLERK), new_id=ASSEMBLY_ID)


def test_given_the_member_helper_then_it_builds_the_members_actor():
    assert actors.member("ele-001") == "member:ele-001"
    assert actors.teller("dupont") == "teller:dupont"
