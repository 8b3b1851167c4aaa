"""``make demo``: a Paris-like year of the Citizens' Assembly on the embedded event store.

Runs the scripted year (examples/paris_year.py) through the application, then
shows what was stored: a few events as JetStream holds them, every event's
place in its hash chain, and the count of each kind of fact.
"""

from __future__ import annotations

import time
from collections import Counter

import click

from core.integrity import GENESIS
from examples.paris_year import DEMO, paris_year
from services.adapters.eventstore.client import RawMessage
from services.adapters.eventstore.recorders import JetStreamApplicationRecorder
from services.adapters.eventstore.records import H_ID, H_PREV, digest_of
from services.bootstrap import build_application
from services.config import Settings


def _show(message: RawMessage) -> None:
    click.echo(f"  #{message.seq}  {message.subject}")
    for name in sorted(h for h in message.headers if h.startswith("Assembly-")):
        click.echo(f"        {name}: {message.headers[name]}")
    payload = message.data.decode()
    click.echo(f"        payload: {payload[:220]}{'…' if len(payload) > 220 else ''}")


def main() -> None:
    settings = Settings.from_env()
    app = build_application(settings, lambda s: click.secho(s, fg="cyan"))
    recorder = app.recorder
    assert isinstance(recorder, JetStreamApplicationRecorder)
    try:
        before = recorder.max_notification_id() or 0
        click.secho("\nThe year of the Assemblée citoyenne de Paris 2025\n", bold=True)
        started = time.perf_counter()
        story = paris_year(app, DEMO, lambda line: click.echo(f"  • {line}"), pool_size=2000)
        elapsed = time.perf_counter() - started

        stored = list(recorder.js.read(before + 1, recorder.js.spec.all_events, 5000))
        click.secho(
            f"\nStored on stream {recorder.js.spec.name}: {len(stored)} events from "
            f"{story.commands} commands in {elapsed:.1f} s",
            bold=True,
        )
        for message in stored[:2]:
            _show(message)
        last: dict[str, bytes] = {}
        broken = 0
        for m in stored:
            key = m.headers[H_ID]
            if bytes.fromhex(m.headers[H_PREV]) != last.get(key, GENESIS):
                broken += 1
            last[key] = digest_of(m.headers, m.data)
        verdict = "every event links to the one before it" if not broken else f"{broken} BROKEN"
        click.echo(f"\n  hash chain of assembly {story.assembly_id}: {verdict}")
        click.secho("\nFacts recorded, by kind:", bold=True)
        kinds = Counter(m.headers["Assembly-Topic"] for m in stored)
        for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
            click.echo(f"  {count:>6}  {kind}")
        click.secho(
            f"\nexport ASSEMBLY_ID={story.assembly_id}   # then try: assembly status, "
            "assembly draw verify, assembly draw report, assembly member list",
            bold=True,
        )
        click.secho(
            "\nThe public record of this year, in French and English, and its JSON API:\n"
            "  .venv/bin/assembly portal serve --follow\n"
            f"  then open http://127.0.0.1:8000/assemblies/{story.assembly_id}\n"
            "Each fact's log position (#123) links to its inclusion proof once the log is\n"
            "checkpointed and published, and the portal told where:\n"
            "  .venv/bin/assembly keys init   # once: the log key, in .assembly/\n"
            "  .venv/bin/assembly checkpoint && .venv/bin/assembly log publish .assembly/tiles\n"
            "  .venv/bin/assembly portal serve --follow --tiles .assembly/tiles",
            bold=True,
        )
    finally:
        app.close()


if __name__ == "__main__":
    main()
