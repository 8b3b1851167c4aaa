"""``python -m bench [--quick] [--json] [--cap-theirs S]``: the figures against raw baselines.

Timings are printed, never asserted: a missed target is reported, not an error.
"""

from __future__ import annotations

import argparse
import dataclasses
import platform
import sys
import time

from bench.audit import audit_log
from bench.cli import cli_bench
from bench.draw import FULL as DRAW_FULL
from bench.draw import QUICK as DRAW_QUICK
from bench.draw import fair_draw
from bench.eventstore import FULL, QUICK, batch_saves, replay, single_saves
from bench.facts import fact_saves
from bench.free_text import free_text_audit
from bench.mappers import mapper_round_trips
from bench.national import CAP as NATIONAL_CAP
from bench.national import national_bench
from bench.projections import catch_up
from bench.proofs import FULL as PROOF_FULL
from bench.proofs import QUICK as PROOF_QUICK
from bench.proofs import proof_bench
from bench.report import Result, as_json, table, verdict
from bench.server import PrivateServer
from bench.tiles import tiles_bench
from bench.witness import witness_cosigning
from bench.year import PARIS, scripted_year
from examples.paris_year import DEMO


def sync_cost(synced: list[Result], lazy: list[Result]) -> list[Result]:
    """What syncing every write before its acknowledgement costs: each save figure on the
    synced server (as deployed) against the same figure on nats-server's lazy default."""
    ours = {r.key: r for r in synced}
    return [
        Result(
            key=f"s-{r.key}",
            name=f"{r.name}: synced vs lazy default",
            ours=ours[r.key].ours,
            raw=r.ours,
            count=r.count,
        )
        for r in lazy
        if r.key in ours
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--cap-theirs",
        type=float,
        metavar="S",
        help="cap every run of sortition-algorithms at S seconds (default: the draw bench's caps)",
    )
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    mapper_n = 2_000 if args.quick else 20_000

    def progress(message: str) -> None:
        print(f"  {message} ...", file=sys.stderr, flush=True)

    started = time.perf_counter()
    results: list[Result] = []
    with PrivateServer() as server:
        progress(f"nats-server {server.version} at {server.url}")
        results += single_saves(server.url, sizes, progress)
        results += fact_saves(server.url, sizes, progress)
        results += batch_saves(server.url, sizes, progress)
        results += replay(server.url, sizes, progress)
        results.append(scripted_year(server.url, DEMO if args.quick else PARIS, progress))
        results += catch_up(server.url, args.quick, progress)
        results += audit_log(server.url, args.quick, progress)
        results += free_text_audit(server.url, args.quick, progress)
    results.append(proof_bench(PROOF_QUICK if args.quick else PROOF_FULL, progress))
    with PrivateServer(sync=None) as lazy:
        progress("(s) the saves again on nats-server's lazy default (no sync before the ack)")
        results += sync_cost(results, single_saves(lazy.url, sizes, progress))
        results += sync_cost(results, batch_saves(lazy.url, sizes, progress))
    progress(f"(d) {mapper_n:,} mapper round trips each")
    results.append(mapper_round_trips(mapper_n))
    results += tiles_bench(args.quick, progress)
    results.append(witness_cosigning(args.quick, progress))
    plan = DRAW_QUICK if args.quick else DRAW_FULL
    if args.cap_theirs:
        caps = {size: min(cap, args.cap_theirs) for size, cap in plan.caps.items()}
        plan = dataclasses.replace(plan, caps=caps)
    draw = fair_draw(plan, progress)
    cap = min(NATIONAL_CAP, args.cap_theirs or NATIONAL_CAP)
    national = national_bench(args.quick, 10.0 if args.quick else cap, progress)
    cli = cli_bench(args.quick, 3 if args.quick else 10, progress)
    elapsed = time.perf_counter() - started

    if args.json:
        meta = {
            "quick": args.quick,
            "nats_server": server.version,
            "python": platform.python_version(),
            "rounds": sizes.rounds,
            "seconds": elapsed,
            "draw": draw.as_dict(),
            "national": national.as_dict(),
            "cli": cli.as_dict(),
        }
        print(as_json(results, meta))
    else:
        print(table(results))
        print(verdict(results))
        print(draw.table())
        print(draw.verdict())
        print(national.table())
        print(national.verdict())
        print(cli.table())
        print(cli.verdict())
        kind = "quick" if args.quick else "full"
        print(
            f"({kind} run: best of {sizes.rounds} alternating runs of ours and raw; "
            f"nats-server {server.version}; {elapsed:.0f} s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
