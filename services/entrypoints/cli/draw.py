"""``assembly draw commit|reveal|verify|report|quotas``: the draw by lot, committed before any
randomness exists, then revealed, drawn, and verifiable by anyone from the log alone."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

import click
import msgspec

from core.assembly.membership.facts import PanelArrived
from core.draw.events import Beacon, BeaconRound, Ceremony, DiceRolled, Entry
from core.draw.randomness import CHAINS
from services.entrypoints.cli import i18n
from services.entrypoints.cli.acts import Act, Timestamp, act, maybe_on_assembly, on_assembly
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import N_, _, ngettext
from services.entrypoints.cli.outputs import Output, written
from services.entrypoints.cli.progress import progress_bar
from services.entrypoints.cli.refusals import translated

if TYPE_CHECKING:  # `draw verify` imports neither the solver, the registry nor the commands
    from core.draw.verify import Violation
    from core.sortition.progress import Progress
    from core.vocabulary import Vocabulary
    from services.application.audit.draws import DrawVerdict
    from services.application.draw.report import SubpoolReport


@click.group(cls=i18n.Group)
def draw() -> None:
    """The draw by lot: commit, reveal, verify, report."""


@draw.command()
@click.option(
    "--quotas",
    "quota_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Quotas CSV: subpool,category,value,min,max.",
)
@click.option(
    "--census-tolerance",
    type=float,
    help="Derive quotas from census margins, ± this share (0.2 = ±20 %).",
)
@click.option(
    "--algorithm", type=click.Choice(["leximin", "maximin"]), default="leximin", show_default=True
)
@click.option(
    "--tickets",
    type=click.IntRange(1, 100_000),
    default=1000,
    show_default=True,
    help="Tickets per lottery (m), committed: 1,000 is drawn by three ten-sided dice.",
)
@click.option(
    "--reserve",
    "reserves",
    multiple=True,
    metavar="SUBPOOL=N",
    help="Reserves kept per sub-pool (default: three per seat).",
)
@click.option(
    "--beacon-round", type=int, help="A future drand round whose randomness seeds the draw."
)
@click.option("--chain", type=click.Choice(sorted(CHAINS)), default="quicknet", show_default=True)
@click.option("--dice-at", type=Timestamp(), help="When the public dice ceremony starts.")
@click.option("--place", help="Where the dice ceremony takes place.")
@click.option("--bailiff", help="The bailiff (commissaire de justice) who oversees the dice.")
@click.option("--witness", "witnesses", multiple=True, help="A witness of the ceremony (repeat).")
@click.option(
    "--dice", "dice_count", type=int, default=1, show_default=True, help="Dice per throw."
)
@click.option("--sides", type=int, default=10, show_default=True)
@click.option("--rolls", type=int, default=6, show_default=True, help="Throws.")
@act
@click.pass_obj
def commit(
    obj: CliContext,
    act: Act,
    quota_file: Path | None,
    census_tolerance: float | None,
    algorithm: str,
    tickets: int,
    reserves: tuple[str, ...],
    beacon_round: int | None,
    chain: str,
    dice_at: datetime | None,
    place: str | None,
    bailiff: str | None,
    witnesses: tuple[str, ...],
    dice_count: int,
    sides: int,
    rolls: int,
) -> None:
    """Commit the pool, quotas, ticket lists and randomness source, before any randomness.

    \b
    Example (a drand round about an hour ahead, and a dice ceremony):
      assembly draw commit --census-tolerance 0.2 --beacon-round 21000000 \\
          --dice-at 2026-01-20T10:00+01:00 --place "Hôtel de Ville" \\
          --bailiff "Maître Durand" --witness "Observer, Conseil de Paris"
    """
    assembly = obj.app.assembly(act.assembly_id)
    vocabulary = assembly.charter.vocabulary
    seats = dict(assembly.charter.subpool_seats) or {vocabulary.subpools[0]: assembly.charter.seats}
    chosen = _quotas(quota_file, census_tolerance, seats, vocabulary)
    beacon = (
        Beacon(chain=chain, chain_hash=CHAINS[chain].hash, round=beacon_round)
        if beacon_round is not None
        else None
    )
    ceremony = _ceremony(dice_at, place, bailiff, witnesses, dice_count, sides, rolls)
    from commands.draw_messages import CommitDraw  # noqa: PLC0415 - `draw verify` starts faster
    from services.adapters import registry  # noqa: PLC0415 - sqlalchemy is slow to load

    with registry.open_from_settings(obj.settings)() as session:
        entries = tuple(
            Entry(
                pseudonym=c.respondent.pseudonym,
                subpool=c.respondent.subpool,
                criteria=c.respondent.criteria,
                commitment=c.commitment.hex(),
            )
            for c in registry.pool(session)
        )
    if not entries:
        raise click.UsageError(
            "the pool is empty: import volunteers first (`assembly pool import FILE.csv`)"
        )
    cmd = act.command(
        CommitDraw,
        entries=entries,
        quotas=chosen,
        beacon=beacon,
        ceremony=ceremony,
        algorithm=algorithm,
        tickets=tickets,
        reserves=_reserves(reserves),
    )
    with _ProgressBars(obj, sorted(seats)) as bars:
        position = obj.app.commit_draw(cmd, progress=bars.update)
    obj.done(
        position,
        _("committed draw {id}: {n} respondents, {algorithm} lotteries for {subpools}").format(
            id=cmd.draw_id, n=len(entries), algorithm=algorithm, subpools=", ".join(sorted(seats))
        ),
        draw=str(cmd.draw_id),
    )


def _quotas(
    path: Path | None, tolerance: float | None, seats: dict[str, int], vocabulary: Vocabulary
) -> dict[str, tuple[Any, ...]]:
    if (path is None) == (tolerance is None):
        raise click.UsageError(
            _("give the quotas: --quotas FILE.csv or --census-tolerance 0.2 (one of them)")
        )
    from services.application.draw import quotas as quota_files  # noqa: PLC0415 - sqlalchemy

    try:
        found = (
            quota_files.read(path, vocabulary)
            if path
            else quota_files.from_census(seats, tolerance or 0.0, vocabulary)
        )
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--quotas/--census-tolerance") from e
    return {s: found.get(s, ()) for s in seats}


def _ceremony(
    at: datetime | None,
    place: str | None,
    bailiff: str | None,
    witnesses: tuple[str, ...],
    dice: int,
    sides: int,
    rolls: int,
) -> Ceremony | None:
    if at is None:
        if place or bailiff or witnesses:
            raise click.UsageError("a dice ceremony needs --dice-at (when it starts)")
        return None
    if not (place and bailiff and witnesses):
        raise click.UsageError(
            "a dice ceremony needs --place, --bailiff and at least one --witness"
        )
    return Ceremony(
        starts_at=at,
        place=place,
        bailiff=bailiff,
        witnesses=witnesses,
        dice=dice,
        sides=sides,
        rolls=rolls,
    )


def _reserves(given: tuple[str, ...]) -> dict[str, int] | None:
    if not given:
        return None
    out = {}
    for item in given:
        name, _sep, count = item.partition("=")
        if not count.isdigit():
            raise click.BadParameter(
                f"{item!r}: write SUBPOOL=N, e.g. electoral-rolls=20", param_hint="--reserve"
            )
        out[name] = int(count)
    return out


class _ProgressBars:
    """One bar for the whole optimisation (the sub-pools' lotteries, computed side by side,
    each a share of it); what the solver is doing (stage, types fixed, panels found) only
    under --debug, and never the solver's own output."""

    STEPS = 1000  # per sub-pool
    _SPANS = {
        "maximin": (0.0, 0.5),
        "leximin": (0.0, 0.5),
        "panels": (0.5, 0.9),
        "rounding": (0.9, 1.0),
    }

    def __init__(self, obj: CliContext, subpools: list[str]) -> None:
        self._obj = obj
        self._done = dict.fromkeys(subpools, 0)
        self._bar: Any = None
        self._advance: Callable[[int], None] | None = None
        self._stage = ""
        self._panels_seen: set[str] = set()
        self._lock = threading.Lock()  # the sub-pools report from their own threads

    def update(self, progress: Progress) -> None:
        with self._lock:
            if self._obj.debug:
                settled = (
                    "fractional panels whole" if progress.stage == "rounding" else "types fixed"
                )
                self._obj.say(
                    f"  {progress.subpool} {progress.stage}: {progress.fixed} of "
                    f"{progress.types} {settled}, {progress.panels} panels"
                )
            if self._advance is None:
                return
            self._stage = f"{progress.subpool}: {progress.stage}"
            done = self._done.get(progress.subpool, 0)
            self._done[progress.subpool] = max(done, self._position(progress))
            self._advance(sum(self._done.values()))

    def _position(self, p: Progress) -> int:
        """Never backwards: a later stage starts again from 0 types fixed."""
        if p.stage == "panels":
            self._panels_seen.add(p.subpool)
        start, end = (
            (0.9, 1.0)
            if p.stage != "panels" and p.subpool in self._panels_seen
            else self._SPANS.get(p.stage, (0.9, 1.0))
        )
        share = p.fixed / p.types if p.types else 1.0
        return int(self.STEPS * (start + (end - start) * share))

    def __enter__(self) -> _ProgressBars:
        if not self._obj.as_json and not self._obj.debug:
            self._bar = progress_bar(
                self._obj,
                self.STEPS * len(self._done),
                N_("optimising the lotteries"),
                show=lambda: self._stage,
            )
            self._advance = self._bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            with self._lock:
                self._advance = None
            self._bar.__exit__(*exc)


