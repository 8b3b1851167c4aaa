"""What every command shares: settings, output mode, and the lazily built application."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import click

from services.config import Settings
from services.entrypoints.cli.i18n import _

if TYPE_CHECKING:  # the application is imported when first built: a command that never
    from commands.application import AssemblyRecord  # needs it starts in a fraction

# Who each command is to the embedded server, as production runs it (docker-compose.yml):
# the writer records acts (every command not named here), the reader reads and subscribes,
# the auditor audits, ops creates the stream (`server init`). With NATS_USER or NATS_CREDS
# set, or NATS_URL, the environment says who.
EMBEDDED_ROLES = {
    "audit": "auditor",
    "export": "reader",
    "log": "reader",
    "notifier": "reader",
    "portal": "reader",
    "projections": "reader",
    "show": "reader",
    "status": "reader",
    "subscribe": "reader",
}


@dataclass
class CliContext:
    settings: Settings
    as_json: bool = False
    debug: bool = False
    _app: AssemblyRecord | None = field(default=None, repr=False)

    def as_role(self, role: str) -> None:
        """Connect to the embedded server as ``role`` (before anything connects)."""
        self.settings = replace(self.settings, role=role)

    def say(self, message: str) -> None:
        """Information for the person at the terminal; never on stdout, so --json stays clean.
        What the services say is English; it is shown in the language of the run."""
        from services.entrypoints.cli.refusals import translated  # noqa: PLC0415

        click.echo(translated(message), err=True)

    @property
    def app(self) -> AssemblyRecord:
        if self._app is None:
            from services.bootstrap import build_application  # noqa: PLC0415 - built when used

            self._app = build_application(self.settings, self.say)
        return self._app

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None

    def done(self, position: int, text: str, **facts: Any) -> None:
        """An act recorded: what it did, for people; its facts and log position, for --json."""
        shown = _("{text} (log position {position})").format(text=text, position=position)
        self.emit({"ok": True, "position": position, **facts}, shown)

    def emit(self, result: dict[str, Any], text: str) -> None:
        if self.as_json:
            click.echo(json.dumps(result, default=str, sort_keys=True))
        else:
            click.echo(text)


def _json_after(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    obj = ctx.find_object(CliContext)
    if value and obj is not None:
        obj.as_json = True


# ``--json`` after the command's name as well as before it: both set the one flag.
json_option = click.option(
    "--json",
    is_flag=True,
    expose_value=False,
    callback=_json_after,
    help="Machine-readable output on stdout (the same as `assembly --json ...`).",
)


def error_payload(kind: str, message: str) -> str:
    return json.dumps({"ok": False, "error": {"kind": kind, "message": message}})


def wants_debug(argv: list[str] | None) -> bool:
    args = sys.argv[1:] if argv is None else argv
    return "--debug" in args


def wants_json(argv: list[str] | None) -> bool:
    args = sys.argv[1:] if argv is None else argv
    return "--json" in args
