"""Write every test vector from the project's own Python: the spec's per-definition vectors
(docs/spec/vectors/*.json) and the honest and tampered logs with their verdicts
(tests/vectors/, README.md there).

    .venv/bin/python -m tests.vectors.make_vectors            # write them all
    .venv/bin/python -m tests.vectors.make_vectors --check    # exit 1 if anything differs
    .venv/bin/python -m tests.vectors.make_vectors spec       # only docs/spec/vectors/
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.vectors import exports
from tests.vectors.spec_vectors import (
    LOG_SEED,
    OTHER_SEED,
    WITNESS_SEED,
    all_vectors,
    dumps,
    log_signer,
    witness_signer,
)

FOLDER = Path(__file__).resolve().parents[2] / "docs" / "spec" / "vectors"
HONEST = ("year.jsonl", "year.checkpoints", "drawn.jsonl", "drawn.checkpoints")


def write_spec(folder: Path = FOLDER) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, vectors in all_vectors().items():
        (folder / name).write_text(dumps(vectors), "utf-8")


def keys() -> dict[str, Any]:
    streams = (exports.YEAR[0], exports.DRAWN[0])
    return {
        "log": {s: exports.vkey(s) for s in streams},
        "log_seed_hex": LOG_SEED.hex(),
        "witness": witness_signer().verifier.vkey,
        "witness_seed_hex": WITNESS_SEED.hex(),
        "forger": {
            s: log_signer(OTHER_SEED, f"assembly-record/{s}").verifier.vkey for s in streams
        },
        "forger_seed_hex": OTHER_SEED.hex(),
    }


def resolved(verdict: dict[str, Any]) -> dict[str, Any]:
    """``expect`` with each sequence the audit names (an attack may name only the rule)."""
    out = []
    for e in verdict["expect"]:
        match = [
            v
            for v in verdict["violations"]
            if v["rule"] == e["rule"] and (e["seq"] is None or v["seq"] == e["seq"])
        ]
        if not match:
            raise AssertionError(f"{verdict['vector']}: the audit does not name {e}")
        out.append({"rule": e["rule"], "seq": match[0]["seq"]})
    return {**verdict, "expect": out}


def verdict_path(folder: Path, vector: exports.Vector) -> Path:
    if vector.name in ("year", "drawn"):
        return folder / f"{vector.name}.verdict.json"
    return folder / "cases" / f"{vector.name}.verdict.json"


def write_exports(folder: Path = exports.FOLDER, honest: bool = True) -> list[exports.Vector]:
    """The honest logs (unless ``honest`` is False: the committed ones are kept), every attack
    on them, each vector's verdict and keys.json."""
    from tests.vectors.attacks import Workshop, drawn_cases, year_cases  # noqa: PLC0415

    if honest:
        exports.write_honest(folder)
    with tempfile.TemporaryDirectory() as scratch:
        w = Workshop(folder, Path(scratch))
        vectors = year_cases(w) + drawn_cases(w)
    for vector in vectors:
        verdict_path(folder, vector).write_text(
            exports.dumps(resolved(exports.verdict(vector, folder))), "utf-8"
        )
    (folder / "keys.json").write_text(json.dumps(keys(), indent=1) + "\n", "utf-8")
    return vectors


def _content(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def differences(built: Path, committed: Path) -> list[str]:
    """Files of ``built`` that ``committed`` lacks or holds otherwise (gzip: decompressed)."""
    out = []
    for path in sorted(built.rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(built)
        mine = committed / rel
        if not mine.exists() or _content(mine) != _content(path):
            out.append(str(rel))
    return out


def main(argv: list[str]) -> int:
    check = "--check" in argv
    only_spec = "spec" in argv
    if not check:
        write_spec()
        if not only_spec:
            write_exports()
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        spec, logs = Path(tmp) / "spec", Path(tmp) / "logs"
        write_spec(spec)
        differ = differences(spec, FOLDER)
        if not only_spec:
            logs.mkdir()
            write_exports(logs)
            differ += differences(logs, exports.FOLDER)
    if differ:
        print("vectors differ from what the code gives:", ", ".join(differ))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
