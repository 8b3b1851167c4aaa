"""``assembly projections run|rebuild|status``: the worker that keeps the read models current."""

from __future__ import annotations

import signal
import sys
from typing import Any

import click

from services.adapters.readstore.database import ensure_schema, read_positions, reading, reset
from services.adapters.readstore.readside import (
    described,
    engine_for,
    log_head,
    projector,
    read_side_errors,
)
from services.entrypoints.cli import i18n
from services.entrypoints.cli.context import CliContext, json_option
from services.entrypoints.cli.i18n import _
from services.entrypoints.cli.refusals import translated
from services.entrypoints.cli.waiting import Stopped, once_reachable, stop_on_signals

BATCH = click.option(
    "--batch",
    default=10_000,
    show_default=True,
    type=click.IntRange(min=1, max=10_000),
    help="Events per transaction.",
)


@click.group(cls=i18n.Group)
def projections() -> None:
    """Keep the read models (roster, composition, ballots, ...) in step with the log."""


@projections.command()
@BATCH
@json_option
@click.pass_obj
def run(obj: CliContext, batch: int) -> None:
    """Follow the log and apply every event to the read models exactly once, until stopped
    (SIGTERM or Ctrl-C: the transaction in flight is committed first).

    \b
    Example:
      DATABASE_URL=postgresql://assembly@db/assembly assembly projections run
    """
    with read_side_errors(obj.settings):
        engine = engine_for(obj.settings)
        stop = stop_on_signals()  # started while NATS is down, it waits for it
        try:
            app = once_reachable(lambda: obj.app, obj.say, stop)
        except Stopped:
            obj.say(_("stopped before NATS answered"))
            return
        worker = projector(engine, app, batch)
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: worker.interrupt())
        obj.say(
            _("following the log from position {position} into {where}").format(
                position=worker.position, where=described(engine)
            )
        )
        try:
            worker.run(
                on_batch=lambda p: obj.say(_("read models at log position {p}").format(p=p)),
                on_outage=lambda said: obj.say(translated(said)),
            )
        finally:
            worker.close()
        obj.emit(
            {"ok": True, "position": worker.position}, f"stopped at position {worker.position}"
        )


@projections.command()
@BATCH
@json_option
@click.pass_obj
def rebuild(obj: CliContext, batch: int) -> None:
    """Drop the read models' tables and build them again from log position 1.

    \b
    Example:
      assembly projections rebuild
    """
    with read_side_errors(obj.settings):
        head = log_head(obj.app)  # the log first: if it cannot be read, nothing is dropped
        engine = engine_for(obj.settings)
        ensure_schema(engine)
        with reading(engine) as conn:
            built = max(read_positions(conn).values(), default=0)
        if built > head:  # they were built from a longer log: not this one, surely
            raise click.ClickException(
                _(
                    "the log (stream {stream}) ends at position {head}, but the read models were "
                    "built up to position {built}: is ASSEMBLY_STREAM (or NATS_URL) the right "
                    "one? Nothing was dropped"
                ).format(stream=obj.settings.stream, head=head, built=built)
            )
        reset(engine)
        worker = projector(engine, obj.app, batch)
        try:
            with click.progressbar(length=head, label="rebuilding", file=sys.stderr) as bar:
                shown: Any = bar
                worker.catch_up(until=head, progress=shown.update)
        finally:
            worker.close()
        text = _("rebuilt {n} read models up to log position {position}").format(
            n=len(worker.positions), position=worker.position
        )
        obj.emit({"ok": True, "position": worker.position}, text)


@projections.command()
@json_option
@click.pass_obj
def status(obj: CliContext) -> None:
    """Show each read model's position in the log and how far behind it is (lag).

    \b
    Example:
      assembly --json projections status
    """
    with read_side_errors(obj.settings):
        engine = engine_for(obj.settings)
        ensure_schema(engine)
        with reading(engine) as conn:
            at = read_positions(conn)
        head = log_head(obj.app)
        rows: list[dict[str, Any]] = [
            {"name": name, "position": pos, "lag": max(head - pos, 0)} for name, pos in at.items()
        ]
        lines = [_("log head {head}; database {where}").format(head=head, where=described(engine))]
        lines += [
            f"  {r['name']:<16} "
            + _("position {position}  lag {lag}").format(
                position=f"{r['position']:>8}", lag=f"{r['lag']:>8}"
            )
            for r in rows
        ]
        obj.emit({"ok": True, "head": head, "projections": rows}, "\n".join(lines))
