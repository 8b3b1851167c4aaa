"""Honest and tampered exports, and the Python auditor's verdict on each (tests/vectors/).

The honest logs are written by the application to a real nats-server of their own, as
tests/audit/conftest.py writes them: a scripted year checkpointed outside then a second cohort
(``year``), and a year drawn by lot, checkpointed and cosigned by a witness (``drawn``). Made
deterministic: fixed keys (``spec_vectors``), the random bytes of the writing thread (record
ids, batch ids) from a fixed seed, and the times the server stored each message (``time``,
covered by no checkpoint) and the export's ``exported_at`` set to fixed values.

Each attack is one that tests/audit/ plays, done the same way (tests/audit/tamper.py and
drawn.py): a vector is a log file, the checkpoint files kept outside, what the auditor pins,
and the verdict of ``full_audit`` (README.md beside this file says the layout)."""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import itertools
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from core.note import Signer, parse_note
from core.witness import Latest, Refused, judge, parse_request, request_body
from services.application.audit.checkpoints import origin_of, parse_outside
from services.application.audit.export import ExportFile
from services.application.audit.keys import LogKey
from services.application.audit.memory import AuditorMemory
from services.application.audit.trust import Trust
from services.application.audit.verify import full_audit
from tests.vectors import ballots
from tests.vectors.spec_vectors import LOG_SEED, WITNESS_SEED, log_signer, witness_signer

FOLDER = Path(__file__).resolve().parent
STORED_FROM = datetime(2026, 12, 1, tzinfo=UTC)  # message n stored at STORED_FROM + n ms
EXPORTED_AT = "2026-12-01T06:00:00.000000Z"
WITNESS_TIME = 1_796_083_200  # 2026-12-01T00:00:00Z, when the witness cosigned
RANDOM_SEED = b"assembly-record test vectors"
MAPPER = "services.adapters.eventstore.mapper:MsgspecMapper"

YEAR = ("ASSEMBLY", "assembly")  # stream, subject prefix
DRAWN = ("DRAWN", "drawn")

STRUCTURAL = frozenset(
    {
        "stream-config",
        "sequence-gap",
        "sequence-order",
        "unknown-subject",
        "record-headers",
        "subject",
        "canonical-bytes",
        "header-payload",
        "version-sequence",
        "hash-chain",
        "record-digest",
        "future-dated",
        "tracking-position",
        "checkpoint-payload",
        "checkpoint-origin",
        "checkpoint-signature",
        "checkpoint-key",
        "checkpoint-size",
        "checkpoint-root",
        "outside-checkpoint-origin",
        "outside-checkpoint-signature",
        "outside-checkpoint-key",
        "outside-checkpoint-root",
        "log-shorter-than-checkpoint",
        "remembered-checkpoint-root",
        "log-shorter-than-remembered",
        "log-changed-since-seen",
        "log-shorter-than-seen",
        "equivocation",
        "no-checkpoint",
        "witness-quorum",
        "export-trailer",
    }
)


SCOPES = ("structural", "draw", "ballot", "domain")


def readable(path: Path, tmp: Path) -> Path:
    """The export itself, or (``.gz``) its decompressed copy in ``tmp``."""
    if path.suffix != ".gz":
        return path
    plain = tmp / path.name.removesuffix(".gz")
    plain.write_bytes(gzip.decompress(path.read_bytes()))
    return plain


def scope(rule: str, ballot: bool = False) -> str:
    """Which verifier is expected to tell it: every verifier (structural, draw, and ballot: a
    closing's tally or outcome against its recorded votes, as the spec's check tells it), or
    the Python audit alone (domain: the re-decision of every other rule)."""
    if rule in STRUCTURAL:
        return "structural"
    if rule.startswith("draw:"):
        return "draw"
    if ballot:
        return "ballot"
    return "domain"


def vkey(stream: str, seed: bytes = LOG_SEED) -> str:
    return log_signer(seed, origin_of(stream)).verifier.vkey


# -- writing the honest logs ------------------------------------------------------------------


@contextlib.contextmanager
def fixed_randomness(seed: bytes = RANDOM_SEED) -> Iterator[None]:
    """``os.urandom`` of this thread from a fixed seed (uuid4 reads it: record ids, batch ids);
    other threads (the NATS client's) keep the real one, so their timing changes nothing."""
    real = os.urandom
    me = threading.get_ident()
    counter = itertools.count()

    def urandom(n: int) -> bytes:
        if threading.get_ident() != me:
            return real(n)
        out = b""
        while len(out) < n:
            out += hashlib.sha256(seed + next(counter).to_bytes(8, "big")).digest()
        return out[:n]

    os.urandom = urandom
    try:
        yield
    finally:
        os.urandom = real


