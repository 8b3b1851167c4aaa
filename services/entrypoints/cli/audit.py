"""``assembly audit verify|trail``: the auditor's commands, on the live stream or an export."""

from __future__ import annotations

import os
from pathlib import Path
from uuid import UUID

import click
import msgspec

from core.audit.trail import Link, Trail, trail
from services.adapters import durability
from services.application.audit.checkpoints import SignedCheckpoint, from_note, read_outside
from services.application.audit.export import LogSource
from services.application.audit.source import open_source
from services.application.audit.verify import AuditReport, full_audit
from services.application.tiles.source import TilesSource
from services.entrypoints.cli import i18n
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.findings import facts, uncovered_line, violation_lines
from services.entrypoints.cli.i18n import N_, _, ngettext
from services.entrypoints.cli.pinning import memory_of, pinned, trust_options
from services.entrypoints.cli.progress import progress_bar
from services.entrypoints.cli.proofs import check_proof, proofs_of, prove_
from services.entrypoints.cli.refusals import in_paris_time, translated

_LOG = click.option(
    "--log",
    "log_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An export (`assembly log export`) instead of the live stream.",
)
_CHECKPOINT = click.option(
    "--checkpoint",
    "checkpoints",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Checkpoints kept outside (`assembly checkpoint --out`): the log must hold them.",
)
_TRUST = trust_options
_TILES = click.option(
    "--tiles",
    metavar="DIR|URL",
    help="The log as published tiles (`assembly log publish`), a directory or an http(s) "
    "URL, instead of the live stream; their checkpoint counts as one kept outside.",
)


@click.group(cls=i18n.Group)
def audit() -> None:
    """Verify the whole record, trace a recommendation back to the draw, prove one fact."""


audit.add_command(prove_)
audit.add_command(check_proof)


def _audit(
    obj: CliContext,
    log_file: Path | None,
    checkpoints: Path | None,
    pins: tuple[tuple[str, ...], bool, Path | None],
    *,
    apart: bool = False,
    tiles: str | None = None,
) -> AuditReport:
    trust, trust_any, auditor_state = pins
    trusted = pinned(obj, trust, trust_any)
    outside = read_outside(checkpoints) if checkpoints else []
    if tiles is not None and log_file is not None:
        raise click.UsageError(_("give --log or --tiles, not both"))
    source: LogSource
    if tiles is not None:
        source = TilesSource(tiles)
        outside.append(from_note(source.note, f"{tiles.rstrip('/')}/checkpoint"))
    else:
        source = open_source(obj.settings, log_file, obj.say)
    try:
        with progress_bar(obj, source.last_seq, N_("auditing")) as progress:
            return full_audit(
                source,
                outside=outside,
                trust=trusted,
                memory=memory_of(auditor_state),
                progress=progress,
                apart=apart,
            )
    finally:
        source.close()


