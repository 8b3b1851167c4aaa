"""(p) An inclusion proof from the stored hashes of a 1,000,000-leaf log (issue 17, point 6).

The log's hashes are stored as the tree keeps them (``core.merkle.MerkleLog.levels``): one
file per level, level k holding the hash of each perfect subtree of 2**k leaves, 32 bytes
each. A proof (``core.merkle.inclusion_proof_from``) reads O(log n) of them with ``os.pread``
and folds the few partial subtrees at the right edge. The baseline, measured in the same run,
is the floor any implementation pays: the same reads at the same offsets and one SHA-256 over
what they return, with no proof logic. Target: one proof in at most 10 ms (reported in the
notes; the ratio is ours against the floor).

``python -m bench.proofs [--size N]``
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.report import Result, table
from core.merkle import MerkleLog, inclusion_proof_from, leaf_hash, tree_root, verify_inclusion

FULL = 1_000_000
QUICK = 50_000
PROOFS = 2_000


class StoredHashes:
    """The levels on disk, read one hash at a time (a ``core.merkle.HashReader``)."""

    def __init__(self, folder: Path, tree: MerkleLog) -> None:
        self.fds: list[int] = []
        self.reads: list[tuple[int, int]] = []  # (level, n), when recording
        self.recording = False
        for level, hashes in enumerate(tree.levels):
            path = folder / f"level-{level:02d}"
            path.write_bytes(bytes(hashes))
            self.fds.append(os.open(path, os.O_RDONLY))

    def read(self, level: int, n: int) -> bytes:
        if self.recording:
            self.reads.append((level, n))
        return os.pread(self.fds[level], 32, n * 32)

    def close(self) -> None:
        for fd in self.fds:
            os.close(fd)


def _rate(count: int, run: Callable[[], None]) -> float:
    t0 = time.perf_counter()
    run()
    return count / (time.perf_counter() - t0)


def proof_bench(size: int, progress: Callable[[str], None]) -> Result:
    progress(f"(p) a log of {size:,} leaf hashes, its levels stored on disk")
    tree = MerkleLog()
    for i in range(size):
        tree.append(leaf_hash(i.to_bytes(8, "big")))
    indices = [(i * 7_919_993) % size for i in range(PROOFS)]
    with tempfile.TemporaryDirectory() as folder:
        stored = StoredHashes(Path(folder), tree)
        try:
            root = tree_root(stored.read, size)
            stored.recording = True
            for index in indices:  # which hashes each proof reads, for the floor
                inclusion_proof_from(stored.read, index, size)
            stored.recording = False
            wanted = list(stored.reads)

            def ours() -> None:
                for index in indices:
                    inclusion_proof_from(stored.read, index, size)

            def floor() -> None:
                h = hashlib.sha256()
                for level, n in wanted:
                    h.update(os.pread(stored.fds[level], 32, n * 32))
                h.digest()

            floor_rate = _rate(PROOFS, floor)
            ours_rate = _rate(PROOFS, ours)
            ok = all(
                verify_inclusion(
                    tree.read(0, i), i, size, inclusion_proof_from(stored.read, i, size), root
                )
                for i in indices[:100]
            )
        finally:
            stored.close()
    ms = 1000 / ours_rate
    return Result(
        key="p1",
        name=f"inclusion proof from stored hashes, {size:,} leaves",
        ours=ours_rate,
        raw=floor_rate,
        count=PROOFS,
        notes={
            "ms_per_proof": round(ms, 4),
            "target_ms": 10,
            "met_10ms": ms <= 10,
            "hash_reads_per_proof": len(wanted) / PROOFS,
            "verified": ok,
        },
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.proofs", description=__doc__)
    parser.add_argument("--size", type=int, default=FULL)
    args = parser.parse_args(argv)
    result = proof_bench(args.size, lambda m: print(f"  {m} ...", file=sys.stderr, flush=True))
    print(table([result]))
    print(result.notes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