@draw.command()
@click.option(
    "--beacon",
    "beacon_file",
    type=click.File("rb"),
    help="The drand round's JSON (from https://api.drand.sh/<chain>/public/<round>).",
)
@click.option("--dice", "digits", help="The dice digits, in throw order.")
@click.option(
    "--signed-by",
    "signatories",
    multiple=True,
    help="Who signed the ceremony's minutes (bailiff and witnesses; repeat).",
)
@act
@click.pass_obj
def reveal(
    obj: CliContext, act: Act, beacon_file: Any, digits: str | None, signatories: tuple[str, ...]
) -> None:
    """Reveal the declared randomness and draw every sub-pool's panel and reserves.

    \b
    Example:
      curl -so round.json https://api.drand.sh/$QUICKNET_HASH/public/21000000
      assembly draw reveal --beacon round.json --dice 318530 \
          --signed-by "Maître Durand" --signed-by "Observer, Conseil de Paris"
    """
    beacon = _beacon(beacon_file) if beacon_file else None
    rolled = DiceRolled(digits=digits, signed_by=signatories) if digits is not None else None
    from commands.draw_messages import RevealDraw  # noqa: PLC0415 - `draw verify` starts faster

    position = obj.app.reveal_draw(act.command(RevealDraw, beacon=beacon, dice=rolled))
    state = obj.app.assembly(act.assembly_id)
    drawn = obj.app.draw(state.draw) if state.draw else None
    summary = {
        s: {"ticket": d.ticket, "panel": len(d.panel), "reserves": len(d.reserves)}
        for s, d in (drawn.drawn.items() if drawn else ())
    }
    text = i18n.clauses(
        _("{subpool}: ticket {ticket}, {panel} invited, {reserves} reserves").format(
            subpool=s, ticket=d["ticket"], panel=d["panel"], reserves=d["reserves"]
        )
        for s, d in sorted(summary.items())
    )
    obj.done(position, _("drawn — {text}").format(text=text), subpools=summary)


