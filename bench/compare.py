"""``python -m bench.compare BASE [--quick] [--rounds N]``: the bench on an earlier commit and on
this tree, in one run, figure by figure.

Each tree runs ``python -m bench --json`` in its own process, alternately (base, this tree, base,
...), ``--rounds`` times each; the best ratio of each figure is kept. Ratios (ours against the raw
baseline measured in the same process) are compared, not rates: the raw baseline absorbs how
busy the machine is at that moment. A figure is called worse when this tree's best ratio is
below the base's by more than the spread seen between rounds of the same tree, and by at least
``--noise`` (10 % by default). Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent


@dataclass
class Figures:
    """Every round's ratio of every figure of one tree, and the draw's seconds."""

    names: dict[str, str] = field(default_factory=dict)
    ratios: dict[str, list[float]] = field(default_factory=dict)
    draw: dict[str, list[float]] = field(default_factory=dict)

    def add(self, run: dict[str, Any]) -> None:
        for row in run["results"]:
            self.names[row["key"]] = row["name"]
            self.ratios.setdefault(row["key"], []).append(float(row["ratio"]))
        for d in run.get("draw", {}).get("runs", []):
            if d.get("finished") and d.get("seconds"):
                quotas = d.get("quotas", "census ±20 %")
                tight = "" if quotas == "census ±20 %" else f", {quotas}"
                label = f"draw {d['algorithm']} at {d['size']:,}{tight} (s)"
                self.draw.setdefault(label, []).append(min(d["seconds"]))


def _export(ref: str, into: Path, name: str) -> Path:
    """The tree of ``ref``, unpacked (git archive): no worktree left behind."""
    archive = subprocess.run(
        ["git", "-C", str(HERE), "archive", "--format=tar", ref],
        check=True,
        capture_output=True,
    ).stdout
    tar = into / f"{name}.tar"
    tar.write_bytes(archive)
    root = into / name
    with tarfile.open(tar) as t:
        t.extractall(root, filter="data")
    return root


def _cap_old_tree(tree: Path, cap: float) -> None:
    """A tree from before ``--cap-theirs``: its draw bench's caps (seconds for
    sortition-algorithms, which is never the code compared) are lowered in the unpacked copy."""
    draw = tree / "bench" / "draw.py"
    text = draw.read_text()
    capped = re.sub(r"caps=\{[^}]*\}", f"caps={{2_000: {cap}, 10_000: {cap}}}", text, count=1)
    draw.write_text(capped)


def _run(tree: Path, quick: bool, label: str, cap: float) -> dict[str, Any]:
    """One bench of ``tree`` with this interpreter: the tree's own packages come first on the
    path (the editable install's finder is consulted only after the path)."""
    print(f"  bench of {label} ...", file=sys.stderr, flush=True)
    env = {**os.environ, "PYTHONPATH": str(tree)}
    args = [sys.executable, "-m", "bench", "--json", *(["--quick"] if quick else [])]
    if cap:  # an older tree's bench may not know the flag: its caps are then its own
        known = subprocess.run(
            [sys.executable, "-m", "bench", "--help"],
            cwd=tree,
            env=env,
            check=False,
            capture_output=True,
            text=True,
        ).stdout
        if "--cap-theirs" in known:
            args += ["--cap-theirs", str(cap)]
        elif tree != HERE:
            _cap_old_tree(tree, cap)
    done = subprocess.run(args, cwd=tree, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the bench of {label} failed:\n{done.stderr[-2000:]}")
    run: dict[str, Any] = json.loads(done.stdout)
    return run


def _spread(values: list[float]) -> float:
    return (max(values) - min(values)) / max(values) if len(values) > 1 and max(values) else 0.0


def report(base: Figures, head: Figures, noise: float) -> tuple[str, list[str]]:
    lines = [f"{'figure':<58}{'base':>8}{'this':>8}{'change':>9}  verdict"]
    worse: list[str] = []
    for key, name in head.names.items():
        if key not in base.ratios:
            lines.append(
                f"{f'({key}) {name}':<58}{'-':>8}{max(head.ratios[key]):>8.2f}{'':>9}  new"
            )
            continue
        b, h = max(base.ratios[key]), max(head.ratios[key])
        change = (h - b) / b if b else 0.0
        allowed = max(noise, _spread(base.ratios[key]), _spread(head.ratios[key]))
        verdict = "worse" if change < -allowed else "better" if change > allowed else "same"
        if verdict == "worse":
            worse.append(key)
        lines.append(f"{f'({key}) {name}':<58}{b:>8.2f}{h:>8.2f}{change:>+9.1%}  {verdict}")
    for label in head.draw:
        if label in base.draw:
            b, h = min(base.draw[label]), min(head.draw[label])
            change = (b - h) / b if b else 0.0  # seconds: fewer is better
            verdict = "worse" if change < -max(noise, 0.25) else "same"
            if verdict == "worse":
                worse.append(label)
            lines.append(f"{label:<58}{b:>8.2f}{h:>8.2f}{change:>+9.1%}  {verdict}")
    return "\n".join(lines), worse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__)
    parser.add_argument("base", help="the commit to compare with, e.g. a830d81 or main~3")
    parser.add_argument(
        "--head", help="a commit to compare instead of this working tree (a fixed snapshot)"
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each tree (alternating)")
    parser.add_argument(
        "--cap-theirs", type=float, default=60.0, help="cap sortition-algorithms' runs (s)"
    )
    parser.add_argument("--noise", type=float, default=0.10, help="smallest change called worse")
    args = parser.parse_args(argv)
    base, head = Figures(), Figures()
    with tempfile.TemporaryDirectory(prefix="bench-base-") as tmp:
        tree = _export(args.base, Path(tmp), "base")
        mine = _export(args.head, Path(tmp), "head") if args.head else HERE
        label = args.head or "this tree"
        for i in range(args.rounds):
            base.add(_run(tree, args.quick, f"{args.base} (round {i + 1})", args.cap_theirs))
            head.add(_run(mine, args.quick, f"{label} (round {i + 1})", args.cap_theirs))
    text, worse = report(base, head, args.noise)
    print(
        f"ratios against raw, best of {args.rounds} round(s) each; "
        f"base = {args.base}, this = {args.head or 'the working tree'}"
    )
    print(text)
    print(f"worse beyond noise: {', '.join(worse) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
