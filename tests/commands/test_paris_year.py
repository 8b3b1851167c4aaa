"""The scripted year on the real store: the whole life of an assembly, as the demo runs it."""

from __future__ import annotations

from core.assembly.followup.model import CouncilDecision
from core.assembly.membership.members import Status
from core.assembly.recommendations.model import AmendmentStatus, RecommendationStatus
from examples.paris_year import DEMO, paris_year


def test_given_the_scripted_year_when_run_then_every_stage_is_on_record(app) -> None:
    story = paris_year(app, DEMO)

    state = app.assembly(story.assembly_id)
    statuses = [m.status for m in state.members.values()]
    assert statuses.count(Status.SEATED) == 100
    assert statuses.count(Status.WITHDREW) == 1 and statuses.count(Status.DECLINED) == 3
    assert any(not b.outcome.quorum_met for b in state.ballots.values() if b.outcome)
    assert {a.status for a in state.amendments.values()} == {
        AmendmentStatus.ADOPTED,
        AmendmentStatus.REJECTED,
    }
    assert all(
        r.status is RecommendationStatus.SUBMITTED and r.current.number == 2
        for r in state.recommendations.values()
    )
    assert [a.late for a in state.answers.values()].count(True) == 1
    (submission,) = state.submissions.values()
    assert submission.council_decision is CouncilDecision.ADOPTED
    assert app.recorder.max_notification_id() == story.position