def _beacon(file: Any) -> BeaconRound:
    try:
        raw = json.loads(file.read())
        return BeaconRound(
            round=int(raw["round"]),
            randomness=str(raw.get("randomness", "")),
            signature=str(raw["signature"]),
            previous_signature=str(raw.get("previous_signature", "")),
        )
    except (ValueError, KeyError, TypeError) as e:
        raise click.BadParameter(
            _("{file} is not a drand round's JSON ({e})").format(
                file=file.name, e=translated(str(e))
            ),
            param_hint="--beacon",
        ) from e


def _draw_of(obj: CliContext, assembly_id: Any) -> tuple[Any, list[Any], list[PanelArrived]]:
    state = obj.app.assembly(assembly_id)
    if state.draw is None:
        raise click.UsageError(
            _("{name} has no draw yet: run `assembly draw commit`").format(
                name=repr(state.charter.name)
            )
        )
    events = obj.app.draw_events(state.draw)
    arrived = [e for e in obj.app.events.get(assembly_id) if isinstance(e, PanelArrived)]
    return obj.app.draw(state.draw), events, arrived


@draw.command("verify")
@click.option(
    "--log",
    "log_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An export (`assembly log export`): verify every draw in it, with no server.",
)
@maybe_on_assembly
@click.pass_obj
def verify_(obj: CliContext, assembly_id: UUID | None, log_file: Path | None) -> None:
    """Re-derive the draw from its facts alone (no solver) and name every mismatch: the
    draws only, in seconds.

    Checks the pool commitment, every ticket against the quotas, the ticket lists' digests
    and probabilities, that everything was committed before the randomness existed, the
    randomness against its source (drand signature, dice witnesses), the seed, the tickets
    drawn, the people chosen and the panel the assembly received. Exit 1 on any violation.

    Without --log it reads the live stream: the draw of --assembly (or ASSEMBLY_ID). With
    --log it reads an export file alone, as an outside auditor does (no server, no key, no
    registry), and verifies every draw in it, or only that of --assembly. It does not check
    the hash chains, the checkpoints or the other facts of the record: for the whole record,
    run `assembly audit verify --log EXPORT`.

    \b
    Examples:
      assembly draw verify --assembly 5f0c…
      assembly draw verify --log paris-2026.jsonl --json
    """
    if log_file is not None:
        _verify_export(obj, log_file, assembly_id)
        return
    started = time.perf_counter()
    if assembly_id is None:
        raise click.UsageError(
            "which draw? Pass --assembly ID (or export ASSEMBLY_ID) for an assembly's draw on "
            "the live stream, or --log EXPORT for every draw of an export file"
        )
    assembly = assembly_id
    state, events, arrived = _draw_of(obj, assembly)
    vocabulary = obj.app.assembly(assembly).charter.vocabulary
    from core.draw.verify import verify  # noqa: PLC0415 - imported by the verb that uses it

    violations = verify(events, arrived, vocabulary=vocabulary)
    took = time.perf_counter() - started
    result = {
        "ok": not violations,
        "draw": str(state.id),
        "assembly": str(assembly),
        "respondents": len(state.entries),
        "seconds": round(took, 3),
        "violations": [
            {"version": v.version, "record": _record(v), **_said(v)} for v in violations
        ],
    }
    lines = [f"  {_found(v)}" for v in violations]
    verdict = (
        _("verified")
        if not violations
        else ngettext("{n} violation", "{n} violations", len(violations)).format(n=len(violations))
    )
    said = _("draw {id}: {verdict} ({n} respondents, {seconds} s)").format(
        id=state.id, verdict=verdict, n=len(state.entries), seconds=i18n.number(took, 2)
    )
    obj.emit(result, "\n".join([said, *lines]))
    if violations:
        raise click.exceptions.Exit(1)


