"""``assembly notifier run|outbox``: the example downstream service, from the command line."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path
from typing import Any

import click

from services.adapters.embedded import resolve_nats_url
from services.adapters.eventstore.stream import StreamSpec
from services.application.notifier import service
from services.application.notifier.notifier import Notifier
from services.entrypoints.cli import i18n
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import _
from services.entrypoints.cli.subscribe import durable_name


def outbox_option(command: Any) -> Any:
    return click.option(
        "--outbox",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar="NOTIFIER_OUTBOX",
        help="The SQLite outbox [NOTIFIER_OUTBOX; default: ASSEMBLY_HOME/notifier.sqlite].",
    )(command)


def outbox_path(obj: CliContext, outbox: Path | None) -> Path:
    path = outbox or obj.settings.home / "notifier.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@click.group(cls=i18n.Group)
def notifier() -> None:
    """Tell seated members about their sessions (an example downstream service)."""


@notifier.command()
@outbox_option
@click.option(
    "--durable",
    callback=durable_name,
    help="Also keep the position in a durable consumer of this name.",
)
@click.option("--until-caught-up", is_flag=True, help="Stop at the end of the log.")
@click.pass_obj
def run(obj: CliContext, outbox: Path | None, durable: str | None, until_caught_up: bool) -> None:
    """Write a notification per seated member for each scheduled session, until SIGTERM.

    Resumes where it stopped; an event read twice changes nothing.

    \b
    Example:
      assembly notifier run --outbox /data/notifier.sqlite
    """
    path, url = outbox_path(obj, outbox), resolve_nats_url(obj.settings, obj.say)
    spec = StreamSpec(name=obj.settings.stream, prefix=obj.settings.subject_prefix)
    reading = service.run(
        url,
        spec,
        path,
        durable=durable,
        until_caught_up=until_caught_up,
        auth=obj.settings.nats_auth,
        announce=obj.say,
    )
    read = asyncio.run(reading)
    obj.emit(
        {"ok": True, "read": read, "outbox": str(path)}, f"read {read} event(s); outbox {path}"
    )


@notifier.command("outbox")
@outbox_option
@click.pass_obj
def show_outbox(obj: CliContext, outbox: Path | None) -> None:
    """List the notifications written: member pseudonym, session, when.

    \b
    Example:
      assembly --json notifier outbox
    """
    found = Notifier(outbox_path(obj, outbox))
    rows = found.notifications()
    found.close()
    obj.emit(
        {"ok": True, "notifications": [dataclasses.asdict(n) for n in rows]},
        "\n".join(f"{n.member}  {n.starts_at}  {n.kind}  {n.title}  {n.what}" for n in rows)
        or _("no notifications"),
    )
