"""(j) The second verifier (``verifier/``, JavaScript) against the Python structural verifier,
on the same files, in one run.

1. The full Paris year (``paris_year(app, PARIS, pool_size=2000)``: its panel drawn by lot on
   the log, ~11,000 events), written through the application to a private nats-server,
   checkpointed outside and exported. Verified in the page (``verifier/index.html`` in headless
   Chromium, served by a local static server): the time from the drop of the export and the
   checkpoint file to the verdict on the page. Target <= 2 s.
2. A million messages: cohorts of a Paris year (its panel received from outside, as in
   ``bench.audit``), each under fresh record ids, chains recomputed, written straight to an
   export file with one outside checkpoint signed over it. Verified by ``node
   verifier/cli.mjs`` (streaming: line by line, the tree built as it reads). Target <= 60 s.

Each against ``structural_audit`` (``assembly log verify-export``'s checks, Python) on the same
file; the ratio is the JavaScript verifier's messages per second over Python's. Timings are
printed, never asserted. ``python -m bench.js_verifier [--quick]``.
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.eventstore import MAPPER_TOPIC, unique_spec
from bench.report import Result, table
from commands.application import AssemblyRecord
from core.integrity import GENESIS, record_digest
from core.merkle import MerkleLog
from core.note import Checkpoint, sign_note
from examples.paris_year import DEMO, PARIS, Volume, paris_year
from services.application.audit.checkpointer import Checkpointer, open_stream
from services.application.audit.checkpoints import origin_of, read_outside
from services.application.audit.export import ExportFile, write_export
from services.application.audit.keys import create_key
from services.application.audit.leaf import leaf_hash
from services.application.audit.source import open_source
from services.application.audit.structural import structural_audit
from services.application.audit.trust import Trust
from services.config import Settings

ROOT = Path(__file__).resolve().parent.parent
VERIFIER = ROOT / "verifier"
CHROMIUM = "/usr/bin/chromium"
MILLION, QUICK_MILLION = 1_000_000, 20_000
PAGE_TARGET, NODE_TARGET = 2.0, 60.0
COHORTS_AT_ONCE = 10

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Files:
    """An export, the checkpoint file kept outside, and the vkey an auditor pins."""

    export: Path
    checkpoints: Path
    vkey: str
    messages: int


def year_files(url: str, folder: Path, volume: Volume, pool_size: int | None) -> Files:
    """A year through the application, a checkpoint kept outside, then the export."""
    spec = unique_spec("js_year")
    env = {
        "PERSISTENCE_MODULE": "services.adapters.eventstore",
        "MAPPER_TOPIC": MAPPER_TOPIC,
        "NATS_URL": url,
        "ASSEMBLY_STREAM": spec.name,
        "ASSEMBLY_SUBJECT_PREFIX": spec.prefix,
    }
    app = AssemblyRecord(env=env)
    try:
        paris_year(app, volume, pool_size=pool_size)
    finally:
        app.close()
    folder.mkdir(parents=True, exist_ok=True)
    settings = Settings.from_env({**env, "ASSEMBLY_HOME": str(folder)})
    key = create_key(folder / "log.key")
    conn, js = open_stream(settings, lambda _: None)
    try:
        Checkpointer(js, key, folder / "checkpoints.txt").checkpoint()
    finally:
        conn.close()
    source = open_source(settings, None, lambda _: None)
    try:
        trailer = write_export(folder / "log.jsonl", source)
    finally:
        source.close()
    return Files(
        folder / "log.jsonl",
        folder / "checkpoints.txt",
        key.vkey(origin_of(spec.name)),
        trailer.records,
    )


def _lines(path: Path) -> Iterator[dict[str, object]]:
    with path.open("rb") as f:
        for line in f:
            yield json.loads(line)


def million_files(template: Files, n: int, folder: Path) -> Files:
    """``n`` messages: cohorts of the template's events, ten at a time, interleaved message by
    message, each cohort under fresh record ids (same length, so payloads stay canonical),
    chains and leaves recomputed; then one outside checkpoint signed over all of them."""
    lines = list(_lines(template.export))
    head, body = lines[0], [m for m in lines[1:-1] if ".events." in str(m["subject"])]
    prefix = str(head["prefix"])
    ids = sorted({h[1] for m in body for h in m["headers"] if h[0] == "Assembly-Id"})  # type: ignore[attr-defined]
    events = []
    for m in body:
        headers = dict(m["headers"])  # type: ignore[arg-type]
        events.append(
            (
                headers["Assembly-Id"],
                int(headers["Assembly-Version"]),
                headers["Assembly-Topic"],
                base64.b64decode(str(m["data"])),
                str(m.get("time", "")),
            )
        )
    key = create_key(folder / "million.key")
    tree = MerkleLog()
    out = folder / "million.log.jsonl"
    encode = json.JSONEncoder(separators=(",", ":")).encode
    seq = 0
    with out.open("w") as f:
        f.write(json.dumps({**head, "last_seq": n}, sort_keys=True) + "\n")
        while seq < n:
            fresh = [{old: str(uuid.uuid4()) for old in ids} for _ in range(COHORTS_AT_ONCE)]
            prev = [dict.fromkeys(ids, GENESIS) for _ in fresh]
            for old_id, version, topic, data, stamp in events:
                for c, mapping in enumerate(fresh):
                    if seq == n:
                        break
                    seq += 1
                    new_id = mapping[old_id]
                    payload = data
                    for a, b in mapping.items():
                        payload = payload.replace(a.encode(), b.encode())
                    headers = {
                        "Assembly-Id": new_id,
                        "Assembly-Prev": prev[c][old_id].hex(),
                        "Assembly-Topic": topic,
                        "Assembly-Version": str(version),
                        "Nats-Msg-Id": f"{new_id}:{version}",
                    }
                    prev[c][old_id] = record_digest(
                        new_id, version, topic, prev[c][old_id], payload
                    )
                    subject = f"{prefix}.events.{new_id}"
                    tree.append(leaf_hash(seq, subject, headers, payload))
                    f.write(
                        encode(
                            {
                                "seq": seq,
                                "subject": subject,
                                "headers": sorted(headers.items()),
                                "data": base64.b64encode(payload).decode(),
                                "time": stamp,
                            }
                        )
                        + "\n"
                    )
        root = tree.root()
        f.write(encode({"end": True, "records": n, "tree_size": n, "root": root.hex()}) + "\n")
    origin = f"assembly-record/{head['stream']}"
    note = sign_note(Checkpoint(origin, n, root).body(), key.signer(origin))
    checkpoints = folder / "million.checkpoints.txt"
    checkpoints.write_text(note + "\n")
    return Files(out, checkpoints, key.vkey(origin), n)


def python_structural(files: Files) -> float:
    """Seconds of ``structural_audit`` on the export (what ``log verify-export`` runs)."""
    outside = read_outside(files.checkpoints)
    trust = Trust.pinned((files.vkey,))
    source = ExportFile(files.export)
    try:
        t0 = time.perf_counter()
        report = structural_audit(source, outside=outside, trust=trust)
        seconds = time.perf_counter() - t0
    finally:
        source.close()
    if report.violations:
        raise RuntimeError(f"the bench log did not verify in Python: {report.violations[:3]}")
    return seconds


def node_cli(files: Files) -> float:
    """Seconds of ``node verifier/cli.mjs`` on the export, the process's start included."""
    command = [
        "node",
        str(VERIFIER / "cli.mjs"),
        str(files.export),
        "--checkpoint",
        str(files.checkpoints),
        "--trust",
        files.vkey,
        "--json",
    ]
    t0 = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"the node verifier did not pass the bench log: {done.stdout[:500]}")
    return seconds


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def page(files: Files) -> float:
    """Seconds from dropping the export and the checkpoint file on the page to its verdict."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only this bench needs it

    handler = functools.partial(_Quiet, directory=str(VERIFIER))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM)
            try:
                tab = browser.new_page()
                tab.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
                tab.wait_for_function("window.verifierReady === true")
                tab.fill("#trust", files.vkey)
                t0 = time.perf_counter()
                tab.set_input_files("#files", [str(files.export), str(files.checkpoints)])
                tab.click("#go")
                tab.wait_for_selector("#verdict[data-state='done']", timeout=120_000)
                seconds = time.perf_counter() - t0
                state = tab.get_attribute("#verdict", "data-holds")
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    if state != "true":
        raise RuntimeError("the page did not find the Paris year to hold")
    return seconds


def js_verifier(url: str, quick: bool, progress: Progress) -> list[Result]:
    n = QUICK_MILLION if quick else MILLION
    with tempfile.TemporaryDirectory(prefix="assembly-bench-js-") as tmp:
        folder = Path(tmp)
        progress("(j) the Paris year drawn by lot, through the application, exported")
        year = year_files(url, folder / "year", DEMO if quick else PARIS, 2000)
        progress(f"(j) {year.messages:,} messages: Python structural, then the page")
        py_year = python_structural(year)
        page_year = page(year)
        progress(f"(j) a Paris year as the template of {n:,} messages")
        template = year_files(url, folder / "template", DEMO if quick else PARIS, None)
        big = million_files(template, n, folder)
        progress(f"(j) {n:,} messages: Python structural, then node")
        py_big = python_structural(big)
        node_big = node_cli(big)
    progress(
        f"(j) page: {year.messages:,} in {page_year:.2f} s (target <= {PAGE_TARGET:g} s: "
        f"{'met' if page_year <= PAGE_TARGET else 'missed'}); Python {py_year:.2f} s"
    )
    progress(
        f"(j) node: {n:,} in {node_big:.1f} s (target <= {NODE_TARGET:g} s: "
        f"{'met' if node_big <= NODE_TARGET else 'missed'}); Python {py_big:.1f} s"
    )
    return [
        Result(
            "j1",
            f"page verifies the Paris year ({year.messages:,})",
            year.messages / page_year,
            year.messages / py_year,
            None,
            year.messages,
            {"seconds": page_year, "python_seconds": py_year, "seconds_target": PAGE_TARGET},
        ),
        Result(
            "j2",
            f"node verifies {n:,}",
            n / node_big,
            n / py_big,
            None,
            n,
            {"seconds": node_big, "python_seconds": py_big, "seconds_target": NODE_TARGET},
        ),
    ]


def main() -> None:
    from bench.server import PrivateServer  # noqa: PLC0415

    quick = "--quick" in sys.argv
    if shutil.which("node") is None:
        print("node is not installed: nothing to measure", file=sys.stderr)
        return

    def progress(message: str) -> None:
        print(f"  {message} ...", file=sys.stderr, flush=True)

    with PrivateServer() as server:
        results = js_verifier(server.url, quick, progress)
    print(table(results))
    for r in results:
        ours, python = r.notes["seconds"], r.notes["python_seconds"]
        print(
            f"({r.key}) {ours:.2f} s, Python structural {python:.2f} s:"
            f" JavaScript / Python = {r.ratio:.2f}"
        )


if __name__ == "__main__":
    main()