def _verify_export(obj: CliContext, path: Path, assembly_id: UUID | None) -> None:
    """Every draw of an export (or that of one assembly), as `draw verify` checks one live."""
    from services.application.audit.draws import verify_draws  # noqa: PLC0415 - this verb's
    from services.application.audit.export import ExportFile  # noqa: PLC0415 - own imports

    started = time.perf_counter()
    source = ExportFile(path)
    try:
        verdicts = verify_draws(source, assembly_id)
    finally:
        source.close()
    took = time.perf_counter() - started
    if not verdicts:
        of = _(" for assembly {id}").format(id=assembly_id) if assembly_id else ""
        raise click.UsageError(
            _("{path} holds no draw{of}: nothing to verify").format(path=path, of=of)
        )
    ok = all(d.ok for d in verdicts)
    obj.emit(
        {
            "ok": ok,
            "log": str(path),
            "seconds": round(took, 3),
            "draws": [
                {
                    "ok": d.ok,
                    "draw": str(d.draw),
                    "assembly": str(d.assembly) if d.assembly else None,
                    "respondents": d.respondents,
                    "violations": [
                        {"seq": seq, "version": v.version, "record": _record(v), **_said(v)}
                        for seq, v in d.violations
                    ],
                }
                for d in verdicts
            ],
        },
        "\n".join(
            [
                *(line for d in verdicts for line in _verdict_lines(d)),
                ngettext(
                    "{n} draw in {path}: {verdict} ({seconds} s)",
                    "{n} draws in {path}: {verdict} ({seconds} s)",
                    len(verdicts),
                ).format(
                    n=len(verdicts),
                    path=path,
                    verdict=_("verified") if ok else _("violations found"),
                    seconds=i18n.number(took, 2),
                ),
            ]
        ),
    )
    if not ok:
        raise click.exceptions.Exit(1)


