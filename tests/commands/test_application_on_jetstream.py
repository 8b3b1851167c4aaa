"""The assembly's application on the real store: load, decide, save; refusals append nothing."""

from __future__ import annotations

import pytest

from commands.messages import AcceptInvitation, ConveneAssembly, ReceivePanel, SeatMember
from core.assembly.membership.members import Status
from core.assembly.membership.rules import WrongStatus
from tests.core.paris import AT, CLERK, charter, panel_arrived


def test_given_a_convened_assembly_when_its_panel_arrives_and_one_is_seated_then_recorded(
    app,
) -> None:
    convening = ConveneAssembly(charter=charter(), at=AT, by=CLERK)
    app.execute(convening)
    arrived = panel_arrived()
    aid = convening.assembly_id
    app.execute(
        ReceivePanel(
            assembly_id=aid, panel=arrived.panel, reserves=arrived.reserves, at=AT, by=CLERK
        )
    )

    app.execute(AcceptInvitation(assembly_id=aid, member="ele-001", at=AT, by="member:ele-001"))
    position = app.execute(SeatMember(assembly_id=aid, member="ele-001", at=AT, by=CLERK))

    assert position == 4
    assert app.assembly(aid).members["ele-001"].status is Status.SEATED


def test_given_a_refused_act_when_recorded_then_nothing_is_appended(app) -> None:
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

    with pytest.raises(WrongStatus):
        app.execute(
            SeatMember(assembly_id=convening.assembly_id, member="ele-001", at=AT, by=CLERK)
        )

    assert app.recorder.max_notification_id() == 2
