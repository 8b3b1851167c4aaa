"""``assembly session ...``: sessions scheduled, postponed or cancelled, opened, attended, closed
and minuted."""

from __future__ import annotations

import csv
import hashlib
from datetime import datetime
from typing import BinaryIO, TextIO
from uuid import UUID

import click

from commands.messages import (
    CancelSession,
    CloseSession,
    HearExpert,
    OpenSession,
    PostponeSession,
    RecordAttendance,
    RecordMinutes,
    ScheduleSession,
)
from core.assembly.sittings.model import Expert, Presence, SessionKind
from services.entrypoints.cli import i18n
from services.entrypoints.cli.acts import Act, Timestamp, act
from services.entrypoints.cli.choices import Word
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import _, moment, value
from services.entrypoints.cli.inputs import Assigned, by_member

SESSION = click.argument("session_id", metavar="SESSION", type=click.UUID)


@click.group(cls=i18n.Group)
def session() -> None:
    """Record the assembly's sessions: plenaries and working groups, who came, the minutes."""


@session.command()
@click.option("--kind", required=True, type=Word([k.value for k in SessionKind]))
@click.option("--group", metavar="THEME", help="The working group (its theme), for its sessions.")
@click.option("--title", required=True)
@click.option("--starts-at", required=True, type=Timestamp(), help="ISO 8601 with a timezone.")
@click.option("--agenda", multiple=True, required=True, metavar="ITEM", help="Repeat per item.")
@act
@click.pass_obj
def schedule(
    obj: CliContext,
    kind: str,
    group: str | None,
    title: str,
    starts_at: datetime,
    agenda: tuple[str, ...],
    act: Act,
) -> None:
    """Schedule a session with its agenda; prints its id.

    \b
    Example:
      assembly session schedule --kind plenary --title "Opening plenary" \\
          --starts-at 2026-02-07T10:00:00+01:00 --agenda Welcome --agenda "The charter"
      assembly session schedule --kind working-group --group environment ...
    """
    facts = {"title": title, "starts_at": starts_at, "agenda": agenda, "group": group}
    cmd = act.command(ScheduleSession, kind=SessionKind(kind), **facts)
    position = obj.app.execute(cmd)
    text = _("scheduled the {kind} session {title} on {when} as {id}").format(
        kind=value(kind), title=repr(title), when=moment(starts_at), id=cmd.session_id
    )
    obj.done(position, text, session_id=cmd.session_id)


@session.command()
@SESSION
@click.option(
    "--to", "starts_at", required=True, type=Timestamp(), help="The new start (ISO 8601)."
)
@click.option("--reason", required=True, help="Why it moves, said in public.")
@act
@click.pass_obj
def postpone(obj: CliContext, session_id: UUID, starts_at: datetime, reason: str, act: Act) -> None:
    """Move a session not yet opened to a later start: it opens no earlier than that.

    \b
    Example:
      assembly session postpone 6f1c...e2 --to 2026-03-14T10:00:00+01:00 \\
          --reason "public transport strike"
    """
    cmd = act.command(PostponeSession, session_id=session_id, starts_at=starts_at, reason=reason)
    position = obj.app.execute(cmd)
    text = _("postponed session {id} to {when}: {reason}").format(
        id=session_id, when=moment(starts_at), reason=reason
    )
    obj.done(position, text, session_id=session_id, starts_at=starts_at)


@session.command()
@SESSION
@click.option("--reason", required=True, help="Why it will not sit, said in public.")
@act
@click.pass_obj
def cancel(obj: CliContext, session_id: UUID, reason: str, act: Act) -> None:
    """Cancel a session not yet opened: it never sits (no attendance, ballot nor expert in it).

    \b
    Example:
      assembly session cancel 6f1c...e2 --reason "the hall is closed for works"
    """
    cmd = act.command(CancelSession, session_id=session_id, reason=reason)
    position = obj.app.execute(cmd)
    text = _("cancelled session {id}: {reason}").format(id=session_id, reason=reason)
    obj.done(position, text, session_id=session_id)


@session.command("open")
@SESSION
@act
@click.pass_obj
def open_session(obj: CliContext, session_id: UUID, act: Act) -> None:
    """Open a scheduled session (once a phase is open).

    \b
    Example:
      assembly session open 6f1c...e2 --at 2026-02-07T10:05:00+01:00
    """
    position = obj.app.execute(act.command(OpenSession, session_id=session_id))
    obj.done(position, _("opened session {id}").format(id=session_id), session_id=session_id)


