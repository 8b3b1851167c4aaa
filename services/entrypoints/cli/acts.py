"""Which assembly, who acts and when: the options every act takes, read here and never in core.

``--assembly`` defaults to ``ASSEMBLY_ID``; ``--as`` to ``ASSEMBLY_ACTOR``, else
``clerk:<login name>``; ``--at`` to now. A time is kept in UTC so the log has one canonical
form; an actor has the shape core.assembly.actors documents (``role:name``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar, cast
from uuid import UUID

import click
import msgspec

from core.assembly import actors
from services.entrypoints.cli.i18n import N_, _

C = TypeVar("C")
Command = Callable[..., None]


@dataclass(frozen=True)
class Actor:
    """Who acts, and when the act happened (which may be earlier than it is recorded)."""

    by: str
    at: datetime


@dataclass(frozen=True)
class Act(Actor):
    """An act on one assembly."""

    assembly_id: UUID

    def command(self, message: Callable[..., C], **facts: object) -> C:
        """The command message for this act: its facts (texts in NFC), plus which assembly,
        who and when."""
        given = {name: nfc(value) for name, value in facts.items()}
        return message(assembly_id=self.assembly_id, at=self.at, by=self.by, **given)


T = TypeVar("T")


def nfc(value: T) -> T:
    """Every text in ``value`` in Unicode NFC, the one form the record holds (core refuses
    any other): "é" typed as e + a combining accent is stored as the single character é."""
    return cast(T, _nfc(value))


def _nfc(value: Any) -> Any:
    if type(value) is str:  # an enum's str value is a code, not a text
        return unicodedata.normalize("NFC", value)
    if isinstance(value, msgspec.Struct):
        fields = {f: getattr(value, f) for f in value.__struct_fields__}
        return msgspec.structs.replace(value, **{f: _nfc(v) for f, v in fields.items()})
    if type(value) in (tuple, list):
        return type(value)(_nfc(v) for v in value)
    if type(value) is dict:
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    return value


class Timestamp(click.ParamType[datetime]):
    """ISO 8601 with a timezone, or a date (00:00 UTC that day); a naive time is refused."""

    name = "timestamp"

    def convert(
        self, value: datetime | str, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        if isinstance(value, datetime):
            return value
        text = value.strip()
        try:
            moment = datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
        except ValueError:
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                self.fail(
                    _("{text} is not a time: write e.g. {example} or 2026-03-14").format(
                        text=repr(text), example=_EXAMPLE
                    ),
                    param,
                    ctx,
                )
        if moment.utcoffset() is None:
            self.fail(
                _("{text} has no timezone: add one, e.g. {zoned}").format(
                    text=repr(text), zoned=_("{text}+01:00 or {text}Z").format(text=text)
                ),
                param,
                ctx,
            )
        try:
            utc = moment.astimezone(UTC)
        except OverflowError:  # 0001-01-01T00:00+14:00 is before the first UTC instant
            utc = datetime.min.replace(tzinfo=UTC)
        if not (EARLIEST <= utc <= LATEST):
            self.fail(_("{text} is {range}").format(text=repr(text), range=_(_RANGE)), param, ctx)
        return utc


class Day(click.ParamType[datetime]):
    """A calendar date (YYYY-MM-DD) inside the range the record accepts."""

    name = "date"

    def convert(
        self, value: datetime | str, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        if isinstance(value, datetime):
            return value
        text = value.strip()
        try:
            day = date.fromisoformat(text)
        except ValueError:
            self.fail(
                _("{text} is not a date: write it YYYY-MM-DD, e.g. 2026-03-14").format(
                    text=repr(text)
                ),
                param,
                ctx,
            )
        if not (EARLIEST.date() <= day <= LATEST.date()):
            self.fail(_("{text} is {range}").format(text=repr(text), range=_(_RANGE)), param, ctx)
        return datetime.combine(day, time())


_EXAMPLE = "2026-03-14T18:30:00+01:00"
# The range of times and dates the record accepts: wide enough for any assembly's life and
# for the deadlines counted from it, far from the ends of Python's calendar (year 1 and 9999)
# where adding a deadline or changing the timezone overflows.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)
_RANGE = N_("outside the range the record accepts: give a time between 1970 and 2999")


def _now() -> datetime:
    return datetime.now(tz=UTC)


def _login() -> str | None:
    """``clerk:<login>``: the login name made a valid actor's name (any other character
    becomes ``-``), or nothing when the system cannot tell it."""
    import getpass  # noqa: PLC0415 - only when no actor is given (it loads termios)

    try:
        login = getpass.getuser()
    except (OSError, KeyError):
        return None
    name = _NOT_IN_NAME.sub("-", unicodedata.normalize("NFC", login)).strip(".-_")
    return f"{actors.Role.CLERK.value}:{name[: actors.NAME_MAX]}" if name else None


_NOT_IN_NAME = re.compile(r"[^0-9A-Za-zÀ-ÖØ-öø-ÿŒœŸ._-]")


class ActorName(click.ParamType[str]):
    """Who acts: ``role:name`` (clerk:greffe, member:ele-007, teller:dupont,
    executive:cabinet-maire)."""

    name = "actor"

    def convert(self, value: str, param: click.Parameter | None, ctx: click.Context | None) -> str:
        by = unicodedata.normalize("NFC", value.strip())
        if not by:
            self.fail(_("who acts? Pass --as ROLE:NAME, e.g. --as clerk:greffe"), param, ctx)
        try:
            actors.parse(by)
        except actors.ActorRefused as e:
            from services.entrypoints.cli.refusals import translated  # noqa: PLC0415

            self.fail(translated(str(e)), param, ctx)
        return by


_ASSEMBLY = click.option(
    "--assembly",
    "assembly_id",
    type=click.UUID,
    envvar="ASSEMBLY_ID",
    show_envvar=True,
    metavar="ID",
    help="The assembly (its id, as printed by `assembly convene`).",
)
_AS = click.option(
    "--as",
    "by",
    type=ActorName(),
    envvar="ASSEMBLY_ACTOR",
    show_envvar=True,
    default=_login,
    show_default="clerk:<your login name>",
    metavar="ROLE:NAME",
    help="Who acts, as recorded on the event: clerk:<login>, member:<pseudonym>, "
    "teller:<name> (as the charter names them) or executive:<office>.",
)
_AT = click.option(
    "--at",
    type=Timestamp(),
    default=_now,
    show_default="now",
    help="When the act happened: ISO 8601 with a timezone (2026-03-14T18:30:00+01:00) or a date.",
)


def _assembly(assembly_id: UUID | None) -> UUID:
    if assembly_id is None:
        raise click.UsageError(
            _(
                "which assembly? Pass --assembly ID or export ASSEMBLY_ID=<id> "
                "(`assembly convene` prints it)."
            )
        )
    return assembly_id


def _actor(by: str | None, at: datetime) -> Actor:
    if not (by and by.strip()):
        raise click.UsageError(
            _("who acts? Pass --as ROLE:NAME or export ASSEMBLY_ACTOR=clerk:<login>.")
        )
    return Actor(by=nfc(by.strip()), at=at)


def on_assembly(command: Command) -> Command:
    """Add ``--assembly`` to a command that reads an assembly; it receives ``assembly_id``."""

    @functools.wraps(command)
    def reading(*args: Any, assembly_id: UUID | None, **kwargs: Any) -> None:
        command(*args, assembly_id=_assembly(assembly_id), **kwargs)

    return _ASSEMBLY(reading)


def maybe_on_assembly(command: Command) -> Command:
    """Add ``--assembly`` to a command that may read one assembly or all; it receives
    ``assembly_id`` (None: not given) and asks for it where it needs one."""
    return _ASSEMBLY(command)


def actor(command: Command) -> Command:
    """Add ``--as`` and ``--at`` to an act that creates its record; it receives ``actor``."""

    @functools.wraps(command)
    def acting(*args: Any, by: str | None, at: datetime, **kwargs: Any) -> None:
        command(*args, actor=_actor(by, at), **kwargs)

    return _AS(_AT(acting))


def act(command: Command) -> Command:
    """Add ``--assembly``, ``--as`` and ``--at`` to an act on an assembly; it receives ``act``."""

    @functools.wraps(command)
    def acting(
        *args: Any, assembly_id: UUID | None, by: str | None, at: datetime, **kw: Any
    ) -> None:
        on, who = _assembly(assembly_id), _actor(by, at)
        command(*args, act=Act(by=who.by, at=who.at, assembly_id=on), **kw)

    return _ASSEMBLY(_AS(_AT(acting)))


def act_now(command: Command) -> Command:
    """Add ``--assembly`` and ``--as`` to an act recorded as it happens (a look-up in the
    registry: what it shows is shown now, so it has no ``--at``); it receives ``act``."""

    @functools.wraps(command)
    def acting(*args: Any, assembly_id: UUID | None, by: str | None, **kw: Any) -> None:
        on, who = _assembly(assembly_id), _actor(by, _now())
        command(*args, act=Act(by=who.by, at=who.at, assembly_id=on), **kw)

    return _ASSEMBLY(_AS(acting))
