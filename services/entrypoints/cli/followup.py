"""The recommendations' life after the votes: submitted to the executive, answered (late or
not), presented to the Council of Paris, decided, implemented. Commands of ``assembly
recommendation``."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import click

from commands.messages import (
    PresentToCouncil,
    RecordCouncilDecision,
    RecordExecutiveResponse,
    ReportImplementation,
    SubmitRecommendations,
)
from core.assembly.followup.model import CouncilDecision, Instrument, Response, Stage
from core.assembly.followup.rules import submission_with
from services.entrypoints.cli import i18n
from services.entrypoints.cli.acts import Act, Day, act
from services.entrypoints.cli.choices import Word
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import _, day, value

REC = click.argument("recommendation_id", metavar="REC", type=click.UUID)
SUBMISSION = click.argument("submission_id", metavar="SUBMISSION", type=click.UUID)


def _choice(values: type[Response | Instrument | CouncilDecision | Stage]) -> click.Choice[str]:
    return Word([v.value for v in values])


@click.command(cls=i18n.Command)
@click.argument("recommendations", nargs=-1, required=True, metavar="REC...", type=click.UUID)
@act
@click.pass_obj
def submit(obj: CliContext, recommendations: tuple[UUID, ...], act: Act) -> None:
    """Submit adopted recommendations to the executive, as one package; prints the deadline.

    \b
    Example:
      assembly recommendation submit 9a0b...17 c4d2...08 --at 2026-06-20
    """
    cmd = act.command(SubmitRecommendations, recommendations=recommendations)
    position = obj.app.execute(cmd)
    sent = obj.app.assembly(act.assembly_id).submissions[cmd.submission_id]
    text = _(
        "submitted {n} recommendation(s) to the executive as {id}; its answers are due by {due}"
    ).format(n=len(recommendations), id=sent.id, due=day(sent.deadline))
    obj.done(position, text, submission_id=sent.id, deadline=sent.deadline)


@click.command(cls=i18n.Command)
@REC
@click.option("--response", required=True, type=_choice(Response))
@click.option("--reasons", required=True, help="The executive's reasons, as given.")
@act
@click.pass_obj
def respond(
    obj: CliContext, recommendation_id: UUID, response: str, reasons: str, act: Act
) -> None:
    """Record the executive's answer on one recommendation; says if it came late.

    \b
    Example:
      assembly recommendation respond 9a0b...17 --response partly-accepted \\
          --reasons "Funded for 40 schools in 2027" --at 2026-09-10
    """
    answer = {"response": Response(response), "reasons": reasons}
    cmd = act.command(RecordExecutiveResponse, recommendation_id=recommendation_id, **answer)
    position = obj.app.execute(cmd)
    state = obj.app.assembly(act.assembly_id)
    late, sent = state.answers[recommendation_id].late, submission_with(state, recommendation_id)
    deadline = sent.deadline if sent else None
    text = _("recorded the executive's answer: {response}").format(response=value(response))
    text += (
        _(", LATE: the deadline was {deadline}") if late else _(", within the deadline {deadline}")
    ).format(deadline=day(deadline))
    obj.done(position, text, late=late, deadline=deadline)


@click.command(cls=i18n.Command)
@SUBMISSION
@click.option("--sitting", required=True, type=Day(), help="The date.")
@click.option("--instrument", required=True, type=_choice(Instrument))
@act
@click.pass_obj
def present(
    obj: CliContext, submission_id: UUID, sitting: datetime, instrument: str, act: Act
) -> None:
    """Record that a submission goes before the Council of Paris, as a voeu or a deliberation.

    \b
    Example:
      assembly recommendation present 7b8c...31 --sitting 2026-10-06 --instrument voeu
    """
    cmd = act.command(
        PresentToCouncil,
        submission_id=submission_id,
        sitting=sitting.date(),
        instrument=Instrument(instrument),
    )
    position = obj.app.execute(cmd)
    text = _("presented to the Council on {sitting} as a {instrument}").format(
        sitting=day(sitting), instrument=value(instrument)
    )
    obj.done(position, text)


@click.command(cls=i18n.Command)
@SUBMISSION
@click.option("--decision", required=True, type=_choice(CouncilDecision))
@click.option("--reference", required=True, metavar="REF", help="The deliberation's number.")
@act
@click.pass_obj
def council(obj: CliContext, submission_id: UUID, decision: str, reference: str, act: Act) -> None:
    """Record the Council's decision on a submission, with its reference.

    \b
    Example:
      assembly recommendation council 7b8c...31 --decision adopted --reference "2026 V. 212"
    """
    cmd = act.command(
        RecordCouncilDecision,
        submission_id=submission_id,
        decision=CouncilDecision(decision),
        reference=reference,
    )
    position = obj.app.execute(cmd)
    text = _("the Council {decision} it ({reference})").format(
        decision=value(decision), reference=reference
    )
    obj.done(position, text)


@click.command(cls=i18n.Command)
@REC
@click.option("--stage", required=True, type=_choice(Stage))
@click.option("--summary", required=True, help="Where implementation stands, in a sentence.")
@act
@click.pass_obj
def report(obj: CliContext, recommendation_id: UUID, stage: str, summary: str, act: Act) -> None:
    """Report how far a submitted recommendation is implemented.

    \b
    Example:
      assembly recommendation report 9a0b...17 --stage under-way --summary "12 schools done"
    """
    cmd = act.command(
        ReportImplementation,
        recommendation_id=recommendation_id,
        stage=Stage(stage),
        summary=summary,
    )
    position = obj.app.execute(cmd)
    obj.done(position, _("reported {stage}: {summary}").format(stage=value(stage), summary=summary))


FOLLOW_UP = (submit, respond, present, council, report)
