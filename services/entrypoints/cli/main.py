"""Entry point: parse, build the command, call, map errors to one sentence and an exit code.

Exit codes: 0 done; 1 refused by a rule of the assembly; 2 bad input, or the
event store cannot be used (unreachable, missing or misconfigured stream,
server too old, someone changed the aggregate first).
"""

from __future__ import annotations

import re
import sys
import traceback

import click
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import InfrastructureFactoryError, PersistenceError

from core.errors import DomainError
from services.adapters.embedded import EmbeddedServerError
from services.adapters.eventstore.errors import AccessDenied, ConcurrencyConflict
from services.application.audit.errors import AuditInputError
from services.application.pool.contacts import RegistryUnusable
from services.config import SettingError, Settings
from services.entrypoints.cli.assembly import convene, open_phase
from services.entrypoints.cli.audit import audit
from services.entrypoints.cli.ballot import ballot
from services.entrypoints.cli.checkpoint import checkpoint
from services.entrypoints.cli.context import (
    EMBEDDED_ROLES,
    CliContext,
    error_payload,
    wants_debug,
    wants_json,
)
from services.entrypoints.cli.correct import annul, correct
from services.entrypoints.cli.draw import draw
from services.entrypoints.cli.export import export
from services.entrypoints.cli.keys import keys
from services.entrypoints.cli.log import log
from services.entrypoints.cli.member import member
from services.entrypoints.cli.notifier import notifier
from services.entrypoints.cli.panel import panel
from services.entrypoints.cli.pool import pool
from services.entrypoints.cli.portal import portal
from services.entrypoints.cli.projections import projections
from services.entrypoints.cli.publish import publish_tiles
from services.entrypoints.cli.recommendation import recommendation
from services.entrypoints.cli.schema import schema
from services.entrypoints.cli.security import security
from services.entrypoints.cli.server import server
from services.entrypoints.cli.session import session
from services.entrypoints.cli.show import show
from services.entrypoints.cli.status import status
from services.entrypoints.cli.subscribe import subscribe
from services.entrypoints.cli.training import training
from services.entrypoints.cli.witness import witness

EXIT_REFUSED = 1
EXIT_BAD_INPUT = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output on stdout.")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.version_option(package_name="assembly-record", prog_name="assembly")
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
    """
    obj = CliContext(settings=Settings.from_env(), as_json=as_json, debug=debug)
    obj.as_role(EMBEDDED_ROLES.get(ctx.invoked_subcommand or "", "writer"))
    ctx.obj = obj
    ctx.call_on_close(obj.close)


cli.add_command(server)
cli.add_command(pool)
cli.add_command(convene)
cli.add_command(open_phase)
cli.add_command(correct)
cli.add_command(annul)
cli.add_command(panel)
cli.add_command(draw)
cli.add_command(audit)
cli.add_command(member)
cli.add_command(session)
cli.add_command(training)
cli.add_command(ballot)
cli.add_command(recommendation)
cli.add_command(status)
log.add_command(publish_tiles)
cli.add_command(log)
cli.add_command(show)
cli.add_command(projections)
cli.add_command(portal)
cli.add_command(export)
cli.add_command(schema)
cli.add_command(subscribe)
cli.add_command(notifier)
cli.add_command(security)
cli.add_command(keys)
cli.add_command(checkpoint)
cli.add_command(witness)


def _fail(kind: str, message: str, code: int, argv: list[str] | None) -> int:
    if wants_debug(argv):
        traceback.print_exc()
    if wants_json(argv):
        click.echo(error_payload(kind, message))
    else:
        click.echo(f"assembly: {message}", err=True)
    return code


def _one_line(e: click.ClickException) -> str:
    """Bad input in one sentence, with where the usage is (click's own three lines, usage, hint
    and error, say less to a clerk than the sentence alone)."""
    message = e.format_message().rstrip(".")
    ctx = getattr(e, "ctx", None)
    if isinstance(e, click.UsageError) and ctx is not None:
        return f"{message} (`{ctx.command_path} --help` shows how)"
    return message


def _refusal(e: DomainError) -> str:
    """The rule, the facts, and what the command had done before it was refused (its notes)."""
    return "; ".join([f"refused by the {e.rule} rule: {e.message}", *getattr(e, "__notes__", ())])


def run(argv: list[str] | None = None) -> int:
    try:
        code = cli.main(args=argv, prog_name="assembly", standalone_mode=False)
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
        return _fail(f"refused: {type(e).__name__}", _refusal(e), EXIT_REFUSED, argv)
    except AggregateNotFoundError as e:
        found = re.search(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", str(e))
        return _fail(
            "not found",
            f"nothing is recorded under {found.group(0) if found else 'that id'}: check "
            "--assembly or ASSEMBLY_ID (`assembly convene` prints the id)",
            EXIT_BAD_INPUT,
            argv,
        )
    except ConcurrencyConflict as e:
        return _fail("conflict", str(e), EXIT_BAD_INPUT, argv)
    except AccessDenied as e:
        return _fail("access denied", str(e), EXIT_BAD_INPUT, argv)
    except (PersistenceError, InfrastructureFactoryError, EmbeddedServerError) as e:
        return _fail("event store", str(e), EXIT_BAD_INPUT, argv)
    except SettingError as e:
        return _fail("settings", str(e), EXIT_BAD_INPUT, argv)
    except (AuditInputError, RegistryUnusable) as e:
        return _fail("bad input", str(e), EXIT_BAD_INPUT, argv)
    return int(code or 0)  # a command may end with click's Exit(n), returned here


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
