"""``assembly security config OUTDIR``: the NATS roles, written as server config and secrets."""

from __future__ import annotations

from pathlib import Path

import click

from services.adapters.eventstore.stream import StreamSpec
from services.adapters.security.natsconf import (
    DEFAULT_ROUTES,
    ROUTE_USER,
    SecurityConfigError,
    write_config,
)
from services.adapters.security.roles import ROLES, WHAT
from services.entrypoints.cli import i18n
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import _
from services.entrypoints.cli.outputs import Output
from services.entrypoints.cli.refusals import translated


@click.group(cls=i18n.Group)
def security() -> None:
    """Access control on NATS: roles and their credentials."""


@security.command()
@click.argument("outdir", type=Output(folder=True))
@click.option(
    "--route",
    "routes",
    multiple=True,
    metavar="HOST:PORT",
    help="A cluster node's route address (repeat; default: docker-compose's nats1-3:6222).",
)
@click.option(
    "--durable",
    "durables",
    multiple=True,
    metavar="NAME",
    help="A durable consumer the reader keeps (subscribe/notifier --durable NAME; repeat). "
    "No role may create or change any other durable.",
)
@click.option("--rotate", is_flag=True, help="New passwords for every role, even existing ones.")
@click.option("--show-secrets", is_flag=True, help="Print the passwords too (never by default).")
@click.pass_obj
def config(
    obj: CliContext,
    outdir: Path,
    routes: tuple[str, ...],
    durables: tuple[str, ...],
    rotate: bool,
    show_secrets: bool,
) -> None:
    """Write nats-server authorization for the roles, and each role's password.

    Roles: writer (the command path), reader (projections, subscribers),
    auditor (read-only), ops (creates the stream; may not delete, purge or
    update it). Nobody may delete, purge or update the stream, or delete a
    message. Files are written owner-only (0600): users.conf (include it at the
    top of the server config), routes.conf (include it inside `cluster {}`),
    and <role>.password. Existing passwords are kept unless --rotate; one
    shorter than 32 characters, or in a file others may read, is replaced
    (and the command says so). Each role reads replies on its own inbox
    (_INBOX_<role>). The auditor uses ephemeral consumers only; the reader
    also the durables named with --durable.

    Stream and subjects come from ASSEMBLY_STREAM and ASSEMBLY_SUBJECT_PREFIX.
    A service then connects with NATS_USER=<role> and NATS_PASSWORD_FILE=<file>.

    \b
    Example:
      assembly security config deploy/nats/auth
      NATS_USER=writer NATS_PASSWORD_FILE=deploy/nats/auth/writer.password \\
          assembly convene ...
    """
    spec = StreamSpec(obj.settings.stream, obj.settings.subject_prefix)
    try:
        written = write_config(
            outdir, spec, routes or DEFAULT_ROUTES, rotate=rotate, durables=durables
        )
    except SecurityConfigError as e:
        raise click.UsageError(str(e)) from None
    roles = {
        role: {
            "user": role,
            "password_file": str(outdir / f"{role}.password"),
            "does": WHAT[role],
            **({"password": written.passwords[role]} if show_secrets else {}),
        }
        for role in ROLES
    }
    lines = [
        _("wrote {n} files to {folder} (owner-only):").format(n=len(written.files), folder=outdir)
    ]
    lines += [f"  {f.name}" for f in written.files]
    lines.append(
        _("new passwords for: {roles}").format(roles=", ".join(written.created))
        if written.created
        else _("kept every existing password")
    )
    for role, why in written.replaced.items():
        obj.say(
            _(
                "replaced the {role} password: {why}; give every service using it the new "
                "{role}.password and restart it"
            ).format(role=role, why=translated(why))
        )
    if show_secrets:
        lines += [f"  {role}: {written.passwords[role]}" for role in (*ROLES, ROUTE_USER)]
    obj.emit(
        {
            "ok": True,
            "folder": str(outdir),
            "stream": spec.name,
            "files": [str(f) for f in written.files],
            "created": written.created,
            "replaced": written.replaced,
            "durables": list(dict.fromkeys(durables)),
            "roles": roles,
        },
        "\n".join(lines),
    )
