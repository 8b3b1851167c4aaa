"""(n) National scale (issue 15, point 4): the whole committed draw of 100,000 respondents.

The pool: ``assembly pool synth`` (seed "bench"; services/application/pool/synth.py) with its
sub-pools, 100 seats split as bench/verify_draw.py's SEATS (electoral rolls 80, non-EU
residents 15, minors 5), four criteria, quotas from the census margins ±20 %
(services/application/draw/quotas.py ``from_census``).

- Ours, in a child process (its peak RSS, ru_maxrss, is the memory figure): for every
  sub-pool the exact LEXIMIN with its proof (gap and shortfall, core/sortition/leximin.py)
  and the committed lottery over m = 1,000 tickets (the "iterated/1" rounding,
  core/sortition/rounding.py), as `draw commit` computes them; then the rest of the draw
  (declaration, dice, reveal, hand-over) and `draw verify`'s check of it, in-process from the
  stored events (decoding included, best of three; core/draw/verify.py), next to the raw
  floor (decoding and the pool's Merkle root). Not in the figures: synthesising the pool and
  its salted commitments, and the CLI's start (`assembly draw verify --log` also starts a
  process, imports what the verb needs and reads the file: `cli start` below, measured on an
  empty file, which it refuses).
- The same at 10,000. (At 100,000 the LEXIMIN's minimum, ~0.0007, is below one ticket in
  1,000: with m = 1,000 some person is on no ticket at all, which the bound allows, since it
  is larger than the minimum; `python -m bench.national --child 100000 --tickets M` runs
  another m, but every ticket is a whole panel in the committed fact, so the fact grows
  with m.)
- Theirs: sortition-algorithms' maximin (the `bench` extra; never imported by the project),
  in a child process with a time cap, on bench/draw.py's pool of the same size (one sub-pool,
  100 seats, the same quotas: it has no sub-pools), next to our LEXIMIN and lottery on that
  same pool; it does not finish, so the ratio is "> cap / ours".

Targets: LEXIMIN + proof + lottery at 100,000 <= 30 s and <= 4 GB; at 10,000 <= 2 s;
`draw verify` at 100,000 <= 2 s (in-process).

``python -m bench.national [--quick] [--json] [--cap S]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from typing import Any
from uuid import uuid4

from bench import draw as one_pool
from bench import verify_draw
from commands import drawing
from core.draw import rules
from core.draw.events import QuotasCommitted, TicketsCommitted
from core.draw.state import Draw, folded
from core.events import Event
from core.sortition import lottery
from core.sortition.leximin import Distribution, leximin
from core.sortition.model import Pool, Quota
from core.vocabulary import PARIS
from services.application.draw.quotas import from_census
from services.application.draw.synthetic import entries

LARGE, SMALL = 100_000, 10_000
TOLERANCE = 0.2
SECONDS_LARGE, SECONDS_SMALL, VERIFY_SECONDS = 30.0, 2.0, 2.0
MEMORY_GB = 4.0
CAP = 120.0
TICKETS = 1000


@dataclass
class Subpool:
    name: str
    size: int
    types: int
    panels: int
    leximin: float
    rounding: float
    cpu: float
    """CPU seconds of both (the child is single-threaded: the wall clock on an idle machine)."""
    gap: float
    shortfall: float
    unrounded: float
    committed: float
    deviation: float
    bound: float


@dataclass
class National:
    size: int
    tickets: int = TICKETS
    subpools: list[Subpool] = field(default_factory=list)
    verify: float = 0.0
    verify_cpu: float = 0.0
    raw: float = 0.0
    stored_bytes: int = 0
    memory_gb: float = 0.0
    workers: int = 1
    whole: float = 0.0
    """Wall clock of every sub-pool's LEXIMIN and lottery, side by side on `workers` threads."""
    whole_cpu: float = 0.0

    @property
    def seconds(self) -> float:
        return self.whole

    @property
    def cpu(self) -> float:
        return self.whole_cpu

    @property
    def in_turn(self) -> float:
        """The sum of the sub-pools' own times: one after the other, on a quiet machine."""
        return sum(s.leximin + s.rounding for s in self.subpools)


