"""Who may act, on the real store: the application records no fact whose actor has no
documented shape, holds personal data, or may not record it; nothing is appended."""

from __future__ import annotations

import pytest

from commands.messages import AcceptInvitation, ConveneAssembly, ReceivePanel
from core.assembly.actors import ActorRefused
from core.text.check import TextRefused
from tests.core.paris import AT, CLERK, charter, panel_arrived


def _received(app) -> ConveneAssembly:
    convening = ConveneAssembly(charter=charter(), at=AT, by=CLERK)
    app.execute(convening)
    arrived = panel_arrived()
    app.execute(
        ReceivePanel(
            assembly_id=convening.assembly_id,
            panel=arrived.panel,
            reserves=arrived.reserves,
            at=AT,
            by=CLERK,
        )
    )
    return convening


def test_given_an_e_mail_address_as_the_actor_when_convening_then_refused_nothing_appended(app):
    convening = ConveneAssembly(charter=charter(), at=AT, by="jeanne.martin@example.org")

    with pytest.raises(TextRefused, match="actor \\(who acts\\) holds what looks like an e-mail"):
        app.execute(convening)

    assert app.recorder.max_notification_id() is None


def test_given_an_actor_of_no_documented_shape_when_convening_then_refused(app):
    with pytest.raises(ActorRefused, match="“greffe” is not an actor"):
        app.execute(ConveneAssembly(charter=charter(), at=AT, by="greffe"))

    assert app.recorder.max_notification_id() is None


def test_given_a_member_when_accepting_anothers_invitation_then_refused_nothing_appended(app):
    aid = _received(app).assembly_id

    with pytest.raises(ActorRefused) as refused:
        app.execute(AcceptInvitation(assembly_id=aid, member="ele-001", at=AT, by="member:ele-002"))

    assert refused.value.rule == "who-may-act"
    assert str(refused.value) == (
        "member:ele-002 may not record ele-001's acceptance: only the member themself "
        "(member:ele-001) or the clerk (clerk:<login>) may"
    )
    assert app.recorder.max_notification_id() == 2
