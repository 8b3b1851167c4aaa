"""(w) A witness cosigning over HTTP on loopback, a concurrent client, next to the same HTTP
stack answering a no-op POST in the same run.

Ours: ``assembly witness serve`` (Litestar + uvicorn, SQLite WAL with synchronous=FULL, each
round of concurrent requests committed once), configured with LOGS logs; CLIENTS threads,
each on a keep-alive connection, each driving its own log: checkpoint after checkpoint, each
one leaf more, with its consistency proof (built and signed by the log's key before the
clock starts). Every answer must be a 200 whose cosignature verifies. Raw: the same server
stack (uvicorn, Litestar, one POST route, same process model) that reads the body and answers
a constant line, with the same client. Target: >= 500 cosignatures/s.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import uvicorn
from litestar import Litestar, Request, Response, post
from litestar.datastructures import State

from bench.report import Result, table
from core import merkle
from core.merkle import MerkleLog
from core.note import ED25519, Checkpoint, Signer, Verifier, open_note, sign_note
from core.witness import request_body
from services.entrypoints.witness_http import listening_socket

CLIENTS = 8
LOGS = CLIENTS
PER_CLIENT, QUICK_PER_CLIENT = 500, 60
TARGET_PER_S = 500.0
Progress = Callable[[str], None]


def _bodies(origin: str, seed: bytes, n: int) -> list[bytes]:
    signer = Signer.from_seed(origin, seed, ED25519)
    tree = MerkleLog()
    out = []
    for size in range(1, n + 1):
        tree.append(merkle.leaf_hash(b"%d" % size))
        note = sign_note(Checkpoint(origin, size, tree.root()).body(), signer)
        old = size - 1
        out.append(request_body(old, tree.consistency_proof(old, size), note))
    return out


def _start(args: list[str]) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert proc.stderr is not None
    line = proc.stderr.readline()
    found = re.search(r"listening on http://([0-9.]+:[0-9]+)", line)
    if found is None:
        proc.kill()
        raise RuntimeError(f"the server did not start: {line}")
    return proc, found.group(1)


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.stderr is not None:
        proc.stderr.close()


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


Check = Callable[[int, bytes, str], None]


def _drive(address: str, work: list[list[bytes]], check: Check) -> float:
    """Each thread posts its bodies in order on one keep-alive connection; requests per s."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(work) + 1)

    def client(i: int, bodies: list[bytes]) -> None:
        conn = http.client.HTTPConnection(address, timeout=30)
        try:
            conn.connect()  # http.client sends headers and body apart: no Nagle delay
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            barrier.wait()
            for body in bodies:
                conn.request("POST", "/add-checkpoint", body)
                r = conn.getresponse()
                text = r.read().decode()
                if r.status != 200:
                    raise RuntimeError(f"{r.status}: {text}")
                check(i, body, text)
        except BaseException as e:  # reported after the run
            errors.append(e)
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(i, b)) for i, b in enumerate(work)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    if errors:
        raise RuntimeError(f"{len(errors)} client(s) failed: {errors[0]}")
    return sum(map(len, work)) / seconds


def witness_cosigning(quick: bool, progress: Progress) -> Result:
    n = QUICK_PER_CLIENT if quick else PER_CLIENT
    origins = [f"bench.assembly/log{i}" for i in range(LOGS)]
    seeds = [bytes([i + 1]) * 32 for i in range(LOGS)]
    progress(f"(w) signing {n * LOGS:,} checkpoints of {LOGS} logs with their proofs")
    work = [_bodies(o, s, n) for o, s in zip(origins, seeds, strict=True)]
    logs = [Signer.from_seed(o, s, ED25519) for o, s in zip(origins, seeds, strict=True)]
    vkeys = [signer.verifier.vkey for signer in logs]
    with tempfile.TemporaryDirectory() as home:
        cli = [sys.executable, "-m", "services.entrypoints.cli.main"]
        env_home = ["env", f"ASSEMBLY_HOME={home}"]
        subprocess.run(
            [*env_home, *cli, "witness", "init", "--name", "bench.witness/w1"],
            check=True,
            capture_output=True,
        )
        witness = Verifier.from_vkey((Path(home) / "witness.vkey").read_text())
        cosigned = [0]

        def check(_i: int, body: bytes, text: str) -> None:
            note = body.decode().partition("\n\n")[2]
            open_note(note + text, [witness])  # raises unless the cosignature verifies
            cosigned[0] += 1

        args = [*env_home, *cli, "witness", "serve", "--listen", "127.0.0.1:0"]
        for v in vkeys:
            args += ["--log", v]
        proc, address = _start(args)
        try:
            progress(f"(w) {CLIENTS} clients cosigning over HTTP at {address}")
            cpu0 = _cpu(proc.pid)
            ours = _drive(address, work, check)
            server_ms = (_cpu(proc.pid) - cpu0) / (n * LOGS) * 1000
        finally:
            _stop(proc)
    if cosigned[0] != n * LOGS:
        raise RuntimeError(f"{cosigned[0]} cosignatures checked, not {n * LOGS}")
    proc, address = _start([sys.executable, "-m", "bench.witness", "--echo"])
    try:
        progress("(w) the same HTTP stack answering a no-op POST")
        cpu0 = _cpu(proc.pid)
        raw = _drive(address, work, lambda *_: None)
        raw_ms = (_cpu(proc.pid) - cpu0) / (n * LOGS) * 1000
    finally:
        _stop(proc)
    progress(
        f"(w) {ours:,.0f} cosignatures/s (no-op {raw:,.0f}/s); target >= {TARGET_PER_S:g}/s: "
        f"{'met' if ours >= TARGET_PER_S else 'missed'}; the witness used {server_ms:.2f} ms "
        f"of CPU per cosignature (no-op {raw_ms:.2f} ms)"
    )
    return Result(
        "w1",
        f"witness cosigns over HTTP, {CLIENTS} clients",
        ours,
        raw,
        None,
        n * LOGS,
        {
            "per_s_target": TARGET_PER_S,
            "per_s_met": ours >= TARGET_PER_S,
            "clients": CLIENTS,
            "server_cpu_ms": server_ms,
            "noop_cpu_ms": raw_ms,
        },
    )


@post("/add-checkpoint", status_code=200)
async def noop(request: Request[object, object, State]) -> Response[str]:
    await request.body()
    return Response("ok\n", media_type="text/plain")


def _echo() -> None:
    """The baseline server: uvicorn and Litestar as the witness runs them, one no-op route."""
    sock = listening_socket("127.0.0.1", 0)
    where = f"http://127.0.0.1:{sock.getsockname()[1]}"
    print(f"echo listening on {where}", file=sys.stderr, flush=True)
    config = uvicorn.Config(Litestar([noop], openapi_config=None), log_level="warning")
    uvicorn.Server(config).run(sockets=[sock])


def main() -> None:
    if "--echo" in sys.argv:
        _echo()
        return

    def progress(message: str) -> None:
        print(f"  {message} ...", file=sys.stderr, flush=True)

    print(table([witness_cosigning("--quick" in sys.argv, progress)]))


if __name__ == "__main__":
    main()
