"""(k) The clerk's CLI on a year-long record: ``python -m bench.cli [--quick] [--runs N] [--json]``.

The scripted Paris year (examples/paris_year.py, full volume; ``--quick``: the demo's) is
recorded through the application on the embedded nats-server, as `make demo` runs it, under a
fresh ASSEMBLY_HOME. The year is paused twice, after one month of record (2025-02-10) and after
twelve (2026-01-10): each time a plenary is scheduled and opened, and every command below runs
as its own cold process, in turn with ``python -c pass`` (the baseline: the interpreter's own
start), ``--runs`` times after a warm-up round (which also brings the read models up to the
log, as the worker would have). Each round records an act (attendance in the plenary), then
shows the roster twice: an act behind (the command brings the read models up to the log
itself), then current (as they are while `assembly projections run` keeps them so). Printed:
each command's median wall and CPU time at both points, its wall over the baseline's, and its
CPU at twelve months over one month's (the cost of a command grows with what is new, not with
the whole record: about 1.0).

Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from commands.application import AssemblyRecord
from commands.messages import AssemblyCommand, OpenSession, ScheduleSession
from core.assembly.sittings.model import SessionKind
from examples.paris_year import DEMO, PARIS, Volume, Year
from services.adapters.embedded import EmbeddedServer
from services.bootstrap import build_application
from services.config import Settings

MILESTONES = {
    "1 month": datetime(2025, 2, 10, tzinfo=UTC),
    "12 months": datetime(2026, 1, 10, tzinfo=UTC),
}
TARGETS_MS: dict[str, float | None] = {
    "--help": 150.0,
    "show roster, an act behind": None,  # information: the read models catch up one act
}  # every other command: 300 ms
DEFAULT_TARGET_MS = 300.0
BASELINE = "python -c pass"


@dataclass
class Timing:
    wall: list[float] = field(default_factory=list)  # seconds
    cpu: list[float] = field(default_factory=list)  # user + system, seconds

    @property
    def wall_ms(self) -> float:
        return 1000 * statistics.median(self.wall)

    @property
    def cpu_ms(self) -> float:
        return 1000 * statistics.median(self.cpu)


@dataclass
class Point:
    """One pause of the year: how much was recorded, and each command's timings."""

    name: str
    events: int
    timings: dict[str, Timing] = field(default_factory=dict)


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _assembly() -> list[str]:
    script = Path(sys.executable).parent / "assembly"
    return (
        [str(script)]
        if script.exists()
        else [sys.executable, "-m", "services.entrypoints.cli.main"]
    )


def measure(commands: dict[str, list[str]], env: dict[str, str], runs: int) -> dict[str, Timing]:
    """Every command and the baseline in turn, a warm-up round first (not counted)."""
    every = {BASELINE: [sys.executable, "-c", "pass"], **commands}
    timings = {name: Timing() for name in every}
    for round_ in range(runs + 1):
        for name, argv in every.items():
            wall, cpu = _timed(argv, env)
            if round_:
                timings[name].wall.append(wall)
                timings[name].cpu.append(cpu)
    return timings


class PausedYear(Year):
    """The scripted year, paused at each milestone before the first act dated after it."""

    def __init__(
        self,
        app: AssemblyRecord,
        volume: Volume,
        at_milestone: Callable[[str, PausedYear], None],
    ) -> None:
        super().__init__(app, volume, lambda _: None, pool_size=2000)
        self.at_milestone = at_milestone
        self.pending = dict(MILESTONES)

    def _do(self, command_type: Callable[..., Any], **fields: Any) -> int:
        for name, when in list(self.pending.items()):
            if self.day >= when:
                del self.pending[name]
                self.at_milestone(name, self)
        return super()._do(command_type, **fields)


def _plenary(app: AssemblyRecord, assembly_id: UUID, at: datetime) -> UUID:
    """A plenary scheduled and opened at ``at``, for the write act to record attendance in."""
    session = uuid4()
    common: dict[str, Any] = {"assembly_id": assembly_id, "at": at, "by": "clerk:greffe"}
    schedule: AssemblyCommand = ScheduleSession(
        **common,
        kind=SessionKind.PLENARY,
        group=None,
        title="Benchmark plenary",
        starts_at=at,
        agenda=("Benchmark",),
        session_id=session,
    )
    app.execute(schedule)
    app.execute(OpenSession(**common, session_id=session))
    return session


