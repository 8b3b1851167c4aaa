"""``assembly subscribe``: tail the log as a downstream service sees it, one event per line."""

from __future__ import annotations

import asyncio
import json
import re

import click
import msgspec

from services.adapters.embedded import resolve_nats_url
from services.adapters.eventstore.stream import StreamSpec
from services.application.contract.catalogue import published
from services.application.subscriber import Received, Subscriber
from services.entrypoints.cli import i18n
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import _, ngettext


def wire_names(types: tuple[str, ...]) -> set[str]:
    """Each --type as wire names: ``assembly.member_seated.v1``, or every version of
    ``assembly.member_seated`` or ``member_seated``."""
    known = published()
    chosen: set[str] = set()
    for t in types:
        stem = t if t.startswith("assembly.") else f"assembly.{t}"
        found = {w for w in known if w == t or w.rsplit(".", 1)[0] == stem}
        if not found:
            raise click.BadParameter(
                _("{type} is no event type (`assembly schema export DIR` lists them)").format(
                    type=repr(t)
                ),
                param_hint="--type",
            )
        chosen |= found
    return chosen


def durable_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A consumer name JetStream accepts: letters, digits, '_' and '-', up to 200."""
    if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,200}", value):
        raise click.BadParameter(
            _("{value}: use 1 to 200 letters, digits, '_' or '-'").format(value=repr(value))
        )
    return value


def line(r: Received) -> dict[str, object]:
    return {
        "position": r.position,
        "aggregate": str(r.aggregate_id),
        "version": r.version,
        "type": r.wire,
        "recorded_at": r.recorded_at.isoformat(),
        "event": msgspec.to_builtins(r.event, order="sorted"),
    }


async def tail(
    obj: CliContext,
    url: str,
    *,
    count: int | None,
    start: int,
    durable: str | None,
    types: set[str],
    until_caught_up: bool,
) -> int:
    spec = StreamSpec(name=obj.settings.stream, prefix=obj.settings.subject_prefix)
    subscriber = await Subscriber.connect(
        url, spec, name="assembly-subscribe", auth=obj.settings.nats_auth
    )
    subscriber.stop_on_signals()
    shown = 0

    def show(r: Received) -> None:
        nonlocal shown
        if obj.as_json:
            click.echo(json.dumps(line(r), ensure_ascii=False))
        else:
            click.echo(f"{r.position:>6}  {r.aggregate_id}  v{r.version:<3} {r.wire}")
        shown += 1
        if count is not None and shown >= count:
            subscriber.stop()

    try:
        await subscriber.run(
            show, start=start, durable=durable, types=types, until_caught_up=until_caught_up
        )
    finally:
        await subscriber.close()
    return shown


@click.command(cls=i18n.Command)
@click.option(
    "--from",
    "start",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="First log position to read (ignored by an existing durable consumer).",
)
@click.option(
    "--type",
    "types",
    multiple=True,
    help="Only this event type (repeatable): assembly.member_seated.v1 or member_seated.",
)
@click.option(
    "--durable",
    callback=durable_name,
    help="A durable consumer name: the server remembers where it stopped.",
)
@click.option(
    "--until-caught-up", is_flag=True, help="Stop at the end of the log instead of waiting."
)
@click.option("--count", type=click.IntRange(min=1), help="Stop after this many events.")
@click.pass_obj
def subscribe(
    obj: CliContext,
    start: int,
    types: tuple[str, ...],
    durable: str | None,
    until_caught_up: bool,
    count: int | None,
) -> None:
    """Tail the event log, in order, as typed events: one line each (--json: JSON lines).

    Stops cleanly on Ctrl-C or SIGTERM, after the event in hand.

    \b
    Example:
      assembly --json subscribe --from 1 --type session_scheduled --until-caught-up
    """
    url = resolve_nats_url(obj.settings, obj.say)
    wanted = wire_names(types)
    shown = asyncio.run(
        tail(
            obj,
            url,
            count=count,
            start=start,
            durable=durable,
            types=wanted,
            until_caught_up=until_caught_up,
        )
    )
    obj.say(ngettext("{n} event", "{n} events", shown).format(n=shown))
