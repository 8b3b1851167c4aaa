"""(t) The log as C2SP tiles: publishing a 1,000,000-message log, publishing again after 1,000
more, and inclusion proofs read from the tiles, each next to a baseline of the same run.

The log is synthetic (say so): a million messages shaped as the log's (subject, the four
Assembly headers, a ~300-byte canonical JSON payload), made on the fly, never stored in NATS:
publishing reads the log through the same ``read_from`` a live stream gives, so what is timed
is the tiles' work (leaf bytes, tree, bundles, files), not NATS (``bench/audit.py`` times
reading a million from the stream: ~17 s).

- (t1) ``publish`` of the million into an empty directory, against the tree alone over the
  same messages (what ``assembly checkpoint`` computes): target <= 30 s;
- (t2) ``publish`` again after 1,000 more messages: what it reads and writes is only the new
  part, so its rate per new message is that of (t1): ratio against (t1)'s rate;
- (t3) an inclusion proof of a random message from the tiles in the directory (a fresh reader
  each time: tiles read from disk, nothing cached), against the same proof from the tree in
  memory: target <= 10 ms a proof;
- (t4) the same over HTTP from a real web server on loopback (the standard library's), as a
  client of a static mirror reads it.
"""

from __future__ import annotations

import functools
import http.server
import random
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.report import Result, table
from core import merkle
from core.merkle import MerkleLog
from core.note import ED25519, Checkpoint, Signer, sign_note
from core.tiles import TileReader
from services.adapters.eventstore.client import RawMessage
from services.adapters.eventstore.stream import StreamSpec
from services.application.audit.leaf import leaf_hash
from services.application.tiles.files import fetcher
from services.application.tiles.publish import publish

FULL, QUICK = 1_000_000, 50_000
MORE = 1_000
PROOFS = 300
SPEC = StreamSpec(name="BENCH", prefix="assembly")
ORIGIN = "assembly-record/BENCH"
Progress = Callable[[str], None]


class Quiet(http.server.SimpleHTTPRequestHandler):
    """The standard library's static file server, without a line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


def _messages(start: int, stop: int) -> Iterator[RawMessage]:
    """Messages ``start``..``stop`` (inclusive) of the synthetic log, the same every time."""
    for seq in range(start, stop + 1):
        agg = f"{seq % 1000:08d}-0000-4000-8000-000000000000"
        data = (
            b'{"at":"2026-03-01T10:00:00Z","by":"clerk:greffe","member":"ele-%06d",'
            b'"originator_id":"%s","originator_version":%d,"reason":"%s"}'
            % (seq % 100_000, agg.encode(), seq // 1000 + 1, b"x" * 150)
        )
        headers = {
            "Assembly-Id": agg,
            "Assembly-Version": str(seq // 1000 + 1),
            "Assembly-Topic": "assembly.member_withdrew.v1",
            "Assembly-Prev": "ab" * 32,
        }
        yield RawMessage(f"assembly.events.{agg}", seq, headers, data)


def _tree(n: int) -> tuple[MerkleLog, float]:
    tree = MerkleLog()
    t0 = time.perf_counter()
    for m in _messages(1, n):
        tree.append(leaf_hash(m.seq, m.subject, m.headers, m.data))
    return tree, time.perf_counter() - t0


def _note(tree: MerkleLog, size: int) -> str:
    signer = Signer.from_seed(ORIGIN, b"\x09" * 32, ED25519)
    return sign_note(Checkpoint(ORIGIN, size, tree.root(size)).body(), signer)


def _proofs(size: int, fetch_of: Callable[[], Callable[[str], bytes]], root: bytes) -> float:
    """Proofs per second, each from a fresh reader (nothing cached), each verified."""
    rng = random.Random(7)
    picks = [rng.randrange(size) for _ in range(PROOFS)]
    t0 = time.perf_counter()
    for i in picks:
        reader = TileReader(size, fetch_of())
        proof = reader.inclusion_proof(i)
        if not merkle.verify_inclusion(reader.leaf_hash(i), i, size, proof, root):
            raise RuntimeError(f"the proof of leaf {i} from the tiles does not verify")
    return PROOFS / (time.perf_counter() - t0)


def tiles_bench(quick: bool, progress: Progress) -> list[Result]:
    n = QUICK if quick else FULL
    progress(f"(t) the tree over {n + MORE:,} synthetic messages (the baseline, and the roots)")
    tree, _ = _tree(n + MORE)
    _, tree_seconds = _tree(n)  # timed alone: the same work as the checkpoint's tree
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        progress(f"(t1) publishing {n:,} messages as tiles")
        t0 = time.perf_counter()
        first = publish(root, _note(tree, n), lambda s: _messages(s, n), SPEC, None)
        seconds = time.perf_counter() - t0
        progress(
            f"(t1) {seconds:.1f} s ({first.files:,} files); the tree alone {tree_seconds:.1f} s"
        )
        asked: list[int] = []

        def read_more(s: int) -> Iterator[RawMessage]:
            asked.append(s)
            return _messages(s, n + MORE)

        t0 = time.perf_counter()
        later = publish(root, _note(tree, n + MORE), read_more, SPEC, None)
        more_seconds = time.perf_counter() - t0
        if asked != [n + 1] or later.previous != n:
            raise RuntimeError(f"the second publish read from {asked}, not only what is new")
        progress(
            f"(t2) {MORE:,} more published in {more_seconds * 1000:.0f} ms ({later.files} files)"
        )
        size, top = n + MORE, tree.root()
        rng = random.Random(7)
        t0 = time.perf_counter()
        for _ in range(PROOFS * 10):
            i = rng.randrange(size)
            merkle.verify_inclusion(
                tree.levels[0][i * 32 : i * 32 + 32], i, size, tree.inclusion_proof(i), top
            )
        memory = PROOFS * 10 / (time.perf_counter() - t0)
        local = _proofs(size, lambda: fetcher(str(root)), top)
        handler = functools.partial(Quiet, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/"
            remote = _proofs(size, lambda: fetcher(url), top)
        finally:
            server.shutdown()
            server.server_close()
    progress(
        f"(t3) a proof from the tiles in {1000 / local:.2f} ms (disk), {1000 / remote:.2f} ms "
        f"(HTTP), {1000 / memory:.3f} ms in memory; target <= 10 ms"
    )
    return [
        Result(
            "t1",
            f"publish {n:,} as tiles vs the tree alone",
            n / seconds,
            n / tree_seconds,
            None,
            n,
            {
                "seconds": seconds,
                "seconds_target": 30.0,
                "seconds_met": seconds <= 30.0,
                "files": first.files,
                "synthetic": True,
            },
        ),
        Result(
            "t2",
            f"publish {MORE:,} more vs (t1) per message",
            MORE / more_seconds,
            n / seconds,
            None,
            MORE,
            {"seconds": more_seconds, "files": later.files, "read_from": asked[0]},
        ),
        Result(
            "t3",
            f"inclusion proof from tiles (disk), {size:,}",
            local,
            memory,
            None,
            PROOFS,
            {"ms": 1000 / local, "ms_target": 10.0, "ms_met": 1000 / local <= 10.0},
        ),
        Result(
            "t4",
            f"inclusion proof from tiles (HTTP), {size:,}",
            remote,
            memory,
            None,
            PROOFS,
            {"ms": 1000 / remote, "ms_target": 10.0, "ms_met": 1000 / remote <= 10.0},
        ),
    ]


def main() -> None:
    def progress(message: str) -> None:
        print(f"  {message} ...", file=sys.stderr, flush=True)

    print(table(tiles_bench("--quick" in sys.argv, progress)))


if __name__ == "__main__":
    main()
