"""``assembly pool import|erase|synth|commitment``: the volunteers, kept off the log.

Personal data stays in the erasable registry (SQLite under ASSEMBLY_HOME, or
DATABASE_URL); the log will only ever see pseudonyms, criteria and salted
commitments.
"""

from __future__ import annotations

from pathlib import Path

import click

from services.cli.context import CliContext
from services.cli.outputs import Output
from services.cli.outputs import written as written_to
from services.pool import csv, registry, synth


@click.group()
def pool() -> None:
    """The pool of volunteers: import, erase, synthesise, commit."""


@pool.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def import_(obj: CliContext, file: Path) -> None:
    """Import volunteers from a CSV file: every row, or none if any row is wrong.

    Columns: person_id, first_name, last_name, address, postcode, email, phone,
    gender, age_band, education, arrondissement, subpool.

    \b
    Example:
      assembly pool import volunteers-2026.csv
    """
    sessions = registry.open_from_settings(obj.settings)
    with sessions() as session:
        report = csv.import_csv(file, session)
        if report.errors:
            shown = "\n".join(f"  {e}" for e in report.errors[:50])
            more = len(report.errors) - 50
            raise click.UsageError(
                f"{file} has {len(report.errors)} problem(s); nothing was imported:\n{shown}"
                + (f"\n  … and {more} more" if more > 0 else "")
            )
        session.commit()
    obj.emit(
        {"ok": True, "imported": report.imported},
        f"imported {report.imported} volunteers under fresh pseudonyms",
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
        f"erased the personal data of {pseudonym}; its commitment stays on record",
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
        f"wrote {written} synthetic volunteers to {out}",
    )


@pool.command()
@click.pass_obj
def commitment(obj: CliContext) -> None:
    """Show the pool commitment the draw will record: Merkle root, size, counts.

    \b
    Example:
      assembly --json pool commitment
    """
    sessions = registry.open_from_settings(obj.settings)
    with sessions() as session:
        c = registry.pool_commitment(session)
    obj.emit(
        {"ok": True, "root": c.root.hex(), "size": c.size, "counts": c.counts},
        f"{c.size} volunteers; Merkle root {c.root.hex()}",
    )