@audit.command()
@_LOG
@_TILES
@_CHECKPOINT
@_TRUST
@click.pass_obj
def verify(
    obj: CliContext,
    log_file: Path | None,
    tiles: str | None,
    checkpoints: Path | None,
    trust: tuple[str, ...],
    trust_any: bool,
    auditor_state: Path | None,
) -> None:
    """Replay the whole log and check everything an auditor who trusts nobody must check.

    The stream's configuration (append-only, no limits); sequence continuity; canonical
    bytes; every record's hash chain; every checkpoint's root and its signature by the key
    you pinned (--trust), that the log holds the checkpoints kept outside and the last one
    this auditor accepted before (--auditor-state: two checkpoints of one key that no
    consistency proof joins are an equivocation); the whole domain replayed, each fact re-decided
    by the assembly's own rules in the state before it; every draw re-derived; provenance
    from each recommendation back to a draw on this log; no personal data. Exit 0 only if
    everything holds; otherwise each violation with its sequence number, record, rule,
    expected and found. Messages after the last checkpoint are reported, with since when.

    Which to use: this checks the whole record, every message and fact of it. To check only
    the draws by lot, in seconds, run `assembly draw verify --log EXPORT` (no server either).

    \b
    Example:
      assembly audit verify --log paris-2026.jsonl --checkpoint checkpoints.txt \\
        --trust assembly-record/ASSEMBLY+1f2e3d4c+AWx…
      assembly audit verify --tiles https://record.paris.fr/log/ --trust … \\
        --witness opposition.paris/w1+… --quorum 1
    """
    # Two cores or more: the domain is replayed in a second process while this one reads.
    pins = (trust, trust_any, auditor_state)
    report = _audit(obj, log_file, checkpoints, pins, apart=(os.cpu_count() or 1) > 1, tiles=tiles)
    verdict = (
        _("everything holds")
        if report.ok
        else ngettext("{n} violation", "{n} violations", len(report.violations)).format(
            n=len(report.violations)
        )
    )
    # A live log: do its servers sync before they acknowledge? (A warning: the record itself
    # may be whole; what is at risk is the next power failure.) An export has no servers.
    syncs = [] if log_file or tiles else durability.of_settings(obj.settings)
    warnings = [w for s in syncs if (w := s.warning())]
    obj.emit(
        {
            "ok": report.ok,
            "records": report.records,
            "facts": report.facts,
            "aggregates": report.aggregates,
            "root": report.root,
            "checkpoints": len(report.checkpoints),
            **facts(report.violations, report.uncovered, report.latest),
            "durability": [s.as_dict() for s in syncs],
        },
        "\n".join(
            [
                *(_("warning: {w}").format(w=translated(w)) for w in warnings),
                *violation_lines(report.violations),
                *uncovered_line(report.uncovered),
                _(
                    "{records} messages, {facts} facts of {aggregates} records, {checkpoints}; "
                    "Merkle root {root}: {verdict}"
                ).format(
                    records=i18n.number(report.records),
                    facts=i18n.number(report.facts),
                    aggregates=i18n.number(report.aggregates),
                    checkpoints=_checkpoints(len(report.checkpoints)),
                    root=report.root,
                    verdict=verdict,
                ),
            ]
        ),
    )
    if not report.ok:
        raise click.exceptions.Exit(1)


def _checkpoints(n: int) -> str:
    return ngettext("{n} checkpoint", "{n} checkpoints", n).format(n=i18n.number(n))


@audit.command("trail")
@click.argument("recommendation", type=click.UUID)
@_LOG
@_CHECKPOINT
@_TRUST
@click.option(
    "--prove",
    "with_proofs",
    is_flag=True,
    help="Attach to every link the event and its inclusion proof (`audit check-proof` "
    "checks them offline).",
)
@click.pass_obj
def trail_(
    obj: CliContext,
    recommendation: UUID,
    log_file: Path | None,
    checkpoints: Path | None,
    trust: tuple[str, ...],
    trust_any: bool,
    auditor_state: Path | None,
    with_proofs: bool,
) -> None:
    """The chain from a recommendation back to the draw, each link with its log position:
    text version, adopting ballot (tally, quorum, threshold, rule), session and attendance,
    the voters' seats and acceptances, the draw (ticket, seed, randomness, commitments), and
    the checkpoint that covers it all. Verifies the log on the way (exit 1 if it fails).

    \b
    Example:
      assembly audit trail 6f1c0d2e-… --json
    """
    report = _audit(obj, log_file, checkpoints, (trust, trust_any, auditor_state))
    d = report.domain
    assert d is not None  # replayed here, for its state
    found = trail(d.index, d.audit.assemblies, d.audit.draws, recommendation)
    covering = _covering(report.checkpoints, found.latest_seq)
    if covering is not None:
        found = msgspec.structs.replace(found, checkpoint=covering)
    result = {
        "ok": report.ok,
        "trail": msgspec.to_builtins(found),
        "violations": [msgspec.to_builtins(v) for v in report.violations],
    }
    text = _text(found, report)
    if with_proofs and report.ok:
        seqs = _link_seqs(found)
        proofs = proofs_of(obj, log_file, lambda m: m.seq in seqs)
        result["proofs"] = [msgspec.to_builtins(p) for p in proofs]
        text += "\n" + _(
            "{n} links proved (--json prints them; `audit check-proof` checks)"
        ).format(n=len(proofs))
    obj.emit(result, text)
    if not report.ok:
        raise click.exceptions.Exit(1)