@contextlib.contextmanager
def nats_server() -> Iterator[str]:
    """A nats-server of our own (fresh store, free port), stopped at the end."""
    from services.adapters.embedded import free_port, launch  # noqa: PLC0415

    store = Path(tempfile.mkdtemp(prefix="assembly-vectors-nats-"))
    port = free_port()
    proc = launch(store, port, sync=None)
    try:
        yield f"nats://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(store, ignore_errors=True)


class FixedClockWitness:
    """A witness that judges by the project's own rules (core.witness.judge) and cosigns at a
    fixed time: what the checkpointer asks a WitnessClient for."""

    def __init__(self, stream: str) -> None:
        self.signer = witness_signer()
        self.config = SimpleNamespace(verifier=self.signer.verifier)
        self.logs = {origin_of(stream): [log_signer(LOG_SEED, origin_of(stream)).verifier]}
        self.latest: Latest | None = None

    def cosign(self, note: str, size: int, proof: Callable[[int], list[bytes]]) -> list[Any]:
        old = self.latest.size if self.latest else 0
        request = parse_request(request_body(old, proof(old) if old else [], note))
        verdict = judge(request, self.logs, self.latest)
        if isinstance(verdict, Refused):
            raise RuntimeError(f"the witness refused: {verdict.reason}")
        self.latest = Latest(verdict.checkpoint.size, verdict.checkpoint.root_hash, note)
        text = parse_note(note).text
        line = self.signer.signature_line(text.encode(), WITNESS_TIME)
        return list(parse_note(text + "\n" + line).signatures)


def _env(url: str, stream: tuple[str, str], home: Path) -> dict[str, str]:
    return {
        "NATS_URL": url,
        "ASSEMBLY_STREAM": stream[0],
        "ASSEMBLY_SUBJECT_PREFIX": stream[1],
        "ASSEMBLY_HOME": str(home),
    }


def _write(env: dict[str, str], *, first_acts: bool = False, **year: Any) -> None:
    """A scripted year; ``first_acts``: only a cohort's convening, panel and answers."""
    from commands.application import AssemblyRecord  # noqa: PLC0415
    from examples.paris_year import DEMO, Year, paris_year  # noqa: PLC0415

    app = AssemblyRecord(
        env={"PERSISTENCE_MODULE": "services.adapters.eventstore", "MAPPER_TOPIC": MAPPER, **env}
    )
    try:
        if first_acts:
            cohort = Year(app, DEMO, lambda _: None)
            cohort.convene_and_draw()
            cohort.answer_invitations()
        else:
            paris_year(app, DEMO, **year)
    finally:
        app.close()


def _checkpoint(env: dict[str, str], out: Path, witnesses: list[Any] | None = None) -> int:
    from services.application.audit.checkpointer import Checkpointer, open_stream  # noqa: PLC0415
    from services.config import Settings  # noqa: PLC0415

    key = LogKey(Ed25519PrivateKey.from_private_bytes(LOG_SEED), Path(env["ASSEMBLY_HOME"]))
    conn, js = open_stream(Settings.from_env(env), lambda _: None)
    try:
        done = Checkpointer(js, key, out, witnesses or []).checkpoint()  # type: ignore[arg-type]
    finally:
        conn.close()
    if done is None:
        raise RuntimeError("nothing to checkpoint")
    return done.checkpoint.tree_size


def _export(env: dict[str, str], path: Path) -> None:
    from services.application.audit.export import write_export  # noqa: PLC0415
    from services.application.audit.source import open_source  # noqa: PLC0415
    from services.config import Settings  # noqa: PLC0415

    source = open_source(Settings.from_env(env), None, lambda _: None)
    try:
        write_export(path, source)
    finally:
        source.close()
    normalise(path)


def stored_at(seq: int) -> str:
    moment = STORED_FROM + timedelta(milliseconds=seq)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def normalise(path: Path) -> None:
    """The export with the times no checkpoint covers set to fixed values."""
    lines = path.read_bytes().split(b"\n")
    head = json.loads(lines[0])
    head["exported_at"] = EXPORTED_AT
    out = [json.dumps(head, sort_keys=True).encode()]
    for line in lines[1:]:
        if line.startswith(b'{"seq"'):
            record = json.loads(line)
            record["time"] = stored_at(record["seq"])
            out.append(json.dumps(record, separators=(",", ":")).encode())
        else:
            out.append(line)
    path.write_bytes(b"\n".join(out))


