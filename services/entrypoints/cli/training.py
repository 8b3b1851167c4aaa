"""``assembly training ...``: the members' training scheduled, and who attended it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import click

from commands.messages import RecordTrainingAttendance, ScheduleTraining
from core.assembly.sittings.model import Presence
from services.entrypoints.cli import i18n
from services.entrypoints.cli.acts import Act, Timestamp, act
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import _, moment, value
from services.entrypoints.cli.inputs import Assigned, by_member


@click.group(cls=i18n.Group)
def training() -> None:
    """Record the members' training (public speaking, deciphering current events) and who came."""


@training.command()
@click.option("--topic", required=True, help="What the training covers, in a line.")
@click.option("--trainer", required=True, help="As the trainer is named in public: name, body.")
@click.option("--starts-at", required=True, type=Timestamp(), help="ISO 8601 with a timezone.")
@act
@click.pass_obj
def schedule(obj: CliContext, topic: str, trainer: str, starts_at: datetime, act: Act) -> None:
    """Schedule a training for the members, within the term; prints its id (TRAINING).

    \b
    Example:
      assembly training schedule --topic "public speaking" \\
          --trainer "Mme C. Lemoine, Cours Florent" --starts-at 2026-02-14T10:00:00+01:00
    """
    cmd = act.command(ScheduleTraining, topic=topic, trainer=trainer, starts_at=starts_at)
    position = obj.app.execute(cmd)
    text = _("scheduled the training on {topic} by {trainer} on {when} as {id}").format(
        topic=repr(topic), trainer=trainer, when=moment(starts_at), id=cmd.training_id
    )
    obj.done(position, text, training_id=cmd.training_id)


@training.command()
@click.argument("training_id", metavar="TRAINING", type=click.UUID)
@click.argument("presence", nargs=-1, type=Assigned(Presence), metavar="MEMBER=PRESENCE...")
@act
@click.pass_obj
def attend(
    obj: CliContext, training_id: UUID, presence: tuple[tuple[str, Presence], ...], act: Act
) -> None:
    """Record who was present, excused or absent at a training (seated members, once it has
    begun, once each): all of it in one act, or none if refused.

    \b
    Example:
      assembly training attend 3a9e...41 ele-001=present ele-002=excused ele-003=absent
    """
    cmd = act.command(
        RecordTrainingAttendance,
        training_id=training_id,
        presence=by_member(presence, "MEMBER=PRESENCE"),
    )
    position = obj.app.execute(cmd)
    counts = {p.value: list(cmd.presence.values()).count(p) for p in Presence}
    text = ", ".join(_("{n} {status}").format(n=n, status=value(p)) for p, n in counts.items())
    shown = _("recorded training attendance: {counts}").format(counts=text)
    obj.done(position, shown, training_id=training_id, **counts)
