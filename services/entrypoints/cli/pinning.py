"""The options every verifying command shares: whom the auditor trusts, and what it keeps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from services.application.audit.memory import AuditorMemory, default_folder
from services.application.audit.trust import Trust
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import N_, _
from services.entrypoints.cli.refusals import translated

F = TypeVar("F", bound=Callable[..., Any])


WITNESSES = "assembly.witnesses"  # ctx.meta: (--witness values, --quorum)

# Trust.warning's text (services.application.audit.trust.ANY_KEY_WARNING), for the catalogue:
# shown through `translated`, which finds it there (tests/cli/test_french.py checks they agree).
N_(
    "no log key pinned (--trust-any): checkpoints were checked against the key the log names "
    "itself, so a log rewritten and re-signed by anyone passes; pin the operator's key with "
    "--trust VKEY"
)


def _keep(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    witnesses, quorum = ctx.meta.get(WITNESSES, ((), None))
    if param.name == "witness":
        witnesses = tuple(value or ())
    else:
        quorum = value
    ctx.meta[WITNESSES] = (witnesses, quorum)
    return value


def trust_options(f: F) -> F:
    """``--trust VKEY`` (repeatable), ``--trust-any``, ``--auditor-state DIR``, ``--witness
    VKEY`` (repeatable) and ``--quorum N`` (kept aside for ``pinned``)."""
    f = click.option(
        "--quorum",
        type=click.IntRange(min=0),
        expose_value=False,
        callback=_keep,
        help="How many of the --witness keys must have cosigned the latest checkpoint "
        "(default: all of them).",
    )(f)
    f = click.option(
        "--witness",
        multiple=True,
        metavar="VKEY",
        envvar="ASSEMBLY_TRUST_WITNESSES",
        expose_value=False,
        callback=_keep,
        help="A witness's key, as `assembly witness key` prints it (repeatable; env "
        "ASSEMBLY_TRUST_WITNESSES, space-separated).",
    )(f)
    f = click.option(
        "--auditor-state",
        "auditor_state",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="ASSEMBLY_AUDITOR_STATE",
        help="The auditor's own memory of each log (default: "
        "$XDG_STATE_HOME/assembly-auditor; never the operator's ASSEMBLY_HOME).",
    )(f)
    f = click.option(
        "--trust-any",
        is_flag=True,
        help="Check checkpoints against the key the log names itself (warns: proves nothing "
        "against whoever rewrote the log).",
    )(f)
    return click.option(
        "--trust",
        multiple=True,
        metavar="VKEY",
        envvar="ASSEMBLY_TRUST",
        help="The log key to trust, as `assembly keys show` prints it to the operator "
        "(repeatable; env ASSEMBLY_TRUST, space-separated).",
    )(f)


def pinned(obj: CliContext, trust: tuple[str, ...], trust_any: bool) -> Trust:
    """The trust asked for, refused when nothing is pinned; the --trust-any warning said."""
    witnesses, quorum = click.get_current_context().meta.get(WITNESSES, ((), None))
    pinned_trust = Trust.pinned(trust, any_key=trust_any, witnesses=witnesses, quorum=quorum)
    if pinned_trust.warning:
        obj.say(_("warning: {w}").format(w=translated(pinned_trust.warning)))
    return pinned_trust


def memory_of(auditor_state: Path | None) -> AuditorMemory:
    return AuditorMemory(auditor_state if auditor_state is not None else default_folder())