def national(size: int, tickets_drawn: int = TICKETS, workers: int = drawing.WORKERS) -> National:
    """In the child process: the whole draw of `size` respondents, timed. The sub-pools'
    lotteries are computed as `draw commit` computes them, side by side
    (commands/drawing.py `side_by_side`); each sub-pool's own times are its thread's."""
    found = National(size, tickets_drawn, workers=workers)
    pools, quotas = _subpools(size, tickets_drawn)

    def solve(name: str) -> tuple[Distribution, lottery.Lottery, Subpool]:
        pool, (chosen, seats) = pools[name], quotas[name]
        started, used = time.perf_counter(), time.thread_time()
        solved = leximin(pool, chosen, seats)
        solving = time.perf_counter() - started
        started = time.perf_counter()
        rounded = lottery.lottery_of(pool, solved, tickets_drawn)
        rounding = time.perf_counter() - started
        assert rounded.bound is not None
        return (
            solved,
            rounded,
            Subpool(
                name=name,
                size=pool.size,
                types=len(pool.types),
                panels=len(solved.panels),
                leximin=solving,
                rounding=rounding,
                cpu=time.thread_time() - used,
                gap=solved.gap,
                shortfall=solved.shortfall,
                unrounded=solved.minimum,
                committed=min(lottery.ticket_probabilities(pool, rounded.tickets)),
                deviation=rounded.deviation,
                bound=rounded.bound,
            ),
        )

    started, used = time.perf_counter(), time.process_time()
    solved_by = drawing.side_by_side({n: p.size for n, p in pools.items()}, solve, workers)
    found.whole, found.whole_cpu = time.perf_counter() - started, time.process_time() - used
    found.subpools = [solved_by[name][2] for name in sorted(solved_by)]

    def tickets(draw: Draw, name: str, committed: QuotasCommitted) -> TicketsCommitted:
        solved, rounded, _ = solved_by[name]
        assert committed.quotas == quotas[name][0]
        return rules.commit_tickets(
            draw,
            name,
            rounded.tickets,
            algorithm="leximin",
            version="bench",
            optimum=solved.bound,
            rounding=rounded.rounding,
            unrounded=solved.minimum,
            deviation=rounded.deviation,
            bound=rounded.bound,
            at=verify_draw.AT,
            by="clerk:bench",
        )

    draw_events, assembly_events = verify_draw.drawn_log(size, tickets, TOLERANCE, tickets_drawn)
    cpu: list[float] = []
    found.verify, found.raw, found.stored_bytes = verify_draw.timed(
        size, draw_events, assembly_events, cpu=cpu
    )
    found.verify_cpu = min(cpu)
    found.memory_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB on Linux
    return found


def _subpools(
    size: int, tickets_drawn: int
) -> tuple[dict[str, Pool], dict[str, tuple[tuple[Quota, ...], int]]]:
    """The sub-pools of verify_draw.drawn_log's pool and their committed quotas and seats."""
    facts: list[Event] = [
        rules.open_draw(
            verify_draw.convened(),
            new_id=uuid4(),
            reserves=None,
            tickets=tickets_drawn,
            at=verify_draw.AT,
            by="clerk:bench",
        )
    ]
    facts += rules.enter_pool(
        folded(None, facts),
        entries(size, "bench"),
        vocabulary=PARIS,
        at=verify_draw.AT,
        by="clerk:bench",
    )
    draw = folded(None, facts)
    census = from_census(verify_draw.SEATS, TOLERANCE)
    quotas = {}
    for name in sorted(verify_draw.SEATS):
        q = rules.commit_quotas(draw, name, census[name], at=verify_draw.AT, by="clerk:bench")
        quotas[name] = (q.quotas, q.seats)
    return {name: rules.subpool(draw, name) for name in verify_draw.SEATS}, quotas