def _verdict_lines(d: DrawVerdict) -> list[str]:
    verdict = (
        _("verified")
        if d.ok
        else ngettext("{n} violation", "{n} violations", len(d.violations)).format(
            n=len(d.violations)
        )
    )
    return [
        _("draw {draw} of assembly {assembly}: {verdict} ({n} respondents)").format(
            draw=d.draw, assembly=d.assembly, verdict=verdict, n=d.respondents
        ),
        *(f"  #{seq} {_found(v)}" for seq, v in d.violations),
    ]


def _found(v: Violation) -> str:
    return _("{where}: {rule}: expected {expected}; found {found}").format(
        where=_where(v), rule=v.rule, expected=translated(v.expected), found=translated(v.found)
    )


def _record(v: Violation) -> str:
    """Whose version a violation names: the draw's, or the assembly's (the panel's arrival)."""
    return "assembly" if v.arrival else "draw"


def _where(v: Violation) -> str:
    if v.arrival:
        return _("the panel's arrival (assembly event {n})").format(n=v.version)
    return _("draw event {n}").format(n=v.version) if v.version else _("the draw")


def _said(v: Violation) -> dict[str, str]:
    return {"rule": v.rule, "expected": v.expected, "found": v.found}


@draw.command()
@click.option(
    "--plot",
    type=Output(),
    help="Write a PNG: composition vs quotas, probabilities.",
)
@click.option(
    "--legacy-runs",
    type=click.IntRange(0, 10_000),
    default=20,
    show_default=True,
    help="Legacy greedy draws simulated for the baseline (0: none).",
)
@on_assembly
@click.pass_obj
def report(obj: CliContext, assembly_id: Any, plot: Path | None, legacy_runs: int) -> None:
    """Selection probabilities (min, median, max), composition vs quotas, and the legacy
    greedy baseline, per sub-pool."""
    from services.application.draw.report import subpool_report  # noqa: PLC0415 - the solver

    state = _draw_of(obj, assembly_id)[0]
    names = sorted(state.lotteries)
    with click.progressbar(
        length=legacy_runs * len(names),
        label=_("simulating the legacy greedy draws"),
        file=sys.stderr,
    ) as bar:
        reports = [subpool_report(state, n, legacy_runs, lambda: bar.update(1)) for n in names]
    if plot:
        from services.application.draw.plot import plot as draw_plot  # noqa: PLC0415 - matplotlib is slow to load

        with written(plot):
            draw_plot(reports, plot, say=_)
    obj.emit(
        {"ok": True, "draw": str(state.id), "subpools": [_json(r) for r in reports]},
        "\n\n".join(_text(r) for r in reports)
        + ("\n\n" + _("plot written to {path}").format(path=plot) if plot else ""),
    )