def cli_bench(quick: bool, runs: int, progress: Callable[[str], None]) -> CliBench:
    home = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NATS_", "ASSEMBLY_"))}
    env.pop("DATABASE_URL", None)
    # As installed, Python keeps each module's bytecode (pip compiles it; an editable install
    # writes it on first use, here in the warm-up round): without it every command would
    # compile its modules' source again, which no clerk's machine does.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update({"ASSEMBLY_HOME": str(home), "ASSEMBLY_ACTOR": "clerk:greffe", "COLUMNS": "100"})
    settings = Settings.from_env(env)
    app = build_application(settings, progress)
    points: list[Point] = []
    assembly = _assembly()

    def at_milestone(name: str, year: PausedYear) -> None:
        at = MILESTONES[name]
        session = _plenary(app, year.id, at)
        member = app.assembly(year.id).seated()[0].pseudonym
        events = app.recorder.max_notification_id() or 0
        progress(f"(k) {name} of record ({events:,} events): {runs} runs of each command")
        env["ASSEMBLY_ID"] = str(year.id)
        attend = ["session", "attend", str(session), f"{member}=present"]
        when = (at + timedelta(hours=1)).isoformat()
        commands = {  # in this order, each round: the act, then its read models behind by it
            "--help": [*assembly, "--help"],
            "status": [*assembly, "status"],
            "member list": [*assembly, "member", "list"],
            "session attend (an act)": [*assembly, *attend, "--at", when],
            "show roster, an act behind": [*assembly, "show", "roster"],
            "show roster": [*assembly, "show", "roster"],
        }
        points.append(Point(name, events, measure(commands, env, runs)))

    try:
        progress(f"(k) the scripted Paris year under {home}")
        PausedYear(app, DEMO if quick else PARIS, at_milestone).run()
    finally:
        app.close()
        EmbeddedServer.of(settings).stop()
        shutil.rmtree(home, ignore_errors=True)
    return CliBench(points, runs)


@dataclass
class CliBench:
    points: list[Point]
    runs: int

    def table(self) -> str:
        first, last = self.points[0], self.points[-1]
        lines = [
            f"(k) the CLI, cold processes, median of {self.runs}: wall ms at {first.name} and "
            f"{last.name} of record, CPU ms (user + system) at both, {last.name}' wall over "
            f"{BASELINE}'s, and {last.name}' CPU over {first.name}'",
            f"  {'command':<30}{'wall':>8}{'wall':>8}{'cpu':>7}{'cpu':>7}{'x pass':>8}"
            f"{'cpu 12/1':>10}  target (wall)",
        ]
        for name in first.timings:
            a, b = first.timings[name], last.timings[name]
            base = last.timings[BASELINE]
            limit = TARGETS_MS.get(name, DEFAULT_TARGET_MS)
            target = "-" if name == BASELINE or limit is None else f"<= {limit:g} ms"
            lines.append(
                f"  {name:<30}{a.wall_ms:>8.0f}{b.wall_ms:>8.0f}{a.cpu_ms:>7.0f}{b.cpu_ms:>7.0f}"
                f"{b.wall_ms / base.wall_ms:>8.2f}{b.cpu_ms / a.cpu_ms:>10.2f}  {target}"
            )
        lines.append(
            f"  (record: {first.events:,} events at {first.name}, {last.events:,} at {last.name})"
        )
        return "\n".join(lines)

    def verdict(self) -> str:
        last = self.points[-1]
        met, missed = [], []
        for name, t in last.timings.items():
            target = TARGETS_MS.get(name, DEFAULT_TARGET_MS)
            if name == BASELINE or target is None:
                continue
            (met if t.wall_ms <= target else missed).append(f"{name} {t.wall_ms:.0f} ms")
        return f"(k) within target: {', '.join(met) or 'none'}; over: {', '.join(missed) or 'none'}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "runs": self.runs,
            "points": [
                {
                    "name": p.name,
                    "events": p.events,
                    "median_ms": {n: t.wall_ms for n, t in p.timings.items()},
                    "median_cpu_ms": {n: t.cpu_ms for n, t in p.timings.items()},
                }
                for p in self.points
            ],
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cli", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the demo's year, not Paris's")
    parser.add_argument("--runs", type=int, default=10, help="counted runs of each command")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    bench = cli_bench(args.quick, args.runs, lambda m: print(f"  {m} ...", file=sys.stderr))
    if args.json:
        print(json.dumps(bench.as_dict(), indent=2))
    else:
        print(bench.table())
        print(bench.verdict())
        print(f"(load average {os.getloadavg()[0]:.2f}: the machine may be shared)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