def child(size: int, tickets: int = TICKETS, workers: int = drawing.WORKERS) -> National:
    command = [sys.executable, "-m", "bench.national", "--child", str(size)]
    command += ["--tickets", str(tickets), "--workers", str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=os.environ)
    raw = json.loads(done.stdout.strip().splitlines()[-1])
    subpools = [Subpool(**s) for s in raw.pop("subpools")]
    return National(**raw, subpools=subpools)


def same_pool(size: int) -> float:
    """Our LEXIMIN and committed lottery on bench/draw.py's pool (theirs' pool), seconds."""
    pool = one_pool.our_pool(size)
    started = time.perf_counter()
    solved = leximin(pool, list(one_pool.quotas()), one_pool.SEATS)
    lottery.lottery_of(pool, solved, one_pool.TICKETS)
    return time.perf_counter() - started


def cli_start() -> float:
    """What `assembly draw verify --log` costs before it verifies anything: the process, its
    imports and the file's first line (an empty file, refused with exit 2), best of three."""
    best = float("inf")
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as empty:
        command = [sys.executable, "-m", "services.entrypoints.cli.main", "draw", "verify"]
        for _ in range(3):
            started = time.perf_counter()
            done = subprocess.run(
                [*command, "--log", empty.name],
                capture_output=True,
                check=False,
                env=os.environ,
            )
            best = min(best, time.perf_counter() - started)
            if done.returncode != 2:  # pragma: no cover - the empty file is bad input
                raise RuntimeError(f"draw verify --log of an empty file: {done.stderr!r}")
    return best


@dataclass
class Bench:
    runs: list[National]
    ours_same: float
    theirs: one_pool.Run
    cap: float
    cli: float

    def table(self) -> str:
        lines = [
            f"{'(n) sub-pool':<20}{'size':>8}{'types':>7}{'panels':>7}{'LEXIMIN':>9}"
            f"{'rounding':>9}{'gap':>9}{'LP min':>9}{'committed':>10}{'move':>9}{'bound':>8}"
        ]
        for run in self.runs:
            for s in run.subpools:
                lines.append(
                    f"{s.name:<20}{s.size:>8,}{s.types:>7}{s.panels:>7}{s.leximin:>8.2f}s"
                    f"{s.rounding:>8.2f}s{s.gap:>9.1e}{s.unrounded:>9.5f}{s.committed:>10.5f}"
                    f"{s.deviation:>9.5f}{s.bound:>8.4f}"
                )
            lines.append(
                f"{'  whole pool':<20}{run.size:>8,}  m = {run.tickets:,}: LEXIMIN + proof + "
                f"lottery {run.seconds:.2f} s ({run.cpu:.2f} s CPU; {run.workers} sub-pools at "
                f"once, {run.in_turn:.2f} s their own times added), peak {run.memory_gb:.2f} GB; "
                f"draw verify {run.verify:.2f} s ({run.verify_cpu:.2f} s CPU; raw floor "
                f"{run.raw:.2f} s; {run.stored_bytes / 1e6:.1f} MB of events)"
            )
        size = self.runs[-1].size
        theirs = (
            f"{self.theirs.time:.1f} s"
            if self.theirs.time is not None
            else self.theirs.note or "did not finish"
        )
        lines.append(
            f"bench/draw.py's pool of {size:,} (one sub-pool, 100 seats): our LEXIMIN + lottery "
            f"{self.ours_same:.2f} s; sortition-algorithms maximin: {theirs}"
        )
        lines.append(f"cli start (`assembly draw verify --log`, empty file): {self.cli:.2f} s")
        return "\n".join(lines)

    def verdicts(self) -> list[tuple[str, bool | None, str]]:
        out: list[tuple[str, bool | None, str]] = []
        small = self.runs[0]
        large = next(r for r in self.runs if r.size == max(r.size for r in self.runs))
        out.append(
            (
                f"n1 LEXIMIN + proof + lottery at {large.size:,}: <= {SECONDS_LARGE:g} s",
                _judged(large.size == LARGE, large.seconds <= SECONDS_LARGE),
                f"{large.seconds:.2f} s ({large.cpu:.2f} s CPU)",
            )
        )
        out.append(
            (
                f"n2 peak memory at {large.size:,}: <= {MEMORY_GB:g} GB",
                _judged(large.size == LARGE, large.memory_gb <= MEMORY_GB),
                f"{large.memory_gb:.2f} GB",
            )
        )
        if small is not large:
            out.append(
                (
                    f"n3 LEXIMIN + proof + lottery at {small.size:,}: <= {SECONDS_SMALL:g} s",
                    _judged(small.size == SMALL, small.seconds <= SECONDS_SMALL),
                    f"{small.seconds:.2f} s ({small.cpu:.2f} s CPU)",
                )
            )
        out.append(
            (
                f"n4 draw verify at {large.size:,} (in-process): <= {VERIFY_SECONDS:g} s",
                _judged(large.size == LARGE, large.verify <= VERIFY_SECONDS),
                f"{large.verify:.2f} s ({large.verify_cpu:.2f} s CPU); with the CLI's start "
                f"~{large.verify + self.cli:.2f} s",
            )
        )
        if not self.theirs.finished and not self.theirs.note.startswith("did not finish"):
            figures = f"theirs {self.theirs.note}"
        elif self.theirs.time is not None:
            ratio = self.theirs.time / self.ours_same
            figures = f"{self.ours_same:.2f} s vs {self.theirs.time:.0f} s: {ratio:.0f}x"
        else:
            ratio = self.cap / self.ours_same
            figures = f"{self.ours_same:.2f} s vs > {self.cap:.0f} s (capped): > {ratio:.0f}x"
        out.append((f"n5 against sortition-algorithms maximin at {large.size:,}", None, figures))
        return out

    def verdict(self) -> str:
        marks = {True: "met", False: "MISSED", None: "not judged"}
        return "\n".join(f"{t}: {f}, {marks[m]}" for t, m, f in self.verdicts())

    def as_dict(self) -> dict[str, Any]:
        return {
            "runs": [{**asdict(r), "seconds": r.seconds} for r in self.runs],
            "ours_same_pool": self.ours_same,
            "theirs": asdict(self.theirs),
            "cli_start": self.cli,
            "verdicts": [{"target": t, "met": m, "figures": f} for t, m, f in self.verdicts()],
        }


