"""Texts are checked before they are recorded, by the function the audit's replay applies."""

from __future__ import annotations

from uuid import UUID

import pytest

from core.assembly.membership.facts import InvitationDeclined, MemberWithdrew
from core.assembly.sittings.facts import ExpertHeard, MinutesRecorded
from core.assembly.sittings.model import Expert
from core.audit.replay import DomainAudit
from core.draw.events import Ceremony, RandomnessDeclared
from core.text.check import TextRefused, check
from tests.core.paris import ASSEMBLY_ID, AT

SESSION = UUID("00000000-0000-4000-8000-00000000aaaa")
ACTOR = "clerk:greffe"


def withdrew(reason: str) -> MemberWithdrew:
    return MemberWithdrew(
        originator_id=ASSEMBLY_ID, originator_version=9, at=AT, by=ACTOR, member="ele-001",
        reason=reason,
    )  # fmt: skip


def heard(name: str, affiliation: str = "Sciences Po", topic: str = "heat") -> ExpertHeard:
    expert = Expert(name=name, affiliation=affiliation, topic=topic)
    return ExpertHeard(
        originator_id=ASSEMBLY_ID, originator_version=9, at=AT, by=ACTOR, session=SESSION,
        expert=expert,
    )  # fmt: skip


def refused(event: object) -> TextRefused:
    with pytest.raises(TextRefused) as caught:
        check(event)  # type: ignore[arg-type]
    return caught.value


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_given_an_empty_required_reason_when_checked_then_refused(blank: str) -> None:
    error = refused(withdrew(blank))

    assert error.rule == "text-empty"
    assert "reason is empty" in str(error)


def test_given_an_empty_decline_reason_when_checked_then_accepted() -> None:
    declined = InvitationDeclined(
        originator_id=ASSEMBLY_ID, originator_version=9, at=AT, by=ACTOR, member="ele-1", reason=""
    )

    check(declined)


def test_given_a_reason_over_its_limit_when_checked_then_refused_naming_the_limit() -> None:
    error = refused(withdrew("x" * 120_000))

    assert error.rule == "text-too-long"
    assert "120,000 characters, over its limit of 1,000" in str(error)


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\r", "\x7f", "\x85"])
def test_given_a_control_character_when_checked_then_refused(control: str) -> None:
    error = refused(withdrew(f"moving{control}away"))

    assert error.rule == "text-control-character"
    assert f"U+{ord(control):04X} at character 7" in str(error)


def test_given_newlines_and_tabs_when_checked_then_accepted() -> None:
    check(withdrew("moving away\n\tfor work"))


def test_given_a_decomposed_accent_when_checked_then_refused_as_not_nfc() -> None:
    error = refused(withdrew("de\u0301me\u0301nagement"))

    assert error.rule == "text-not-nfc"


@pytest.mark.parametrize(
    ("reason", "what"),
    [
        ("write to jeanne.martin@example.org", "an e-mail address"),
        ("call 06 12 34 56 78", "a phone number"),
        ("call +33612345678", "a phone number"),
        ("lives at 12 rue de Rivoli", "a postal address"),
        ("née le 12/03/1987, she moved", "a date of birth"),
        ("né le 3 mars 1987", "a date of birth"),
        ("as M. Dupont said", "a person's name"),
        ("Madame Lefèvre left", "a person's name"),
    ],
)
def test_given_personal_data_in_a_reason_when_checked_then_refused_with_what_to_do(
    reason: str, what: str
) -> None:
    error = refused(withdrew(reason))

    assert error.rule == "personal-data"
    assert what in str(error)
    assert "refer to the person by their role or pseudonym" in str(error)


@pytest.mark.parametrize("reason", ["Madame la maire asked", "by 12/03/2027", "Conseil de Paris"])
def test_given_roles_and_deadlines_when_checked_then_accepted(reason: str) -> None:
    check(withdrew(reason))


def test_given_an_expert_named_with_a_title_when_checked_then_accepted() -> None:
    check(heard("Mme Claire Durand", affiliation="Météo-France"))


@pytest.mark.parametrize("name", ["Claire Durand, claire@example.org", "C. Durand 06 12 34 56 78"])
def test_given_an_expert_named_with_a_contact_when_checked_then_refused(name: str) -> None:
    error = refused(heard(name))

    assert error.rule == "personal-data"
    assert "never a contact" in str(error)


@pytest.mark.parametrize("location", ["x", "http://paris.fr/pv.pdf", "https://", "https://a b.fr"])
def test_given_minutes_kept_where_no_one_can_read_them_when_checked_then_refused(
    location: str,
) -> None:
    minutes = MinutesRecorded(
        originator_id=ASSEMBLY_ID, originator_version=9, at=AT, by=ACTOR, session=SESSION,
        sha256="ab" * 32, location=location,
    )  # fmt: skip

    assert refused(minutes).rule == "text-not-https"


def test_given_a_forged_fact_with_an_overlong_text_when_replayed_then_the_audit_names_the_rule():
    audit = DomainAudit()

    found = audit.feed(7, withdrew("x" * 5_000))

    assert [(v.seq, v.rule) for v in found if v.rule.startswith("text-")] == [(7, "text-too-long")]


def _declared(bailiff: str, place: str = "Hôtel de Ville, 5 rue de Lobau") -> RandomnessDeclared:
    ceremony = Ceremony(
        starts_at=AT, place=place, bailiff=bailiff, witnesses=("Observer, Conseil de Paris",),
        dice=1, sides=10, rolls=6,
    )  # fmt: skip
    return RandomnessDeclared(
        originator_id=SESSION, originator_version=5, at=AT, by=ACTOR, commitment="ab" * 32,
        dice=ceremony,
    )  # fmt: skip


def test_given_a_bailiff_named_with_a_venue_address_when_checked_then_accepted() -> None:
    check(_declared("Maître Durand, commissaire de justice"))


def test_given_a_bailiff_with_a_phone_number_when_replayed_then_the_audit_names_it() -> None:
    found = DomainAudit().feed(3, _declared("Maître Durand 06 12 34 56 78"))

    personal = [v for v in found if v.rule == "personal-data"]  # a lone fact: unfoldable too
    assert len(personal) == 1
    assert "dice bailiff" in personal[0].found
