"""``assembly log show|export|verify-export``: what is stored, as stored, and a copy to keep."""

from __future__ import annotations

from pathlib import Path

import click

from services.application.audit.checkpoints import read_outside
from services.application.audit.export import ExportFile, write_export
from services.application.audit.source import open_source
from services.application.audit.structural import StructuralReport, structural_audit
from services.entrypoints.cli import i18n
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.findings import facts, uncovered_line, violation_lines
from services.entrypoints.cli.i18n import N_, _, ngettext
from services.entrypoints.cli.outputs import Output, written
from services.entrypoints.cli.pinning import memory_of, pinned, trust_options
from services.entrypoints.cli.progress import progress_bar
from services.entrypoints.cli.publish import publish_tiles


@click.group(cls=i18n.Group)
def log() -> None:
    """Read the immutable event log."""


@log.command()
@click.option(
    "--from",
    "start",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="First log position (stream sequence) to show.",
)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1, max=10_000))
@click.pass_obj
def show(obj: CliContext, start: int, limit: int) -> None:
    """Show stored events in log order: position, aggregate, version, type, payload.

    \b
    Example:
      assembly log show --from 1 --limit 20
    """
    recorder = obj.app.recorder
    notifications = recorder.select_notifications(start, limit)
    rows = [
        {
            "position": n.id,
            "aggregate": str(n.originator_id),
            "version": n.originator_version,
            "type": n.topic,
            "payload": n.state.decode("utf-8", "replace"),
        }
        for n in notifications
    ]
    if obj.as_json:
        obj.emit({"ok": True, "events": rows}, "")
        return
    if not rows:
        click.echo(_("no events from position {start}").format(start=start))
    for r in rows:
        click.echo(f"{r['position']:>6}  {r['aggregate']}  v{r['version']:<3} {r['type']}")
        click.echo(f"        {r['payload']}")


@log.command("export")
@click.argument("file", type=Output())
@click.pass_obj
def export_log(obj: CliContext, file: Path) -> None:
    """Write the whole log as stored (sequence, subject, headers, exact payload bytes, the
    stream's configuration first) to FILE, JSON Lines, for an auditor to keep.

    \b
    Example:
      assembly log export paris-2026.log.jsonl
    """
    source = open_source(obj.settings, None, obj.say)
    try:
        with progress_bar(obj, source.last_seq, N_("exporting")) as progress, written(file):
            trailer = write_export(file, source, progress)
    finally:
        source.close()
    obj.emit(
        {"ok": True, "file": str(file), "records": trailer.records, "root": trailer.root},
        _("{n} messages exported to {file} (Merkle root {root})").format(
            n=i18n.number(trailer.records), file=file, root=trailer.root
        ),
    )


@log.command("verify-export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--checkpoint",
    "checkpoints",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Checkpoints kept outside (`assembly checkpoint --out`): the log must hold them.",
)
@trust_options
@click.pass_obj
def verify_export(
    obj: CliContext,
    file: Path,
    checkpoints: Path | None,
    trust: tuple[str, ...],
    trust_any: bool,
    auditor_state: Path | None,
) -> None:
    """Check an export on its own: stream configuration, sequence continuity, canonical
    bytes, every record's hash chain, the checkpoints in it and kept outside (signed by the
    key you pinned with --trust), the last checkpoint this auditor accepted, its trailer.
    Exit 0 when all hold, 1 with each violation otherwise.

    \b
    Example:
      assembly log verify-export paris-2026.log.jsonl --checkpoint checkpoints.txt \\
        --trust assembly-record/ASSEMBLY+1f2e3d4c+AWx…
    """
    trusted = pinned(obj, trust, trust_any)
    outside = read_outside(checkpoints) if checkpoints is not None else []
    source = ExportFile(file)
    try:
        with progress_bar(obj, source.last_seq, N_("verifying")) as progress:
            report = structural_audit(
                source,
                outside=outside,
                trust=trusted,
                memory=memory_of(auditor_state),
                progress=progress,
            )
    finally:
        source.close()
    _verdict(obj, report)


def _verdict(obj: CliContext, report: StructuralReport) -> None:
    obj.emit(
        {
            "ok": report.ok,
            "records": report.records,
            "root": report.root,
            "aggregates": report.aggregates,
            "checkpoints": report.checkpoints,
            **facts(report.violations, report.uncovered, report.latest),
        },
        "\n".join(
            [
                *violation_lines(report.violations),
                *uncovered_line(report.uncovered),
                _(
                    "{records} messages, {aggregates} records, {checkpoints} in the log; "
                    "Merkle root {root}: {verdict}"
                ).format(
                    records=i18n.number(report.records),
                    aggregates=i18n.number(report.aggregates),
                    checkpoints=ngettext(
                        "{n} checkpoint", "{n} checkpoints", report.checkpoints
                    ).format(n=i18n.number(report.checkpoints)),
                    root=report.root,
                    verdict=_("intact")
                    if report.ok
                    else ngettext("{n} violation", "{n} violations", len(report.violations)).format(
                        n=len(report.violations)
                    ),
                ),
            ]
        ),
    )
    if not report.ok:
        raise click.exceptions.Exit(1)


log.add_command(publish_tiles)  # `log publish`, in its own module
