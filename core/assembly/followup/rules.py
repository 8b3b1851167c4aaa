"""Follow-up rules: only adopted texts go to the executive, answers per recommendation before
the deadline (a late one is marked late), the Council's decision, implementation reports."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from core.assembly.convening.rules import within_term
from core.assembly.followup.commands import (
    PresentToCouncil,
    RecordCouncilDecision,
    RecordExecutiveResponse,
    ReportImplementation,
    SubmitRecommendations,
)
from core.assembly.followup.facts import (
    CouncilDecided,
    ExecutiveResponded,
    ImplementationReported,
    PresentedToCouncil,
    RecommendationsSubmitted,
)
from core.assembly.followup.model import (
    Submission,
    deadline_for,
    is_late,
)
from core.assembly.recommendations.model import RecommendationStatus
from core.assembly.recommendations.rules import recommendation_of
from core.assembly.state import Assembly, next_of
from core.errors import DomainError
from core.time_order import after, after_each


class FollowUpRefused(DomainError):
    rule = "follow-up"


def submission_of(assembly: Assembly, sid: UUID) -> Submission:
    found = assembly.submissions.get(sid)
    if found is None:
        raise FollowUpRefused(f"no submission {sid} in {assembly.charter.name!r}")
    return found


def submission_with(assembly: Assembly, rid: UUID) -> Submission | None:
    return next((s for s in assembly.submissions.values() if rid in s.recommendations), None)


def submit(assembly: Assembly, cmd: SubmitRecommendations) -> RecommendationsSubmitted:
    """The adopted recommendations go to the executive as a package, within the term."""
    sid, recommendations, at, by = cmd.submission_id, cmd.recommendations, cmd.at, cmd.by
    within_term(assembly, at)
    if not recommendations:
        raise FollowUpRefused("a submission holds at least one recommendation")
    if sid in assembly.submissions:
        raise FollowUpRefused(f"submission {sid} already exists")
    for rid in recommendations:
        rec = recommendation_of(assembly, rid)
        if rec.status is not RecommendationStatus.ADOPTED:
            raise FollowUpRefused(
                f"{rec.title!r} is {rec.status.value}: only adopted texts are submitted"
            )
        after(
            at,
            rec.adopted_at,
            act=f"{rec.title!r} cannot be submitted",
            fact="it was adopted",
            because="a submission follows the adoption",
        )
    if len(set(recommendations)) != len(recommendations):
        raise FollowUpRefused("a recommendation appears twice in the package")
    deadline = deadline_for(at.date(), assembly.charter.rules.executive_response_days)
    return RecommendationsSubmitted(
        **next_of(assembly),
        at=at,
        by=by,
        submission=sid,
        recommendations=recommendations,
        deadline=deadline,
    )


def respond(assembly: Assembly, cmd: RecordExecutiveResponse) -> ExecutiveResponded:
    """The executive answers each submitted recommendation once, with reasons."""
    rid, response, reasons = cmd.recommendation_id, cmd.response, cmd.reasons
    at, by = cmd.at, cmd.by
    rec = recommendation_of(assembly, rid)
    submission = submission_with(assembly, rid)
    if submission is None:
        raise FollowUpRefused(f"{rec.title!r} has not been submitted to the executive")
    if rid in assembly.answers:
        raise FollowUpRefused(
            f"the executive already answered {rec.title!r} ({assembly.answers[rid].response.value})"
        )
    if not reasons.strip():
        raise FollowUpRefused(f"the executive's answer on {rec.title!r} needs its reasons")
    after(
        at,
        submission.submitted_at,
        act=f"the executive cannot answer {rec.title!r}",
        fact="it was submitted",
        because="an answer comes after the submission",
    )
    return ExecutiveResponded(
        **next_of(assembly),
        at=at,
        by=by,
        recommendation=rid,
        response=response,
        reasons=reasons,
        late=is_late(submission.deadline, at),
    )


def overdue(assembly: Assembly, on: date) -> list[UUID]:
    """Submitted recommendations still unanswered after their deadline."""
    return [
        rid
        for s in assembly.submissions.values()
        if on > s.deadline
        for rid in s.recommendations
        if rid not in assembly.answers
    ]


def present(assembly: Assembly, cmd: PresentToCouncil) -> PresentedToCouncil:
    sid, sitting, instrument = cmd.submission_id, cmd.sitting, cmd.instrument
    at, by = cmd.at, cmd.by
    submission = submission_of(assembly, sid)
    if submission.council_sitting is not None:
        raise FollowUpRefused(f"submission {sid} was presented on {submission.council_sitting}")
    if sitting < submission.submitted_on:
        raise FollowUpRefused(
            f"the Council sitting {sitting} precedes the submission ({submission.submitted_on})"
        )
    after(
        at,
        submission.submitted_at,
        act=f"submission {sid} cannot be presented to the Council",
        fact="it was submitted",
        because="the Council hears a submission after it is made",
    )
    return PresentedToCouncil(
        **next_of(assembly), at=at, by=by, submission=sid, sitting=sitting, instrument=instrument
    )


def council_decides(assembly: Assembly, cmd: RecordCouncilDecision) -> CouncilDecided:
    sid, decision, reference = cmd.submission_id, cmd.decision, cmd.reference
    at, by = cmd.at, cmd.by
    submission = submission_of(assembly, sid)
    if submission.council_sitting is None:
        raise FollowUpRefused(f"submission {sid} has not been presented to the Council")
    if submission.council_decision is not None:
        raise FollowUpRefused(
            f"the Council already decided ({submission.council_decision.value}"
            f", {submission.council_reference})"
        )
    after(
        at,
        submission.presented_at,
        act=f"the Council's decision on submission {sid} cannot be recorded",
        fact="it was presented to the Council",
        because="the Council decides after the presentation",
    )
    return CouncilDecided(
        **next_of(assembly), at=at, by=by, submission=sid, decision=decision, reference=reference
    )


def report(assembly: Assembly, cmd: ReportImplementation) -> ImplementationReported:
    rid, stage, summary = cmd.recommendation_id, cmd.stage, cmd.summary
    at, by = cmd.at, cmd.by
    rec = recommendation_of(assembly, rid)
    submission = submission_with(assembly, rid)
    if submission is None:
        raise FollowUpRefused(f"{rec.title!r} was never submitted: nothing to implement")
    answer = assembly.answers.get(rid)
    after_each(
        at,
        (
            (submission.submitted_at, "it was submitted"),
            (answer.at if answer else None, "the executive answered"),
            (submission.decided_at, "the Council decided"),
        ),
        act=f"the implementation of {rec.title!r} cannot be reported",
        because="a report follows the answer and the Council's decision",
    )
    return ImplementationReported(
        **next_of(assembly), at=at, by=by, recommendation=rid, stage=stage, summary=summary
    )
