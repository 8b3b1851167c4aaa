"""``assembly pool import|erase|synth|commitment|schema``: the volunteers, kept off the log.

Personal data stays in the erasable registry (SQLite under ASSEMBLY_HOME, or
DATABASE_URL); the log will only ever see pseudonyms, criteria and salted
commitments.
"""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import click

from core.vocabulary import PARIS, Vocabulary
from services.adapters import registry
from services.application.pool import csv, synth
from services.application.pool.schema import describe, schema
from services.entrypoints.cli import i18n
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import N_, _, ngettext
from services.entrypoints.cli.outputs import Output
from services.entrypoints.cli.outputs import written as written_to
from services.entrypoints.cli.refusals import translated

_FOR = click.option(
    "--assembly",
    "assembly_id",
    type=click.UUID,
    metavar="ID",
    help="The assembly the pool is for: its charter's vocabulary (default: Paris's).",
)


def _vocabulary(obj: CliContext, assembly_id: UUID | None) -> Vocabulary:
    """The words of the charter of the assembly served, or the Paris default without one."""
    return PARIS if assembly_id is None else obj.app.assembly(assembly_id).charter.vocabulary


_IMPORT_HELP = N_("""Import volunteers from a CSV file: every row, or none if any row is wrong.

A header row names the columns, in any order (UTF-8, comma- or semicolon-separated).
The values are those of the charter (--assembly), or of the Paris default below;
`assembly pool schema` prints them.

\b
Columns (Paris default):
{columns}

\b
Example:
  assembly pool import volunteers-2026.csv
  assembly pool import volunteers-2027.csv --assembly $ASSEMBLY_ID""")


@click.group(cls=i18n.Group)
def pool() -> None:
    """The pool of volunteers: import, erase, synthesise, commit."""


@pool.command(
    "import", help=_IMPORT_HELP, help_facts=lambda: {"columns": describe(PARIS, translated)}
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_FOR
@click.pass_obj
def import_(obj: CliContext, file: Path, assembly_id: UUID | None) -> None:
    vocabulary = _vocabulary(obj, assembly_id)
    sessions = registry.open_from_settings(obj.settings)
    with sessions() as session:
        report = csv.import_csv(file, session, vocabulary)
        if report.errors:
            shown = "\n".join(f"  {e}" for e in report.errors[:50])
            more = len(report.errors) - 50
            raise click.UsageError(
                ngettext(
                    "{file} has {n} problem; nothing was imported:",
                    "{file} has {n} problems; nothing was imported:",
                    len(report.errors),
                ).format(file=file, n=len(report.errors))
                + f"\n{shown}"
                + ("\n  " + _("… and {n} more").format(n=more) if more > 0 else "")
            )
        session.commit()
    obj.emit(
        {"ok": True, "imported": report.imported},
        _("imported {n} volunteers under fresh pseudonyms").format(n=report.imported),
    )


@pool.command("schema")
@_FOR
@click.pass_obj
def schema_(obj: CliContext, assembly_id: UUID | None) -> None:
    """Print what a pool file holds: its columns, sub-pools, criteria and their values.

    Those of the assembly's charter, or the Paris default without --assembly.

    \b
    Example:
      assembly pool schema
      assembly --json pool schema --assembly $ASSEMBLY_ID
    """
    vocabulary = _vocabulary(obj, assembly_id)
    whose = (
        _("the charter of {id}").format(id=assembly_id) if assembly_id else _("the Paris default")
    )
    obj.emit(
        {"ok": True, "vocabulary_of": str(assembly_id or "paris-default"), **schema(vocabulary)},
        _("A pool file ({whose}): a header row, then one volunteer a row.").format(whose=whose)
        + f"\n{describe(vocabulary, translated)}",
    )


@pool.command()
@click.argument("who")
@click.pass_obj
def erase(obj: CliContext, who: str) -> None:
    """Erase a person's personal data and salt (by person_id or pseudonym).

    The pseudonym, criteria and commitment stay, so the draw can still be audited.

    \b
    Example:
      assembly pool erase p-3f9a1c0d5e7b2a41
    """
    sessions = registry.open_from_settings(obj.settings)
    with sessions() as session:
        pseudonym = registry.erase(session, who)
        session.commit()
    obj.emit(
        {"ok": True, "erased": pseudonym},
        _("erased the personal data of {pseudonym}; its commitment stays on record").format(
            pseudonym=pseudonym
        ),
    )


@pool.command("synth")
@click.option("--size", type=click.IntRange(min=1, max=1_000_000), required=True)
@click.option("--seed", required=True, help="Any text; the same seed writes the same file.")
@click.option("--out", type=Output(), required=True)
@click.pass_obj
def synth_(obj: CliContext, size: int, seed: str, out: Path) -> None:
    """Write a synthetic Paris pool (fake people, realistic margins, self-selection bias).

    \b
    Example:
      assembly pool synth --size 2000 --seed demo --out pool.csv
    """
    with written_to(out):
        written = synth.synth(size, seed, out)
    obj.emit(
        {"ok": True, "written": written, "file": str(out)},
        _("wrote {n} synthetic volunteers to {out}").format(n=written, out=out),
    )


@pool.command()
@_FOR
@click.pass_obj
def commitment(obj: CliContext, assembly_id: UUID | None) -> None:
    """Show the pool commitment the draw will record: Merkle root, size, counts.

    \b
    Example:
      assembly --json pool commitment
    """
    sessions = registry.open_from_settings(obj.settings)
    with sessions() as session:
        c = registry.pool_commitment(session, _vocabulary(obj, assembly_id))
    obj.emit(
        {"ok": True, "root": c.root.hex(), "size": c.size, "counts": c.counts},
        _("{n} volunteers; Merkle root {root}").format(n=c.size, root=c.root.hex()),
    )
