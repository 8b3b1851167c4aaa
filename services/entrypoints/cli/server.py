"""``assembly server start|stop|status|init``: the embedded nats-server and the stream."""

from __future__ import annotations

import click

from services.adapters import durability
from services.adapters.embedded import EmbeddedServer
from services.adapters.eventstore.inspect import stream_report
from services.entrypoints.cli import i18n
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import _, ngettext
from services.entrypoints.cli.refusals import translated


@click.group(cls=i18n.Group)
def server() -> None:
    """Manage the embedded nats-server and the event stream."""


@server.command()
@click.pass_obj
def start(obj: CliContext) -> None:
    """Start the embedded nats-server, or report the one already running.

    \b
    Example:
      assembly server start
    """
    if obj.settings.nats_url:
        raise click.UsageError(
            _(
                "NATS_URL is set ({url}): this project does not manage that server. Unset "
                "NATS_URL to use the embedded one."
            ).format(url=obj.settings.nats_url)
        )
    state, started = EmbeddedServer.of(obj.settings).ensure()
    verb = _("started") if started else _("already running")
    obj.emit(
        {
            "ok": True,
            "started": started,
            "url": state.url,
            "pid": state.pid,
            "store_dir": state.store_dir,
            "version": state.version,
        },
        _("nats-server {version} {verb} at {url} (pid {pid}, data in {folder})").format(
            version=state.version, verb=verb, url=state.url, pid=state.pid, folder=state.store_dir
        ),
    )


@server.command()
@click.pass_obj
def stop(obj: CliContext) -> None:
    """Stop the embedded nats-server (its data stays on disk).

    \b
    Example:
      assembly server stop
    """
    state = EmbeddedServer.of(obj.settings).stop()
    if state is None:
        obj.emit({"ok": True, "stopped": False}, "no embedded nats-server is running")
    else:
        obj.emit(
            {"ok": True, "stopped": True, "pid": state.pid},
            _("stopped nats-server (pid {pid}); data kept in {folder}").format(
                pid=state.pid, folder=state.store_dir
            ),
        )


@server.command()
@click.pass_obj
def status(obj: CliContext) -> None:
    """Show the server in use, the event stream, and whether it is append-only.

    \b
    Example:
      assembly --json server status
    """
    obj.as_role("auditor")
    report = stream_report(obj.settings, obj.say)
    syncs = durability.of_settings(obj.settings)
    warnings = [w for s in syncs if (w := s.warning())]
    report["durability"] = [s.as_dict() for s in syncs]
    lines = [
        _("server   {url} (nats-server {version})").format(
            url=report["url"], version=report["server_version"]
        )
        + (_(" [embedded]") if report["embedded"] else ""),
        ngettext(
            "stream   {stream}: {n} events, last sequence {last}, {replicas} replica",
            "stream   {stream}: {n} events, last sequence {last}, {replicas} replicas",
            report["replicas"],
        ).format(
            stream=report["stream"],
            n=report["messages"],
            last=report["last_seq"],
            replicas=report["replicas"],
        ),
        _("config   append-only")
        if not report["problems"]
        else _("config   NOT append-only: ") + "; ".join(translated(p) for p in report["problems"]),
        *(
            [_("disk     WARNING: {w}").format(w=translated(w)) for w in warnings]
            or [
                ngettext(
                    "disk     {n} server syncs every write before acknowledging it",
                    "disk     {n} servers sync every write before acknowledging it",
                    len(syncs),
                ).format(n=len(syncs))
            ]
        ),
    ]
    obj.emit({"ok": not report["problems"], **report}, "\n".join(lines))
    if report["problems"]:
        raise click.exceptions.Exit(2)


@server.command()
@click.pass_obj
def init(obj: CliContext) -> None:
    """Create the event stream (append-only) if it does not exist yet.

    \b
    Example:
      ASSEMBLY_STREAM_REPLICAS=3 NATS_URL=nats://n1:4222 assembly server init
    """
    obj.as_role("ops")
    report = stream_report(obj.settings, obj.say, create=True)
    obj.emit(
        {"ok": True, **report},
        _("stream {stream} ready on {url} ({n} events)").format(
            stream=report["stream"], url=report["url"], n=report["messages"]
        ),
    )
