"""``assembly schema export DIR``: the contracts, generated from the code: the events' for
subscribers (AsyncAPI and JSON Schemas), the public portal's JSON API (OpenAPI)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from services.adapters.eventstore.stream import StreamSpec
from services.application.contract.export import export
from services.entrypoints.cli import i18n
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import _
from services.entrypoints.cli.outputs import Output


@click.group(cls=i18n.Group)
def schema() -> None:
    """The contracts: the events' AsyncAPI document and JSON Schemas, the portal's OpenAPI."""


@schema.command("export")
@click.argument("directory", type=Output(folder=True))
@click.pass_obj
def export_(obj: CliContext, directory: Path) -> None:
    """Write asyncapi.json, schemas/<wire name>.json and examples/<wire name>.json to DIRECTORY,
    and openapi.json: the public portal's JSON API, as `assembly portal serve` serves it at
    /schema/openapi.json.

    Subjects follow ASSEMBLY_SUBJECT_PREFIX and the stream ASSEMBLY_STREAM.

    \b
    Example:
      assembly schema export contract/
    """
    spec = StreamSpec(name=obj.settings.stream, prefix=obj.settings.subject_prefix)
    try:
        written = export(directory, spec)
        openapi = directory / "openapi.json"
        openapi.write_text(json.dumps(_openapi(), indent=2, ensure_ascii=False) + "\n", "utf-8")
    except OSError as e:
        raise click.UsageError(
            _("cannot write to {folder}: {error}").format(folder=directory, error=e.strerror or e)
        ) from None
    types = (len(written) - 1) // 2
    obj.emit(
        {"ok": True, "directory": str(directory), "event_types": types, "openapi": str(openapi)},
        _(
            "wrote the AsyncAPI document and {types} event schemas with examples to {folder}, "
            "and the portal's OpenAPI document"
        ).format(types=types, folder=directory),
    )


def _openapi() -> dict[str, object]:
    from services.entrypoints.portal.app import openapi_document  # noqa: PLC0415 - only here

    return openapi_document()
