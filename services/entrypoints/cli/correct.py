"""``assembly correct`` and ``assembly annul``: an honest mistake corrected, or a fact recorded in
error annulled, by a new fact naming the old one by its log position; the old one stays."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import click
import msgspec
from eventsourcing.utils import TopicError

from commands.correcting import AnnulFact, CorrectFact
from core.assembly.corrections import CORRECTABLE, CorrectionRefused, amended, correctable, kind
from core.events import Event
from services.entrypoints.cli import i18n
from services.entrypoints.cli.acts import Act, Timestamp, act
from services.entrypoints.cli.context import CliContext, json_option
from services.entrypoints.cli.i18n import N_, _

POSITION = click.argument("position", type=click.IntRange(min=1), metavar="POSITION")
REASON = click.option("--reason", required=True, help="Why: what was wrong, in a sentence.")


def _fact(obj: CliContext, position: int) -> Event:
    try:
        return obj.app.recorded(position)
    except (LookupError, TopicError, ValueError):  # nothing there, or not a fact of the domain
        raise click.BadParameter(
            _(
                "no fact of an assembly is recorded at log position {position}: "
                "`assembly log show` lists the positions"
            ).format(position=position),
            param_hint="POSITION",
        ) from None


def _value(fact: Event, field: str, typed: str) -> str:
    """The value as the record writes it (a time in UTC), or one sentence and exit 2."""
    try:
        correctable(fact)
        current = getattr(fact, field) if field in CORRECTABLE[type(fact)] else None
        if isinstance(current, datetime):
            moment = Timestamp().convert(typed, None, None)
            value = str(msgspec.to_builtins(moment))
        elif isinstance(current, date):
            value = typed.strip()
        else:
            value = unicodedata.normalize("NFC", typed)
        amended(fact, field, value)
    except (CorrectionRefused, click.BadParameter) as e:
        message = e.message if isinstance(e, CorrectionRefused) else e.format_message()
        from services.entrypoints.cli.refusals import translated  # noqa: PLC0415

        raise click.BadParameter(translated(message), param_hint="--field/--value") from None
    return value


def _table() -> dict[str, str]:
    colon = "\u00a0:" if i18n.language() == "fr" else ":"
    lines = [
        f"  {i18n.value(kind(cls))}{colon} {', '.join(fields)}"
        for cls, fields in CORRECTABLE.items()
    ]
    return {"table": "\n".join(lines)}


_EPILOG = N_("\b\nCorrectable fields, by kind of fact (any of them may be annulled):\n{table}")


@click.command(epilog=_EPILOG, help_facts=_table, cls=i18n.Command)
@POSITION
@click.option("--field", required=True, help="The field to correct (listed below).")
@click.option("--value", required=True, help="What the field should have said.")
@REASON
@act
@json_option
@click.pass_obj
def correct(obj: CliContext, position: int, field: str, value: str, reason: str, act: Act) -> None:
    """Correct one field of the fact at a log position, with a reason: a new fact, the old one
    stays on the log. Refused if a later fact depends on the old value (correct that first).

    The facts and fields that may be corrected are listed below; the draw, the panel, reserve
    calls, ballots, votes and tallies never are. A time is given as --at is (stored in UTC).

    \b
    Example:
      assembly correct 212 --field reference --value "2026 V. 212" \\
          --reason "the deliberation number was left empty"
      assembly correct 48 --field at --value 2026-02-03T10:00+01:00 \\
          --reason "accepted on the 3rd, typed as the 2nd"
    """
    fact = _fact(obj, position)
    written = _value(fact, field, value)
    cmd = act.command(CorrectFact, position=position, field=field, value=written, reason=reason)
    recorded = obj.app.correct_fact(cmd)
    text = _("corrected the {field} of the {fact} at log position {position}: {written}").format(
        field=field, fact=i18n.value(kind(fact)), position=position, written=written
    )
    obj.done(recorded, text, corrected=position, field=field, value=written)


@click.command(cls=i18n.Command)
@POSITION
@REASON
@act
@json_option
@click.pass_obj
def annul(obj: CliContext, position: int, reason: str, act: Act) -> None:
    """Annul the fact at a log position, recorded in error, with a reason: a new fact, the old
    one stays on the log and no longer counts, so the right act can be recorded. Refused if a
    later fact depends on it (an annulled session would leave its attendance with no session).

    \b
    Example:
      assembly annul 310 --reason "the answer was recorded before it was given"
    """
    fact = _fact(obj, position)
    try:
        correctable(fact)
    except CorrectionRefused as e:
        raise click.BadParameter(e.message, param_hint="POSITION") from None
    cmd = act.command(AnnulFact, position=position, reason=reason)
    recorded = obj.app.annul_fact(cmd)
    text = _("annulled the {fact} at log position {position}").format(
        fact=i18n.value(kind(fact)), position=position
    )
    obj.done(recorded, text, annulled=position)
