"""``assembly log show``: what is stored, as stored."""

from __future__ import annotations

import click

from services.cli.context import CliContext


@click.group()
def log() -> None:
    """Read the immutable event log."""


@log.command()
@click.option(
    "--from",
    "start",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="First log position (stream sequence) to show.",
)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1, max=10_000))
@click.pass_obj
def show(obj: CliContext, start: int, limit: int) -> None:
    """Show stored events in log order: position, aggregate, version, type, payload.

    \b
    Example:
      assembly log show --from 1 --limit 20
    """
    recorder = obj.app.recorder
    notifications = recorder.select_notifications(start, limit)
    rows = [
        {
            "position": n.id,
            "aggregate": str(n.originator_id),
            "version": n.originator_version,
            "type": n.topic,
            "payload": n.state.decode("utf-8", "replace"),
        }
        for n in notifications
    ]
    if obj.as_json:
        obj.emit({"ok": True, "events": rows}, "")
        return
    if not rows:
        click.echo(f"no events from position {start}")
    for r in rows:
        click.echo(f"{r['position']:>6}  {r['aggregate']}  v{r['version']:<3} {r['type']}")
        click.echo(f"        {r['payload']}")