def _link_seqs(t: Trail) -> set[int]:
    """Every log position the trail cites."""
    links = [t.adopted, t.session_opened, t.panel_arrived, *t.draw_links, *t.corrections]
    if t.submitted is not None:
        links.append(t.submitted)
    seqs = {link.seq for link in links}
    seqs |= {v.seated_at for v in t.voters} | {v.accepted_at for v in t.voters}
    return {s for s in seqs if s > 0}


def _covering(checkpoints: list[tuple[int, SignedCheckpoint]], seq: int) -> Link | None:
    for at, c in checkpoints:
        if c.tree_size >= seq:
            return Link(
                what=_(
                    "checkpoint of {size} messages, root {root}, signed by {origin} (key ID {key})"
                ).format(size=c.tree_size, root=c.root, origin=c.origin, key=c.key_id),
                seq=at,
            )
    return None


def _link(link: Link) -> str:
    """A link of the trail: its log position and what it is, in the reader's language."""
    return _("  #{seq} {what}").format(seq=link.seq, what=in_paris_time(translated(link.what)))


def _text(t: Trail, report: AuditReport) -> str:
    o = t.outcome
    lines = [
        _("recommendation {title} ({id})").format(title=repr(t.title), id=t.recommendation),
        _("  text version {n}, SHA-256 {sha}…").format(n=t.text_version, sha=t.text_sha256[:16]),
        _(
            "  #{seq} adopted by {what}: {for_} for, {against} against, {abstentions} "
            "abstentions; quorum {needed} of {seated} seated, {present} present; {rule}"
        ).format(
            seq=t.adopted.seq,
            what=translated(t.adopted.what),
            for_=o.tally.in_favour,
            against=o.tally.against,
            abstentions=o.tally.abstentions,
            needed=o.quorum_needed,
            seated=o.seated,
            present=o.present,
            rule=translated(o.rule),
        ),
        _("  #{seq} in session {title} ({present} present)").format(
            seq=t.session_opened.seq, title=repr(t.session_title), present=t.present
        ),
        _("  {n} voters, each seated and having accepted their invitation:").format(
            n=len(t.voters)
        ),
        *(
            f"    {v.member:<10} {v.subpool:<17} {i18n.value(v.choice):<10} "
            + _("seated #{seated}, accepted #{accepted}, {drawn_as}").format(
                seated=v.seated_at, accepted=v.accepted_at, drawn_as=translated(v.drawn_as)
            )
            for v in t.voters[:12]
        ),
        *(
            [_("    … and {n} more (--json lists all)").format(n=len(t.voters) - 12)]
            if len(t.voters) > 12
            else []
        ),
        _("  #{seq} the panel arrived from draw {draw}").format(
            seq=t.panel_arrived.seq, draw=t.draw
        ),
        *(_link(link) for link in t.draw_links),
        _("  randomness: {randomness}; seed {seed}").format(
            randomness=in_paris_time(translated(t.randomness or "-")), seed=t.seed
        ),
        _("  commitment {commitment}; pool root {root}; tickets {tickets}").format(
            commitment=t.commitment,
            root=t.pool_root,
            tickets=", ".join(f"{s} {n}" for s, n in sorted(t.tickets.items())),
        ),
        *(_link(c) for c in t.corrections),
        _link(t.checkpoint)
        if t.checkpoint
        else _("  no checkpoint covers it yet: run `assembly checkpoint`"),
        _("log verified: everything holds")
        if report.ok
        else ngettext(
            "the log has {n} violation: run `assembly audit verify`",
            "the log has {n} violations: run `assembly audit verify`",
            len(report.violations),
        ).format(n=len(report.violations)),
    ]
    if t.submitted:
        lines.insert(
            3,
            _("  #{seq} submitted to the executive ({what})").format(
                seq=t.submitted.seq, what=translated(t.submitted.what)
            ),
        )
    return "\n".join(lines)
