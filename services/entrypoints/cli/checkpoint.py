"""``assembly checkpoint [--every SECONDS]``: sign the log's Merkle root, record it, keep it."""

from __future__ import annotations

from pathlib import Path

import click

from services.adapters.eventstore.errors import EventStoreUnavailable
from services.application.audit.checkpointer import Checkpointer, Recorded, open_stream
from services.application.audit.checkpoints import origin_of
from services.application.audit.keys import load_key
from services.application.witness.client import WitnessClient, parse_witnesses
from services.entrypoints.cli import i18n
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import _
from services.entrypoints.cli.keys import KEY_OPTION, key_file
from services.entrypoints.cli.outputs import Output
from services.entrypoints.cli.refusals import translated
from services.entrypoints.cli.waiting import Stopped, once_reachable, stop_on_signals


def _report(obj: CliContext, done: Recorded | None, out: Path | None) -> None:
    if done is None:
        obj.emit({"ok": True, "recorded": False}, _("nothing new since the last checkpoint"))
        return
    c = done.checkpoint
    kept = _("; appended to {file}").format(file=out) if out is not None else ""
    for why in done.refused:
        obj.say(_("warning: no cosignature: {why}").format(why=translated(why)))
    witnessed = (
        _("; cosigned by {witnesses}").format(witnesses=", ".join(done.cosigned))
        if done.cosigned
        else ""
    )
    obj.emit(
        {
            "ok": True,
            "recorded": True,
            "position": done.position,
            "out": out and str(out),
            "origin": c.origin,
            "tree_size": c.tree_size,
            "root": c.root,
            "key_id": c.key_id,
            "note": c.note,
            "cosigned_by": list(done.cosigned),
            "not_cosigned": list(done.refused),
        },
        _(
            "checkpoint of {size} messages, root {root}, signed by {origin} (key ID {key})"
            "{witnessed}, recorded at log position {position}{kept}"
        ).format(
            size=i18n.number(c.tree_size),
            root=c.root,
            origin=c.origin,
            key=c.key_id,
            witnessed=witnessed,
            position=done.position,
            kept=kept,
        ),
    )


@click.command(cls=i18n.Command)
@KEY_OPTION
@click.option(
    "--out",
    type=Output(),
    envvar="ASSEMBLY_CHECKPOINT_FILE",
    help="Append each checkpoint (a C2SP signed note) to this file for outside parties.",
)
@click.option(
    "--every",
    type=click.FloatRange(min=1),
    metavar="SECONDS",
    help="Keep running: a checkpoint every SECONDS when the log grew (SIGTERM stops).",
)
@click.option(
    "--witnesses",
    envvar="ASSEMBLY_WITNESSES",
    metavar="'URL VKEY, ...'",
    help="Witnesses to send each checkpoint to, comma-separated, each its URL and verifier "
    "key (or a file holding it); their cosignatures are kept with the checkpoint.",
)
@click.pass_obj
def checkpoint(
    obj: CliContext,
    key_path: Path | None,
    out: Path | None,
    every: float | None,
    witnesses: str | None,
) -> None:
    """Sign the RFC 9162 Merkle root of the whole log with the log key, as a C2SP
    tlog-checkpoint signed note; record it as an event on <prefix>.checkpoints and append it
    to --out.

    \b
    Example:
      assembly checkpoint --out checkpoints.txt
      assembly checkpoint --every 60 --out /data/checkpoints.txt
      assembly checkpoint --witnesses "https://witness.example/ witness.example/w1+…"
    """
    key = load_key(key_file(obj, key_path))
    clients = [WitnessClient(w) for w in parse_witnesses(witnesses)]
    if every is None:
        conn, js = open_stream(obj.settings, obj.say)
    else:  # a service: started while NATS is down, it waits for it
        stop = stop_on_signals()
        try:
            conn, js = once_reachable(lambda: open_stream(obj.settings, obj.say), obj.say, stop)
        except Stopped:
            obj.say(_("stopped before NATS answered"))
            return
    try:
        checkpointer = Checkpointer(js, key, out, clients)
        if every is None:
            _report(obj, checkpointer.checkpoint(), out)
            return
        obj.say(
            _(
                "checkpointing stream {stream} every {every} s with key {key} (SIGTERM stops)"
            ).format(stream=js.spec.name, every=f"{every:g}", key=key.vkey(origin_of(js.spec.name)))
        )
        while not stop.is_set():
            try:
                done = checkpointer.checkpoint()
                if done is not None:
                    _report(obj, done, out)
            except EventStoreUnavailable as e:
                obj.say(_("no checkpoint this round: {e}").format(e=translated(str(e))))
            stop.wait(every)
        obj.say("stopped")
    finally:
        for c in clients:
            c.close()
        conn.close()