@session.command()
@SESSION
@click.option("--name", required=True, help="As the expert is named in public.")
@click.option("--affiliation", required=True)
@click.option("--topic", required=True)
@act
@click.pass_obj
def expert(
    obj: CliContext, session_id: UUID, name: str, affiliation: str, topic: str, act: Act
) -> None:
    """Record an expert heard in an open session.

    \b
    Example:
      assembly session expert 6f1c...e2 --name "Dr. A. Martin" \\
          --affiliation "Sorbonne Université" --topic "urban heat islands"
    """
    heard = Expert(name=name, affiliation=affiliation, topic=topic)
    position = obj.app.execute(act.command(HearExpert, session_id=session_id, expert=heard))
    text = _("heard {name} ({affiliation}) on {topic}").format(
        name=name, affiliation=affiliation, topic=topic
    )
    obj.done(position, text, session_id=session_id)


@session.command()
@SESSION
@click.argument("presence", nargs=-1, type=Assigned(Presence), metavar="MEMBER=PRESENCE...")
@click.option(
    "--from-file",
    type=click.File("r", encoding="utf-8"),
    metavar="FILE.csv",
    help="A CSV sheet with a header line naming its columns member,presence.",
)
@act
@click.pass_obj
def attend(
    obj: CliContext,
    session_id: UUID,
    presence: tuple[tuple[str, Presence], ...],
    from_file: TextIO | None,
    act: Act,
) -> None:
    """Record who was present, excused or absent: all of it in one act, or none if refused.

    \b
    Example:
      assembly session attend 6f1c...e2 ele-000=present ele-001=excused ele-002=absent
      assembly session attend 6f1c...e2 --from-file attendance.csv
    """
    pairs = [*presence, *(_sheet(from_file) if from_file else ())]
    cmd = act.command(
        RecordAttendance, session_id=session_id, presence=by_member(pairs, "MEMBER=PRESENCE")
    )
    position = obj.app.execute(cmd)
    counts = {p.value: list(cmd.presence.values()).count(p) for p in Presence}
    text = ", ".join(_("{n} {status}").format(n=n, status=value(p)) for p, n in counts.items())
    shown = _("recorded attendance: {counts}").format(counts=text)
    obj.done(position, shown, session_id=session_id, **counts)


def _sheet(file: TextIO) -> list[tuple[str, Presence]]:
    """The sheet's rows, or bad input when it is no text or no CSV (found by tests/fuzz)."""
    hint = f"'--from-file' {file.name}"
    try:
        return _rows(file)
    except UnicodeDecodeError as e:
        raise click.BadParameter(
            _("not UTF-8 text (byte {n})").format(n=e.start), param_hint=hint
        ) from e
    except csv.Error as e:
        raise click.BadParameter(_("not a CSV sheet: {e}").format(e=e), param_hint=hint) from e


def _rows(file: TextIO) -> list[tuple[str, Presence]]:
    """A spreadsheet export: a header line naming the columns ``member`` and ``presence``."""
    reader = csv.DictReader(file)
    if not {"member", "presence"} <= set(reader.fieldnames or ()):
        raise click.BadParameter(
            _("{file} needs columns member,presence").format(file=file.name), param_hint="FILE"
        )
    convert = Assigned(Presence).convert
    hint = f"'--from-file' {file.name}"
    try:
        return [convert(f"{r['member']}={r['presence']}", None, None) for r in reader]
    except click.BadParameter as e:
        raise click.BadParameter(
            _("line {n}: {message}").format(n=reader.line_num, message=e.message), param_hint=hint
        ) from e


@session.command("close")
@SESSION
@act
@click.pass_obj
def close_session(obj: CliContext, session_id: UUID, act: Act) -> None:
    """Close an open session (its ballots closed first).

    \b
    Example:
      assembly session close 6f1c...e2 --at 2026-02-07T17:00:00+01:00
    """
    position = obj.app.execute(act.command(CloseSession, session_id=session_id))
    obj.done(position, _("closed session {id}").format(id=session_id), session_id=session_id)


@session.command()
@SESSION
@click.option("--sha256", metavar="HEX", help="The SHA-256 of the minutes, in hex.")
@click.option("--file", type=click.File("rb"), help="The minutes: their SHA-256 is computed.")
@click.option("--location", required=True, metavar="URL", help="Where the minutes are kept.")
@act
@click.pass_obj
def minutes(
    obj: CliContext,
    session_id: UUID,
    sha256: str | None,
    file: BinaryIO | None,
    location: str,
    act: Act,
) -> None:
    """Record the minutes of a closed session: their fingerprint and where they are kept.

    \b
    Example:
      assembly session minutes 6f1c...e2 --file minutes-2026-02-07.pdf \\
          --location https://paris.fr/assemblee/pv/2026-02-07.pdf
    """
    if (sha256 is None) == (file is None):
        raise click.UsageError(_("give the minutes' --sha256 HEX or their --file PATH (one)"))
    digest = hashlib.sha256(file.read()).hexdigest() if file else str(sha256).lower()
    cmd = act.command(RecordMinutes, session_id=session_id, sha256=digest, location=location)
    position = obj.app.execute(cmd)
    text = _("recorded the minutes {digest} at {location}").format(digest=digest, location=location)
    obj.done(position, text, sha256=digest)
