"""Entry point: parse, build the command, call, map errors to one sentence and an exit code.

Exit codes: 0 done; 1 refused by a rule of the assembly; 2 bad input, or the
event store cannot be used (unreachable, missing or misconfigured stream,
server too old, someone changed the aggregate first).
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import traceback
from collections.abc import Mapping, MutableMapping
from gettext import gettext
from typing import Any

import click

from core.errors import DomainError
from services.config import Settings
from services.entrypoints.cli import i18n
from services.entrypoints.cli.context import (
    EMBEDDED_ROLES,
    CliContext,
    error_payload,
    wants_debug,
    wants_json,
)
from services.entrypoints.cli.i18n import N_, _

EXIT_REFUSED = 1
EXIT_BAD_INPUT = 2
COMMANDS = {
    "server": "server:server",
    "pool": "pool:pool",
    "convene": "assembly:convene",
    "open-phase": "assembly:open_phase",
    "correct": "correct:correct",
    "annul": "correct:annul",
    "panel": "panel:panel",
    "draw": "draw:draw",
    "audit": "audit:audit",
    "member": "member:member",
    "session": "session:session",
    "training": "training:training",
    "ballot": "ballot:ballot",
    "recommendation": "recommendation:recommendation",
    "status": "status:status",
    "log": "log:log",
    "show": "show:show",
    "projections": "projections:projections",
    "portal": "portal:portal",
    "export": "export:export",
    "schema": "schema:schema",
    "subscribe": "subscribe:subscribe",
    "notifier": "notifier:notifier",
    "security": "security:security",
    "keys": "keys:keys",
    "checkpoint": "checkpoint:checkpoint",
    "witness": "witness:witness",
}
"""Each command and where it is defined (services.entrypoints.cli.MODULE:NAME)."""


class LazyGroup(i18n.Group):
    """Commands imported when named (click's documented lazy loading): `assembly draw verify`
    imports the draw's commands, not the whole program, whose imports were most of a quick
    command's time; whoever reads `commands` imports them all. `--help` lists them from their
    help in services/entrypoints/cli/index.py, importing none."""

    def __init__(self, *args: Any, lazy: Mapping[str, str], **kwargs: Any) -> None:
        self._lazy = dict(lazy)
        self._loaded: dict[str, click.Command] = {}
        super().__init__(*args, **kwargs)

    @property
    def commands(self) -> MutableMapping[str, click.Command]:
        for name in list(self._lazy):
            self._load(name)
        return self._loaded

    @commands.setter
    def commands(self, value: MutableMapping[str, click.Command]) -> None:
        self._loaded = dict(value)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self._loaded, *self._lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self._lazy:
            self._load(cmd_name)
        return self._loaded.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's list of commands, each not yet imported shown by its help in the index."""
        from services.entrypoints.cli.index import HELP  # noqa: PLC0415 - for --help

        names = [n for n in self.list_commands(ctx) if n in HELP or self.get_command(ctx, n)]
        shown = [n for n in names if n not in self._loaded or not self._loaded[n].hidden]
        if not shown:
            return
        limit = formatter.width - 6 - max(len(n) for n in shown)
        rows = [(n, self._short_help(n, HELP, limit)) for n in shown]
        heading = getattr(click.core, "_", gettext)  # click's own word, as click says it
        with formatter.section(heading("Commands")):
            formatter.write_dl(rows)

    def _short_help(self, name: str, index: Mapping[str, str], limit: int) -> str:
        loaded = self._loaded.get(name)
        if loaded is not None:
            return loaded.get_short_help_str(limit)
        made: type[click.Command] = i18n.Command  # the group's kind of command: its help
        return made(name, help=index[name]).get_short_help_str(limit)  # shown as it shows it

    def _load(self, name: str) -> None:
        module, attribute = self._lazy.pop(name).split(":")
        found = getattr(importlib.import_module(f"services.entrypoints.cli.{module}"), attribute)
        if not isinstance(found, click.Command):  # pragma: no cover - COMMANDS names commands
            raise TypeError(f"{module}:{attribute} is not a command")
        self._loaded[name] = found


@click.group(
    cls=LazyGroup,
    lazy=COMMANDS,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option("--json", "as_json", is_flag=True, help=N_("Machine-readable output on stdout."))
@click.option("--debug", is_flag=True, help=N_("Show tracebacks on errors."))
@click.option(
    "--lang",
    type=click.Choice(i18n.LANGUAGES),
    expose_value=False,
    help=N_("The language of messages (default: the locale's, LANG or LC_ALL)."),
)
@click.version_option(
    package_name="assembly-record",
    prog_name="assembly",
    message=N_("%(prog)s, version %(version)s"),
)
@click.pass_context
def cli(ctx: click.Context, as_json: bool, debug: bool) -> None:
    """Assembly Record: the system of record for citizens' assemblies.

    Every act is an immutable event on NATS JetStream. With no NATS_URL set,
    commands start (or reuse) an embedded nats-server storing under
    ./.assembly (or ASSEMBLY_HOME).

    Every act says on which assembly (--assembly, or ASSEMBLY_ID), who acts
    (--as ROLE:NAME, or ASSEMBLY_ACTOR, else clerk:<your login name>; roles: clerk,
    member, teller, executive) and when (--at, default now).

    \b
    Example:
      assembly convene --name "Assemblée citoyenne de Paris" --cohort 2026 \\
          --term-start 2026-01-15 --term-end 2027-01-14 --as clerk:greffe
      export ASSEMBLY_ID=<the id printed> ASSEMBLY_ACTOR=clerk:greffe
      assembly panel receive paris-panel.json
      assembly member accept ele-007
      assembly status

    With no command, says where the assembly stands and the usual next acts.
    """
    obj = CliContext(settings=Settings.from_env(), as_json=as_json, debug=debug)
    obj.as_role(EMBEDDED_ROLES.get(ctx.invoked_subcommand or "status", "writer"))
    ctx.obj = obj
    ctx.call_on_close(obj.close)
    if ctx.invoked_subcommand is None:
        from services.entrypoints.cli.guide import guide  # noqa: PLC0415 - only with no command

        guide(obj)


def _fail(
    kind: str, message: str, code: int, argv: list[str] | None, shown: str | None = None
) -> int:
    """``message`` in English, as it is in --json (the same in every language); for people,
    ``shown`` or ``message`` translated."""
    if wants_debug(argv):
        traceback.print_exc()
    if wants_json(argv):
        click.echo(error_payload(kind, message))
    else:
        from services.entrypoints.cli.refusals import translated  # noqa: PLC0415 - on failure

        click.echo(f"assembly: {shown or translated(message)}", err=True)
    return code


def _one_line(e: click.ClickException) -> str:
    """Bad input in one sentence, with where the usage is (click's own three lines, usage, hint
    and error, say less to a clerk than the sentence alone)."""
    from services.entrypoints.cli.refusals import translated  # noqa: PLC0415 - on failure

    if isinstance(e, click.BadParameter):  # what click wraps may be English (the OS's words)
        e.message = translated(e.message)  # type: ignore[misc]
    message = translated(e.format_message()).rstrip(".")
    ctx = getattr(e, "ctx", None)
    if isinstance(e, click.UsageError) and ctx is not None:
        return _("{message} (`{help}` shows how)").format(
            message=message, help=f"{ctx.command_path} --help"
        )
    return message


def _refusal(e: DomainError) -> str:
    """The rule, the facts, and what the command had done before it was refused (its notes)."""
    return "; ".join([f"refused by the {e.rule} rule: {e.message}", *getattr(e, "__notes__", ())])


def _refusal_shown(e: DomainError) -> str:
    """The refusal in the language of this run (core's texts are English data)."""
    from services.entrypoints.cli.refusals import in_paris_time, translated  # noqa: PLC0415

    head = _("refused by the {rule} rule: {message}").format(
        rule=translated(e.rule), message=in_paris_time(translated(e.message))
    )
    joined = "\u00a0; " if i18n.language() == "fr" else "; "
    return joined.join([head, *(translated(n) for n in getattr(e, "__notes__", ()))])


def run(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # before any command's module is imported; with --json every message is English data,
    # the same whatever the language
    i18n.use("en" if wants_json(argv) else i18n.chosen(args, os.environ))
    try:
        code = cli.main(args=i18n.without_lang(args), prog_name="assembly", standalone_mode=False)
    except click.exceptions.Exit as e:
        return int(e.exit_code)
    except click.exceptions.Abort:
        return _fail("aborted", "aborted", EXIT_BAD_INPUT, argv)
    except click.ClickException as e:
        if wants_json(argv):
            click.echo(error_payload("bad input", e.format_message()))
        else:
            click.echo(f"assembly: {_one_line(e)}", err=True)
        return EXIT_BAD_INPUT
    except DomainError as e:
        kind = f"refused: {type(e).__name__}"
        return _fail(kind, _refusal(e), EXIT_REFUSED, argv, _refusal_shown(e))
    except Exception as e:  # noqa: BLE001 - the infrastructure's errors; others raised again
        return _infrastructure(e, argv)
    return int(code or 0)  # a command may end with click's Exit(n), returned here


def _infrastructure(e: Exception, argv: list[str] | None) -> int:
    """An error of the event store, the settings or the inputs in one sentence (exit 2); any
    other is a bug, raised as it is. Each kind is looked up only if its module was imported
    (no exception of a module never loaded was raised): a command imports only what it uses."""

    def raised(module: str, *names: str) -> bool:
        loaded = sys.modules.get(module)
        return loaded is not None and isinstance(e, tuple(getattr(loaded, n) for n in names))

    if raised("eventsourcing.application", "AggregateNotFoundError"):
        found = re.search(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", str(e))
        return _fail(
            "not found",
            f"nothing is recorded under {found.group(0) if found else 'that id'}: check "
            "--assembly or ASSEMBLY_ID (`assembly convene` prints the id)",
            EXIT_BAD_INPUT,
            argv,
        )
    if raised("services.adapters.eventstore.errors", "ConcurrencyConflict"):
        return _fail("conflict", str(e), EXIT_BAD_INPUT, argv)
    if raised("services.adapters.eventstore.errors", "AccessDenied"):
        return _fail("access denied", str(e), EXIT_BAD_INPUT, argv)
    if raised(
        "eventsourcing.persistence", "PersistenceError", "InfrastructureFactoryError"
    ) or raised("services.adapters.embedded", "EmbeddedServerError"):
        return _fail("event store", str(e), EXIT_BAD_INPUT, argv)
    if raised("services.config", "SettingError"):
        return _fail("settings", str(e), EXIT_BAD_INPUT, argv)
    if raised("services.application.audit.errors", "AuditInputError") or raised(
        "services.application.pool.contacts", "RegistryUnusable"
    ):
        return _fail("bad input", str(e), EXIT_BAD_INPUT, argv)
    raise e


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
