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
from services.entrypoints.cli import i18n
from services.entrypoints.cli.acts import Day, on_assembly
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import _, day, moment, ngettext, pgettext, value


def _today() -> datetime:
    return datetime.now(tz=UTC)


@click.command(cls=i18n.Command)
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
    counted = ", ".join(_("{n} {status}").format(n=n, status=value(s)) for s, n in members.items())
    return [
        *_charter(state),
        _("members: {counts}").format(counts=counted or _("no panel yet")),
        _("contacts looked up in the registry: {n} time(s)").format(n=state.contact_look_ups),
        _("sessions: {n}").format(n=len(state.sessions)),
        *(_session_line(s) for s in state.sessions.values()),
        _("ballots: {n}").format(n=len(state.ballots)),
        *(_ballot_line(b) for b in state.ballots.values()),
        _("recommendations: {n}").format(n=len(state.recommendations)),
        *(
            f"  {value(r.status.value, 'recommendation'):<9} v{r.current.number}  "
            f"{r.group}: {r.title!r}  {r.id}"
            for r in state.recommendations.values()
        ),
        _("submissions: {n}").format(n=len(state.submissions)),
        *(_submission_line(s) for s in state.submissions.values()),
        _("answers overdue on {on}: {titles}").format(
            on=day(on), titles=", ".join(overdue_titles) or _("none")
        ),
    ]


def _charter(state: Assembly) -> list[str]:
    c, rules = state.charter, state.charter.rules
    subpools = ", ".join(f"{name} {n}" for name, n in c.subpool_seats.items())
    after = (
        _("; next cohort after {previous}").format(previous=state.previous_cohort)
        if state.previous_cohort
        else ""
    )
    phase = value(state.phase.value) if state.phase else _("none opened yet")
    return [
        _("{name}, cohort {cohort}, {start} to {end} ({id}{after})").format(
            name=c.name,
            cohort=c.cohort,
            start=day(c.term_start),
            end=day(c.term_end),
            id=state.id,
            after=after,
        ),
        _("phase: {phase}").format(phase=phase),
        _("seats: {seats}{subpools}; themes: {themes}").format(
            seats=c.seats, subpools=f" ({subpools})" if subpools else "", themes=", ".join(c.themes)
        ),
        _(
            "rules: quorum {quorum} of the seated; to adopt an amendment {amendment}, "
            "a recommendation {recommendation}, a mandate {mandate}"
        ).format(
            quorum=i18n.number(rules.quorum),
            amendment=value(rules.amendment_threshold.value),
            recommendation=value(rules.recommendation_threshold.value),
            mandate=value(rules.mandate_threshold.value),
        ),
        _(
            "       abstentions {abstentions}; ballots {secrecy}; replacement {replacement}; "
            "the executive answers within {days} days"
        ).format(
            abstentions=value(rules.abstentions.value),
            secrecy=value(rules.secrecy.value),
            replacement=value(rules.replacement.value),
            days=rules.executive_response_days,
        ),
    ]


def _session_line(s: Session) -> str:
    minuted = _(" (minutes recorded)") if s.minutes else ""
    if s.postponed_from is not None:
        minuted += _(" (postponed from {when}: {reason})").format(
            when=moment(s.postponed_from), reason=s.reason
        )
    if s.status is SessionStatus.CANCELLED:
        minuted += _(" (cancelled: {reason})").format(reason=s.reason)
    status, kind = value(s.status.value, "session"), value(s.kind.value)
    return f"  {status:<9} {kind:<13} {moment(s.starts_at)}  {s.title!r}{minuted}  {s.id}"


def _ballot_line(b: Ballot) -> str:
    result = value(b.status.value)
    if b.outcome is not None:
        result = _("adopted") if b.outcome.adopted else _("not adopted")
    return f"  {result:<11} {value(b.secrecy.value):<9} {b.motion.text!r}  {b.id}"


def _submission_line(s: Submission) -> str:
    council = (
        _("; Council sitting {sitting}").format(sitting=day(s.council_sitting))
        if s.council_sitting
        else ""
    )
    if s.council_decision is not None:
        council += pgettext("submission", ": {decision} ({reference})").format(
            decision=value(s.council_decision.value, "recommendation"),
            reference=s.council_reference,
        )
    due = _("submitted {on}, answers due {deadline}").format(
        on=day(s.submitted_on), deadline=day(s.deadline)
    )
    n = len(s.recommendations)
    return ngettext(
        "  {n} recommendation {due}{council}  {id}", "  {n} recommendations {due}{council}  {id}", n
    ).format(n=n, due=due, council=council, id=s.id)
