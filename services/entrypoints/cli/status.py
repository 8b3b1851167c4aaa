"""``assembly status``: where an assembly stands, read from its record (it records nothing)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import click
import msgspec

from core.assembly.ballots.model import Ballot
from core.assembly.followup.model import Submission
from core.assembly.followup.rules import overdue
from core.assembly.recommendations.model import Recommendation
from core.assembly.sittings.model import Session, SessionStatus
from core.assembly.state import Assembly
from services.entrypoints.cli.acts import Day, on_assembly
from services.entrypoints.cli.context import CliContext


def _today() -> datetime:
    return datetime.now(tz=UTC)


@click.command()
@click.option(
    "--on",
    type=Day(),
    default=_today,
    show_default="today",
    help="The day to count overdue answers on.",
)
@on_assembly
@click.pass_obj
def status(obj: CliContext, on: datetime, assembly_id: UUID) -> None:
    """Show the charter, phase, members, sessions, ballots, recommendations and submissions,
    with the executive's answers overdue.

    \b
    Example:
      assembly status
      assembly --json status --on 2026-12-01 | jq .overdue
    """
    state = obj.app.assembly(assembly_id)
    late = overdue(state, on.date())
    obj.emit(_facts(state, on.date(), late), "\n".join(_lines(state, on.date(), late)))


def _facts(state: Assembly, on: date, late: list[UUID]) -> dict[str, Any]:
    return {
        "ok": True,
        "assembly_id": state.id,
        "previous_cohort": state.previous_cohort,
        "charter": msgspec.to_builtins(state.charter),
        "phase": state.phase.value if state.phase else None,
        "members": Counter(m.status.value for m in state.members.values()),
        "contact_look_ups": state.contact_look_ups,
        "sessions": [_session(s) for s in state.sessions.values()],
        "ballots": [_ballot(b) for b in state.ballots.values()],
        "recommendations": [_recommendation(r) for r in state.recommendations.values()],
        "submissions": msgspec.to_builtins(list(state.submissions.values())),
        "on": on,
        "overdue": late,
    }


def _session(s: Session) -> dict[str, Any]:
    return {
        "id": s.id,
        "kind": s.kind.value,
        "group": s.group,
        "title": s.title,
        "starts_at": s.starts_at,
        "postponed_from": s.postponed_from,
        "status": s.status.value,
        "reason": s.reason,
        "present": len(s.present()),
        "minutes": msgspec.to_builtins(s.minutes),
    }


def _ballot(b: Ballot) -> dict[str, Any]:
    return {
        "id": b.id,
        "motion": b.motion.kind.value,
        "subject": b.motion.subject,
        "text": b.motion.text,
        "secrecy": b.secrecy.value,
        "status": b.status.value,
        "outcome": msgspec.to_builtins(b.outcome),
    }


def _recommendation(r: Recommendation) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": r.title,
        "group": r.group,
        "status": r.status.value,
        "version": r.current.number,
        "sha256": r.current.sha256,
    }


def _lines(state: Assembly, on: date, late: list[UUID]) -> list[str]:
    members = Counter(m.status.value for m in state.members.values())
    overdue_titles = [f"{state.recommendations[r].title!r} ({r})" for r in late]
    return [
        *_charter(state),
        f"members: {', '.join(f'{n} {s}' for s, n in members.items()) or 'no panel yet'}",
        f"contacts looked up in the registry: {state.contact_look_ups} time(s)",
        f"sessions: {len(state.sessions)}",
        *(_session_line(s) for s in state.sessions.values()),
        f"ballots: {len(state.ballots)}",
        *(_ballot_line(b) for b in state.ballots.values()),
        f"recommendations: {len(state.recommendations)}",
        *(
            f"  {r.status.value:<9} v{r.current.number}  {r.group}: {r.title!r}  {r.id}"
            for r in state.recommendations.values()
        ),
        f"submissions: {len(state.submissions)}",
        *(_submission_line(s) for s in state.submissions.values()),
        f"answers overdue on {on}: {', '.join(overdue_titles) or 'none'}",
    ]


def _charter(state: Assembly) -> list[str]:
    c, rules = state.charter, state.charter.rules
    subpools = ", ".join(f"{name} {n}" for name, n in c.subpool_seats.items())
    after = f"; next cohort after {state.previous_cohort}" if state.previous_cohort else ""
    return [
        f"{c.name}, cohort {c.cohort}, {c.term_start} to {c.term_end} ({state.id}{after})",
        f"phase: {state.phase.value if state.phase else 'none opened yet'}",
        f"seats: {c.seats}{f' ({subpools})' if subpools else ''}; themes: {', '.join(c.themes)}",
        f"rules: quorum {rules.quorum} of the seated; to adopt an amendment "
        f"{rules.amendment_threshold.value}, a recommendation "
        f"{rules.recommendation_threshold.value}, a mandate {rules.mandate_threshold.value}",
        f"       abstentions {rules.abstentions.value}; ballots {rules.secrecy.value}; "
        f"replacement {rules.replacement.value}; "
        f"the executive answers within {rules.executive_response_days} days",
    ]


def _session_line(s: Session) -> str:
    minuted = " (minutes recorded)" if s.minutes else ""
    when = f"{s.starts_at:%Y-%m-%d %H:%M}"
    if s.postponed_from is not None:
        minuted += f" (postponed from {s.postponed_from:%Y-%m-%d %H:%M}: {s.reason})"
    if s.status is SessionStatus.CANCELLED:
        minuted += f" (cancelled: {s.reason})"
    return f"  {s.status.value:<9} {s.kind.value:<13} {when}  {s.title!r}{minuted}  {s.id}"


def _ballot_line(b: Ballot) -> str:
    result = b.status.value
    if b.outcome is not None:
        result = "adopted" if b.outcome.adopted else "not adopted"
    return f"  {result:<11} {b.secrecy.value:<9} {b.motion.text!r}  {b.id}"


def _submission_line(s: Submission) -> str:
    council = f"; Council sitting {s.council_sitting}" if s.council_sitting else ""
    if s.council_decision is not None:
        council += f": {s.council_decision.value} ({s.council_reference})"
    due = f"submitted {s.submitted_on}, answers due {s.deadline}"
    return f"  {len(s.recommendations)} recommendation(s) {due}{council}  {s.id}"