def _json(r: SubpoolReport) -> dict[str, Any]:
    out: dict[str, Any] = msgspec.to_builtins(r)
    return out


def _text(r: SubpoolReport) -> str:
    p = r.probabilities
    head = [
        _("{subpool}: {seats} seats from {n} respondents ({algorithm}; ticket {ticket})").format(
            subpool=r.subpool,
            seats=r.seats,
            n=i18n.number(r.respondents),
            algorithm=r.algorithm,
            ticket=r.ticket,
        ),
        _(
            "  selection probability  min {min}  median {median}  max {max}  "
            "(best possible minimum {best})"
        ).format(
            min=i18n.number(p.minimum, 4),
            median=i18n.number(p.median, 4),
            max=i18n.number(p.maximum, 4),
            best=i18n.number(float(r.optimum), 4),
        ),
        _rounding(r),
    ]
    if r.legacy:
        head.append(
            _("  legacy greedy ({runs} runs)  min {min}  median {median}  max {max}").format(
                runs=r.legacy_runs,
                min=i18n.number(r.legacy.minimum, 4),
                median=i18n.number(r.legacy.median, 4),
                max=i18n.number(r.legacy.maximum, 4),
            )
        )
    rows = [
        f"    {c.category}={c.value:<10} "
        + _("drawn {drawn}  quota {min}..{max}").format(drawn=f"{c.drawn:>3}", min=c.min, max=c.max)
        + ("" if c.min <= c.drawn <= c.max else "  " + _("OUT"))
        for c in r.composition
    ]
    return "\n".join([*head, _("  composition vs quotas:"), *rows])


def _rounding(r: SubpoolReport) -> str:
    """The committed minimum against the optimised one, and what the rounding proves."""
    head = _("  {tickets} tickets, rounded by {rounding}: committed minimum {min}").format(
        tickets=r.tickets,
        rounding=r.rounding,
        min=i18n.number(r.probabilities.minimum, 5),
    )
    if r.unrounded is None or r.deviation is None:
        return head + _(" (the optimised minimum and the deviation were not recorded)")
    said = (
        _("; every person within {deviation} of it, proven below {bound}").format(
            deviation=i18n.number(float(r.deviation), 5), bound=i18n.number(float(r.bound), 5)
        )
        if r.bound is not None
        else _("; every person within {deviation} of it (no bound proven)").format(
            deviation=i18n.number(float(r.deviation), 5)
        )
    )
    return f"{head}, {r.algorithm} {i18n.number(float(r.unrounded), 5)}{said}"


@draw.command("quotas")
@click.option("--census-tolerance", type=float, default=0.2, show_default=True)
@click.option("--out", type=Output(), required=True)
@on_assembly
@click.pass_obj
def quotas_(obj: CliContext, assembly_id: Any, census_tolerance: float, out: Path) -> None:
    """Write the quotas derived from census margins to a CSV, to review before committing."""
    charter = obj.app.assembly(assembly_id).charter
    seats = dict(charter.subpool_seats) or {charter.vocabulary.subpools[0]: charter.seats}
    from services.application.draw import quotas as quota_files  # noqa: PLC0415 - sqlalchemy

    try:
        derived = quota_files.from_census(seats, census_tolerance, charter.vocabulary)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--census-tolerance") from e
    with written(out):
        quota_files.write(out, derived)
    obj.emit(
        {"ok": True, "file": str(out)}, f"quotas for {', '.join(sorted(seats))} written to {out}"
    )
