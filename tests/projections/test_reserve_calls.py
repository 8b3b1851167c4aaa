"""Where a reserve's call is shown (the roster's history, the timeline), it says how the call
stood against the committed quotas; a call stored in its v1 form is read as today's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from commands.application import AssemblyRecord
from core.assembly.charter import ReplacementRule
from core.assembly.membership import rules as membership
from core.assembly.membership.commands import DeclineInvitation
from core.assembly.membership.facts import QuotaStanding, ReserveCalled
from core.events import Event
from projections import roster, timeline
from projections.roster import quotas_of_call
from services.adapters.readstore.database import reading
from tests.core.paris import ASSEMBLY_ID, AT, convened, given, panel_arrived
from tests.projections.support import Databases, application, projector

CLERK = "clerk:greffe"


class _CalledV1(Event, frozen=True, kw_only=True):
    """The call as v1 stored it (no word on the quotas)."""

    reserve: str
    replaces: str
    rule: ReplacementRule


_CalledV1.wire = "assembly.reserve_called.v1"  # set after the class: kept out of the registry


@pytest.fixture
def app(stream_env) -> Iterator[AssemblyRecord]:
    made = application(stream_env)
    yield made
    made.close()


def _declined() -> list[Event]:
    events: list[Event] = [convened(), panel_arrived()]
    events.append(
        membership.decline(
            given(*events),
            DeclineInvitation(
                assembly_id=ASSEMBLY_ID, member="ele-003", reason="moving away", at=AT, by=CLERK
            ),
        )
    )
    return events


def _projected(app: AssemblyRecord, dbs: Databases, *events: Event) -> tuple[list, list]:
    app.save(*events)
    engine = dbs.engine()
    projector(engine, app).catch_up()
    aid = str(events[0].originator_id)
    with reading(engine) as conn:
        history = roster.history(conn, aid, "ele-r00")
        called = conn.execute(
            select(timeline.timeline.c.summary).where(timeline.timeline.c.kind == "reserve called")
        ).scalars()
        return history, list(called)


def test_given_a_call_stored_in_its_v1_form_when_projected_then_it_is_read_as_today(
    app, dbs
) -> None:
    events = _declined()
    v1 = _CalledV1(
        originator_id=events[0].originator_id,
        originator_version=4,
        at=AT,
        by=CLERK,
        reserve="ele-r00",
        replaces="ele-003",
        rule=ReplacementRule.SAME_SUBPOOL_IN_RESERVE_ORDER,
    )

    history, summaries = _projected(app, dbs, *events, v1)

    assert history[-1]["status"] == "invited"
    assert history[-1]["reason"] == "called to replace ele-003"  # v1 did not say more
    assert summaries == ["a reserve was called (same-subpool-in-reserve-order)"]


def test_given_a_call_that_breached_the_quotas_when_projected_then_it_says_how_and_which(
    app, dbs
) -> None:
    events = _declined()
    called = ReserveCalled(
        originator_id=events[0].originator_id,
        originator_version=4,
        at=AT,
        by=CLERK,
        reserve="ele-r00",
        replaces="ele-003",
        rule=ReplacementRule.SAME_SUBPOOL_IN_RESERVE_ORDER,
        keeps_quotas=False,
        breach=2,
        breached=(
            QuotaStanding(category="gender", value="f", min=30, max=44, holding=45),
            QuotaStanding(category="age", value="18-24", min=8, max=12, holding=7),
        ),
    )

    history, summaries = _projected(app, dbs, *events, called)

    said = (
        "breaching the committed quotas by 2 seats, as every reserve would (none by fewer): "
        "gender=f 45 held, max 44; age=18-24 7 held, min 8 out of reach"
    )
    assert history[-1]["reason"] == f"called to replace ele-003, {said}"
    assert summaries == [f"a reserve was called, {said} (same-subpool-in-reserve-order)"]
    assert quotas_of_call(called) == said