def write_honest(folder: Path) -> None:
    """year.jsonl + year.checkpoints, drawn.jsonl + drawn.checkpoints."""
    for name in ("year.checkpoints", "drawn.checkpoints"):
        (folder / name).unlink(missing_ok=True)  # the checkpointer appends
    with tempfile.TemporaryDirectory() as tmp, nats_server() as url, fixed_randomness():
        home = Path(tmp)
        env = _env(url, YEAR, home)
        _write(env)
        _checkpoint(env, folder / "year.checkpoints")
        _write(env, first_acts=True)  # a second cohort's first acts, after the checkpoint
        _export(env, folder / "year.jsonl")
        env = _env(url, DRAWN, home)
        _write(env, pool_size=600, algorithm="maximin")
        _checkpoint(env, folder / "drawn.checkpoints", [FixedClockWitness(DRAWN[0])])
        _export(env, folder / "drawn.jsonl")


# -- vectors and verdicts ---------------------------------------------------------------------


@dataclass
class Vector:
    """One log and what the auditor brings: pinned keys, outside files, witnesses, memory."""

    name: str
    base: str  # "year" or "drawn"
    attack: str  # what was done, in words ("" for an honest log)
    log: str  # file name in the folder
    outside: list[str] = field(default_factory=list)
    trust: list[str] = field(default_factory=list)
    witnesses: list[str] = field(default_factory=list)
    quorum: int = 0
    remembered: dict[str, Any] | None = None  # {"checkpoint": text, "seen": {size, root, at}}
    expect: list[dict[str, Any]] = field(default_factory=list)  # what tests/audit asserts

    def files(self) -> list[str]:
        return [self.log, *self.outside]


def _relative(where: str, folders: list[str]) -> str:
    for f in folders:
        where = where.replace(f + os.sep, "")
    return where


def verdict(vector: Vector, folder: Path) -> dict[str, Any]:
    """The Python auditor's verdict on a vector, as its .verdict.json holds it."""
    outside = []
    for name in vector.outside:
        outside += parse_outside((folder / name).read_text("utf-8"), name)
    trust = Trust.pinned(vector.trust, witnesses=vector.witnesses, quorum=vector.quorum or None)
    with tempfile.TemporaryDirectory() as state:
        memory = None
        if vector.remembered is not None:
            memory = AuditorMemory(Path(state))
            d = Path(state) / origin_of(_stream(vector)).replace("/", "_")
            d.mkdir()
            if vector.remembered.get("checkpoint"):
                (d / "checkpoint").write_text(vector.remembered["checkpoint"], "utf-8")
            if vector.remembered.get("seen"):
                (d / "seen.json").write_text(json.dumps(vector.remembered["seen"]), "utf-8")
        plain = readable(folder / vector.log, Path(state))
        source = ExportFile(plain)
        try:
            report = full_audit(source, outside=outside, trust=trust, memory=memory)
        finally:
            source.close()
        told = ballots.findings(plain, _prefix(vector))
        unknown = told - {(v.seq, v.rule) for v in report.violations}
        if unknown:
            raise AssertionError(f"{vector.name}: the spec's ballot check tells {unknown}")
        violations = [
            {
                "seq": v.seq,
                "rule": v.rule,
                "aggregate": _relative(v.aggregate, [state, str(folder)]),
                "scope": scope(v.rule, (v.seq, v.rule) in told),
            }
            for v in report.violations
        ]
    uncovered = report.uncovered
    return {
        "vector": vector.name,
        "base": vector.base,
        "attack": vector.attack,
        "log": vector.log,
        "outside": vector.outside,
        "trust": vector.trust,
        "witnesses": vector.witnesses,
        "quorum": vector.quorum,
        "remembered": vector.remembered,
        "verdict": "holds" if not violations else "fails",
        "scopes": {
            name: "fails" if any(v["scope"] == name for v in violations) else "holds"
            for name in SCOPES
        },
        "first": (
            None if not violations else {k: violations[0][k] for k in ("seq", "rule", "scope")}
        ),
        "expect": vector.expect,
        "violations": violations,
        "records": report.records,
        "tree_size": report.tree_size,
        "root": report.root,
        "latest_checkpoint": None
        if report.latest is None
        else {"tree_size": report.latest.tree_size, "root": report.latest.root},
        "uncovered": None
        if uncovered is None
        else {
            "first_seq": uncovered.first_seq,
            "last_seq": uncovered.last_seq,
            "count": uncovered.count,
            "since": uncovered.since,
        },
    }


def _stream(vector: Vector) -> str:
    return YEAR[0] if vector.base == "year" else DRAWN[0]


def _prefix(vector: Vector) -> str:
    return YEAR[1] if vector.base == "year" else DRAWN[1]


def dumps(value: dict[str, Any]) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False) + "\n"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


__all__ = [
    "FOLDER",
    "WITNESS_SEED",
    "Signer",
    "Vector",
    "dumps",
    "scope",
    "verdict",
    "vkey",
    "write_honest",
]
