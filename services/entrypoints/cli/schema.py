"""``assembly schema export DIR``: the contract with subscribers, generated from the code."""

from __future__ import annotations

from pathlib import Path

import click

from services.adapters.eventstore.stream import StreamSpec
from services.application.contract.export import export
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.outputs import Output


@click.group()
def schema() -> None:
    """The events' contract: AsyncAPI document and JSON Schemas."""


@schema.command("export")
@click.argument("directory", type=Output(folder=True))
@click.pass_obj
def export_(obj: CliContext, directory: Path) -> None:
    """Write asyncapi.json, schemas/<wire name>.json and examples/<wire name>.json to DIRECTORY.

    Subjects follow ASSEMBLY_SUBJECT_PREFIX and the stream ASSEMBLY_STREAM.

    \b
    Example:
      assembly schema export contract/
    """
    spec = StreamSpec(name=obj.settings.stream, prefix=obj.settings.subject_prefix)
    try:
        written = export(directory, spec)
    except OSError as e:
        raise click.UsageError(f"cannot write to {directory}: {e.strerror or e}") from None
    types = (len(written) - 1) // 2
    obj.emit(
        {"ok": True, "directory": str(directory), "event_types": types},
        f"wrote the AsyncAPI document and {types} event schemas with examples to {directory}",
    )
