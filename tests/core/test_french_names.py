"""French names where names are typed: a working group is named by the charter's theme or its
French name, with or without accents, composed or not; the record keeps the charter's name."""

from __future__ import annotations

import unicodedata
from uuid import UUID

import pytest

from core.assembly.charter import folded, theme_of
from core.assembly.membership.commands import AcceptInvitation, ChooseWorkingGroup, SeatMember
from core.assembly.membership.rules import UnknownGroup, accept, choose_group, seat
from core.assembly.recommendations.commands import DraftRecommendation
from core.assembly.recommendations.rules import draft
from core.assembly.sittings.commands import ScheduleSession
from core.assembly.sittings.model import SessionKind
from core.assembly.sittings.rules import schedule
from tests.core.paris import ASSEMBLY_ID, AT, CLERK, charter, given, history, seated_history

SEATED = (
    lambda a: accept(a, AcceptInvitation(assembly_id=a.id, member="ele-001", at=AT, by="ele-001")),
    lambda a: seat(a, SeatMember(assembly_id=a.id, member="ele-001", at=AT, by=CLERK)),
)


@pytest.mark.parametrize(
    ("typed", "theme"),
    [
        ("espace public", "public space"),
        ("Espace  Public", "public space"),
        ("éducation sociale", "social education"),
        (unicodedata.normalize("NFD", "Éducation sociale"), "social education"),
        ("education sociale", "social education"),
        ("environnement", "environment"),
        ("Public Space", "public space"),
    ],
)
def test_given_a_french_or_differently_written_theme_then_the_charters_theme(typed, theme):
    assert theme_of(charter(), typed) == theme


def test_given_a_name_no_theme_has_then_none() -> None:
    assert theme_of(charter(), "espace vert") is None


def test_given_ligatures_and_accents_when_folded_then_plain_letters() -> None:
    assert folded("Vœu") == folded("voeu") == "voeu"
    assert folded("DÉLIBÉRATION") == "deliberation"


def test_given_a_seated_member_when_joining_espace_public_then_recorded_as_public_space() -> None:
    events = history(*SEATED)

    event = choose_group(
        given(*events),
        ChooseWorkingGroup(
            assembly_id=ASSEMBLY_ID, member="ele-001", group="espace public", at=AT, by="ele-001"
        ),
    )

    assert event.group == "public space"
    assert given(*events, event).members["ele-001"].group == "public space"


def test_given_a_french_name_of_no_theme_when_joining_then_refused() -> None:
    with pytest.raises(UnknownGroup, match="'espace vert' is not a working group"):
        choose_group(
            given(*history(*SEATED)),
            ChooseWorkingGroup(
                assembly_id=ASSEMBLY_ID, member="ele-001", group="espace vert", at=AT, by="ele-001"
            ),
        )


def test_given_environnement_when_a_session_is_scheduled_then_the_environment_group() -> None:
    event = schedule(
        given(*history()),
        ScheduleSession(
            assembly_id=ASSEMBLY_ID,
            session_id=UUID(int=7),
            kind=SessionKind.WORKING_GROUP,
            group="environnement",
            title="Groupe environnement",
            starts_at=AT,
            agenda=("arbres",),
            at=AT,
            by=CLERK,
        ),
    )

    assert event.group == "environment"


def test_given_education_sociale_when_drafting_then_the_social_education_group() -> None:
    events = seated_history(seated=5, present=5, phase_count=2)

    event = draft(
        given(*events),
        DraftRecommendation(
            assembly_id=ASSEMBLY_ID,
            recommendation_id=UUID(int=8),
            group="Éducation sociale",
            title="t",
            text="x",
            at=AT,
            by=CLERK,
        ),
    )

    assert event.group == "social education"
