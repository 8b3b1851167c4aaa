"""Seated members join a working group on one of the themes, until proposals begin."""

from __future__ import annotations

import pytest

from core.assembly.charter import Phase
from core.assembly.convening.commands import OpenPhase
from core.assembly.convening.rules import open_phase
from core.assembly.membership.commands import AcceptInvitation, ChooseWorkingGroup, SeatMember
from core.assembly.membership.rules import (
    GroupsFixed,
    UnknownGroup,
    WrongStatus,
    accept,
    choose_group,
    seat,
)
from tests.core.paris import ASSEMBLY_ID, AT, CLERK, given, history

SEATED = (
    lambda a: accept(
        a, AcceptInvitation(assembly_id=a.id, member="ele-001", at=AT, by="member:ele-001")
    ),
    lambda a: seat(a, SeatMember(assembly_id=a.id, member="ele-001", at=AT, by=CLERK)),
)


def test_given_a_seated_member_when_choosing_environment_then_in_that_group() -> None:
    events = history(*SEATED)

    event = choose_group(
        given(*events),
        ChooseWorkingGroup(
            assembly_id=ASSEMBLY_ID,
            member="ele-001",
            group="environment",
            at=AT,
            by="member:ele-001",
        ),
    )

    assert given(*events, event).members["ele-001"].group == "environment"


def test_given_a_theme_the_assembly_lacks_when_chosen_then_refused_listing_the_themes() -> None:
    with pytest.raises(UnknownGroup, match="choose one of social education, environment"):
        choose_group(
            given(*history(*SEATED)),
            ChooseWorkingGroup(
                assembly_id=ASSEMBLY_ID,
                member="ele-001",
                group="culture",
                at=AT,
                by="member:ele-001",
            ),
        )


def test_given_an_invitee_when_choosing_a_group_then_refused() -> None:
    with pytest.raises(WrongStatus, match="cannot join a working group"):
        choose_group(
            given(*history()),
            ChooseWorkingGroup(
                assembly_id=ASSEMBLY_ID,
                member="ele-002",
                group="environment",
                at=AT,
                by="member:ele-002",
            ),
        )


def test_given_the_recommendations_phase_when_changing_group_then_refused() -> None:
    events = history(
        *SEATED,
        lambda a: open_phase(
            a, OpenPhase(assembly_id=a.id, phase=Phase.DISCOVERY, at=AT, by=CLERK)
        ),
        lambda a: open_phase(
            a, OpenPhase(assembly_id=a.id, phase=Phase.RECOMMENDATIONS, at=AT, by=CLERK)
        ),
    )

    with pytest.raises(GroupsFixed):
        choose_group(
            given(*events),
            ChooseWorkingGroup(
                assembly_id=ASSEMBLY_ID,
                member="ele-001",
                group="environment",
                at=AT,
                by="member:ele-001",
            ),
        )
