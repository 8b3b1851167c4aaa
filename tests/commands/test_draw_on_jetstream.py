"""The draw on a real JetStream: committed in one atomic save with the assembly's binding,
revealed and drawn with the panel handed over, re-derived from what the log returns."""

from __future__ import annotations

from uuid import uuid4

import pytest

from commands.draw_messages import CommitDraw, RevealDraw
from commands.messages import CallReserve, ConveneAssembly, DeclineInvitation
from core.assembly.membership.facts import PanelArrived
from core.assembly.membership.members import Status
from core.draw.rules import DrawRefused
from core.draw.verify import verify
from core.sortition.feasibility import QuotasInfeasible
from core.sortition.model import Quota
from tests.core.draw.builders import (
    CEREMONY_AT,
    CLERK,
    COMMITTED_AT,
    SEATS,
    ceremony,
    convened,
    entries,
    quotas,
    rolled,
)


@pytest.fixture
def assembly_id(app):
    charter = convened().charter
    cmd = ConveneAssembly(charter=charter, at=convened().at, by=CLERK)
    app.execute(cmd)
    return cmd.assembly_id


def commit(app, assembly_id, **changes):
    fields = {
        "assembly_id": assembly_id,
        "entries": tuple(entries()),
        "quotas": quotas(),
        "ceremony": ceremony(),
        "at": COMMITTED_AT,
        "by": CLERK,
        **changes,
    }
    return app.commit_draw(CommitDraw(**fields))


def test_given_a_committed_draw_when_revealed_then_the_log_alone_verifies_it(app, assembly_id):
    commit(app, assembly_id)

    app.reveal_draw(RevealDraw(assembly_id=assembly_id, dice=rolled(), at=CEREMONY_AT, by=CLERK))

    state = app.assembly(assembly_id)
    arrived = [e for e in app.events.get(assembly_id) if isinstance(e, PanelArrived)]
    assert verify(app.draw_events(state.draw), arrived, vocabulary=state.charter.vocabulary) == []
    invited = [m for m in state.members.values() if m.status is Status.INVITED]
    assert len(invited) == sum(SEATS.values())


def test_given_infeasible_quotas_when_committing_then_nothing_is_recorded(app, assembly_id):
    before = app.recorder.max_notification_id()
    clash = {**quotas(), "minors": (Quota(category="gender", value="f", min=2, max=2),)}

    with pytest.raises(QuotasInfeasible):
        commit(app, assembly_id, quotas=clash)

    assert app.recorder.max_notification_id() == before
    assert app.assembly(assembly_id).draw is None


def test_given_a_draw_committed_when_committing_a_second_then_refused(app, assembly_id):
    commit(app, assembly_id)

    with pytest.raises(DrawRefused, match="already"):
        commit(app, assembly_id, draw_id=uuid4())


def test_given_a_drawn_panel_when_a_member_declines_then_the_reserve_keeps_the_quotas(
    app, assembly_id
):
    commit(app, assembly_id)
    app.reveal_draw(RevealDraw(assembly_id=assembly_id, dice=rolled(), at=CEREMONY_AT, by=CLERK))
    state = app.assembly(assembly_id)
    leaving = next(
        m
        for m in state.members.values()
        if m.status is Status.INVITED and m.subpool == "electoral-rolls"
    )
    app.execute(
        DeclineInvitation(
            assembly_id=assembly_id,
            member=leaving.pseudonym,
            reason="moving",
            at=CEREMONY_AT,
            by=CLERK,
        )
    )

    app.execute(
        CallReserve(assembly_id=assembly_id, vacated=leaving.pseudonym, at=CEREMONY_AT, by=CLERK)
    )

    after = app.assembly(assembly_id)
    called = after.members[leaving.pseudonym].replaced_by
    held = [
        m
        for m in after.members.values()
        if m.subpool == "electoral-rolls" and m.status is Status.INVITED
    ]
    for q in quotas()["electoral-rolls"]:
        assert q.min <= sum(m.criteria[q.category] == q.value for m in held) <= q.max
    assert called is not None
