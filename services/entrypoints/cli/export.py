"""``assembly export open-data DIR``: the public read models as CSV and JSON, columns documented.

Each data set is written as ``<name>.csv`` (UTF-8, header row, empty cell for
no value) and ``<name>.json`` (a list of objects), and ``datapackage.json``
describes every file and column (Frictionless Data Package), like the open-data
exports of participation platforms. No personal data: see projections/opendata.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from sqlalchemy import Connection

from projections.opendata import DATASETS, Dataset
from services.adapters.readstore.database import reading
from services.adapters.readstore.readside import engine_for, projector, read_side_errors
from services.application import spreadsheet
from services.entrypoints.cli import i18n
from services.entrypoints.cli.context import CliContext, json_option
from services.entrypoints.cli.i18n import _
from services.entrypoints.cli.outputs import Output, written


@click.group(cls=i18n.Group)
def export() -> None:
    """Export the record for others to reuse."""


@export.command("open-data")
@click.argument("directory", metavar="DIR", type=Output(folder=True))
@click.option(
    "--wait",
    default=60.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Seconds to let the read models reach the log's last event.",
)
@json_option
@click.pass_obj
def open_data(obj: CliContext, directory: Path, wait: float) -> None:
    """Write the public read models of every assembly to DIR as CSV and JSON, with
    datapackage.json documenting each column. Nothing personal: no pseudonyms, no actors.

    \b
    Example:
      assembly export open-data ./open-data
    """
    _make(directory)  # before the catch-up, which may be long
    with read_side_errors(obj.settings):
        engine = engine_for(obj.settings)
        read_side = projector(engine, obj.app)
        try:
            position = read_side.wait_for(read_side.source.head(), wait)
        finally:
            read_side.close()
        with reading(engine) as conn, written(directory):
            counts = {d.name: _write(conn, d, directory) for d in DATASETS}
        with written(directory):
            _package(directory, position)
        engine.dispose()
    lines = [
        _("wrote {n} data sets to {folder} (log position {position}):").format(
            n=len(counts), folder=directory, position=position
        )
    ]
    lines += [_("  {name}: {n} rows").format(name=name, n=n) for name, n in counts.items()]
    obj.emit(
        {"ok": True, "directory": str(directory), "position": position, "rows": counts},
        "\n".join(lines),
    )


def _make(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise click.BadParameter(
            _("cannot make the folder {folder} ({error}): give a folder you can write").format(
                folder=directory, error=e.strerror
            ),
            param_hint="DIR",
        ) from e


def _write(conn: Connection, dataset: Dataset, directory: Path) -> int:
    rows = dataset.rows(conn)
    columns = list(dataset.columns)
    with (directory / f"{dataset.name}.csv").open("w", newline="", encoding="utf-8") as f:
        writer = spreadsheet.writer(f)
        writer.writerow(columns)
        writer.writerows([[_csv(r[c]) for c in columns] for r in rows])
    text = json.dumps(rows, ensure_ascii=False, indent=1, default=str)
    (directory / f"{dataset.name}.json").write_text(text + "\n", encoding="utf-8")
    return len(rows)


def _csv(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _package(directory: Path, position: int) -> None:
    package = {
        "name": "assembly-record-open-data",
        "title": "Assembly Record: the public record of a citizens' assembly",
        "description": f"Read models as of log position {position}. No personal data.",
        "resources": [
            {
                "name": d.name,
                "title": d.title,
                "path": f"{d.name}.csv",
                "format": "csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": c, "description": doc} for c, doc in d.columns.items()]
                },
            }
            for d in DATASETS
        ],
    }
    (directory / "datapackage.json").write_text(json.dumps(package, indent=1) + "\n")