def _judged(at_size: bool, met: bool) -> bool | None:
    """A target is judged only at the size it names (--quick runs 2,000: none is)."""
    return met if at_size else None


def national_bench(quick: bool, cap: float, progress: one_pool.Progress) -> Bench:
    sizes = (2_000,) if quick else (SMALL, LARGE)
    runs = []
    for size in sizes:
        progress(f"(n) {size:,} respondents, sub-pools: LEXIMIN, lottery, verify")
        runs.append(child(size))
    size = sizes[-1]
    progress(f"(n) bench/draw.py's pool of {size:,}: ours, then theirs (cap {cap:.0f} s)")
    ours = same_pool(size)
    plan = one_pool.Plan(
        sizes=(size,), caps={size: cap}, repeat=1, legacy_draws=0, legacy_seconds=0.0
    )
    theirs = one_pool.theirs("maximin", size, cap, plan)
    return Bench(runs=runs, ours_same=ours, theirs=theirs, cap=cap, cli=cli_start())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.national", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2,000 respondents, a smoke test")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--cap", type=float, default=CAP, help=f"cap for theirs ({CAP:.0f} s)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--tickets", type=int, default=TICKETS, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=drawing.WORKERS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        found = national(args.child, args.tickets, args.workers)
        print(json.dumps(asdict(found)))
        return 0

    def progress(message: str) -> None:
        print(f"  {message} ...", file=sys.stderr, flush=True)

    found_bench = national_bench(args.quick, 10.0 if args.quick else args.cap, progress)
    if args.json:
        print(json.dumps(found_bench.as_dict(), indent=2))
    else:
        print(found_bench.table())
        print(found_bench.verdict())
    return 0


if __name__ == "__main__":
    sys.exit(main())
