"""``assembly log publish DIR``: the log as C2SP tlog-tiles, for any static server to mirror."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from services.adapters.eventstore.client import RawMessage
from services.application.audit.export import ExportFile
from services.application.audit.source import READ_BATCH, LiveSource, open_source
from services.application.tiles.publish import Published, PublishError, note_of, publish
from services.entrypoints.cli import i18n
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import _


def _from_export(path: Path) -> tuple[ExportFile, str]:
    """An export and the note of the last checkpoint it holds."""
    source = ExportFile(path)
    last: RawMessage | None = None
    try:
        for m in source.records():
            if m.subject == source.spec.checkpoints:
                last = m
    finally:
        source.close()
    if last is None:
        raise PublishError(f"{path} holds no checkpoint: nothing to publish")
    return ExportFile(path), note_of(last)


def _skipping(source: ExportFile, start: int) -> Iterator[RawMessage]:
    for m in source.records():
        if m.seq >= start:
            yield m


@click.command("publish", cls=i18n.Command)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--log",
    "log_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An export (`assembly log export`) instead of the live stream.",
)
@click.pass_obj
def publish_tiles(obj: CliContext, directory: Path, log_file: Path | None) -> None:
    """Write the log, up to its latest checkpoint, to DIRECTORY as C2SP tlog-tiles: the
    checkpoint (with its witnesses' cosignatures) at `checkpoint`, hash tiles at
    `tile/<L>/<N>`, entry bundles (each message's Merkle leaf) at `tile/entries/<N>`. Run it
    again after a new checkpoint: only what is new is read and written. Any static web server
    or object store can then serve DIRECTORY; `assembly audit verify --tiles URL` reads it.

    \b
    Example:
      assembly log publish /srv/www/log
      assembly log publish site/log --log paris-2026.log.jsonl
    """
    if log_file is not None:
        export, note = _from_export(log_file)
        try:
            done = publish(
                directory, note, lambda s: _skipping(export, s), export.spec, export.config
            )
        finally:
            export.close()
    else:
        source = open_source(obj.settings, None, obj.say)
        try:
            assert isinstance(source, LiveSource)
            head = source.client.last_on_subject(source.spec.checkpoints)
            if head is None:
                raise PublishError(
                    f"stream {source.spec.name} has no checkpoint yet: run `assembly checkpoint`"
                )
            client = source.client
            done = publish(
                directory,
                note_of(head),
                lambda s: client.read(s, None, READ_BATCH),
                source.spec,
                source.config,
            )
        finally:
            source.close()
    _report(obj, directory, done)


def _report(obj: CliContext, directory: Path, done: Published) -> None:
    new = done.size - done.previous
    obj.emit(
        {
            "ok": True,
            "directory": str(directory),
            "tree_size": done.size,
            "previous": done.previous,
            "files": done.files,
            "root": done.root.hex(),
        },
        _(
            "{size} messages published to {folder} ({new} new since {previous}, {files} files "
            "written), root {root}"
        ).format(
            size=i18n.number(done.size),
            folder=directory,
            new=i18n.number(new),
            previous=i18n.number(done.previous),
            files=i18n.number(done.files),
            root=done.root.hex(),
        ),
    )
