"""(g) The structural audit of a 1,000,000-message multi-cohort log, next to a raw
ordered-consumer replay of the same stream in the same run.

The log: one scripted Paris year at full volume through the application (``paris_year(app,
PARIS)``, ~11,000 events) is the template; the million messages are then written raw through
``StreamClient.publish_batch`` (atomic batches of 1,000), cohorts of ten years at a time
interleaved message by message, each year under a fresh assembly id (the id's bytes replaced
in the payload, same length, so it stays canonical; headers and hash chain recomputed). A
whole year takes ~2.5 s through the application, so 90 of them would take ~4 min: raw
batches write the million in ~30 s. Then one signed checkpoint over it all.

Ours: ``structural_audit`` over the live stream (batched direct gets, then for every message
its leaf and the tree, continuity, canonical bytes, headers against payload, the record's
hash chain; the checkpoint's root and signature; the configuration). Raw: a nats-py ordered
push consumer that counts the same messages. Targets: >= 0.5x raw, <= 30 s for the million.
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from bench.eventstore import raw_ordered_consumer, unique_spec
from bench.report import Result, table
from commands.application import AssemblyRecord
from core.integrity import GENESIS, record_digest
from examples.paris_year import DEMO, PARIS, Volume, paris_year
from services.adapters.eventstore.client import Outgoing, RawMessage, StreamClient
from services.adapters.eventstore.records import H_ID, H_MSG_ID, H_PREV, H_TOPIC, H_VERSION
from services.adapters.eventstore.stream import StreamSpec
from services.application.audit.checkpointer import Checkpointer
from services.application.audit.checkpoints import origin_of
from services.application.audit.keys import create_key
from services.application.audit.source import LiveSource
from services.application.audit.structural import structural_audit
from services.application.audit.trust import Trust
from services.application.audit.verify import full_audit
from services.config import Settings

FULL, QUICK = 1_000_000, 20_000
COHORTS_AT_ONCE = 10
BATCH = 1000
RATIO_TARGET = 0.5
SECONDS_TARGET = 30.0

Progress = Callable[[str], None]


def _env(url: str, spec: StreamSpec) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": "services.adapters.eventstore",
        "MAPPER_TOPIC": "services.adapters.eventstore.mapper:MsgspecMapper",
        "NATS_URL": url,
        "ASSEMBLY_STREAM": spec.name,
        "ASSEMBLY_SUBJECT_PREFIX": spec.prefix,
    }


def template_year(url: str, volume: Volume) -> list[RawMessage]:
    """A year written by the application: the messages each cohort of the log repeats."""
    spec = unique_spec("audit_year")
    app = AssemblyRecord(env=_env(url, spec))
    try:
        paris_year(app, volume)
        js = app.recorder.js  # type: ignore[attr-defined]
        return list(js.read(1, None, 10_000))
    finally:
        app.close()


def write_log(js: StreamClient, year: list[RawMessage], n: int) -> None:
    """``n`` messages: cohorts of ``year``, ten at a time, interleaved, chained, in batches."""
    old = year[0].headers[H_ID].encode()
    written = 0
    batch: list[Outgoing] = []
    while written < n:
        ids = [str(uuid.uuid4()) for _ in range(COHORTS_AT_ONCE)]
        prev = dict.fromkeys(ids, GENESIS)
        own = {i: f'"name":"{i[:8]} '.encode() for i in ids}
        for m in year:
            version, topic = int(m.headers[H_VERSION]), m.headers[H_TOPIC]
            for i in ids:
                if written == n:
                    break
                # each copy a series of its own (a cohort is convened once per series)
                data = m.data.replace(old, i.encode()).replace(b'"name":"', own[i])
                headers = {
                    H_ID: i,
                    H_VERSION: str(version),
                    H_TOPIC: topic,
                    H_PREV: prev[i].hex(),
                    H_MSG_ID: f"{i}:{version}",
                }
                prev[i] = record_digest(i, version, topic, prev[i], data)
                batch.append(Outgoing(js.spec.event_subject(i), data, headers))
                written += 1
                if len(batch) == BATCH:
                    js.publish_batch(batch)
                    batch = []
    if len(batch) > 1:
        js.publish_batch(batch)
    elif batch:
        js.publish(batch[0])


def audit_log(url: str, quick: bool, progress: Progress) -> list[Result]:
    n = QUICK if quick else FULL
    progress(f"(g) a {'DEMO' if quick else 'PARIS'} year through the application (template)")
    year = template_year(url, DEMO if quick else PARIS)
    spec = unique_spec("audit")
    app = AssemblyRecord(env=_env(url, spec))  # creates the stream as the store does
    try:
        js: StreamClient = app.recorder.js  # type: ignore[attr-defined]
        progress(
            f"(g) writing {n:,} messages raw ({len(year):,}-event cohorts, batches of {BATCH})"
        )
        t0 = time.perf_counter()
        write_log(js, year, n)
        written = time.perf_counter() - t0
        progress(f"(g) written in {written:.1f} s; raw ordered-consumer replay of the same stream")
        raw = raw_ordered_consumer(url, spec, n)
        with tempfile.TemporaryDirectory() as folder:
            key = create_key(Path(folder) / "log.key")
            t0 = time.perf_counter()
            done = Checkpointer(js, key).checkpoint()
            trust = Trust((key.verifier(origin_of(spec.name)),))
            signed = time.perf_counter() - t0
        assert done is not None
        progress(f"(g) checkpoint of {n:,} messages signed in {signed:.1f} s; auditing live")
        settings = Settings.from_env(
            {"NATS_URL": url, "ASSEMBLY_STREAM": spec.name, "ASSEMBLY_SUBJECT_PREFIX": spec.prefix}
        )
        source = LiveSource(url, spec, settings)
        try:
            t0 = time.perf_counter()
            report = structural_audit(source, trust=trust)
            seconds = time.perf_counter() - t0
        finally:
            source.close()
        progress("(g) the full audit: the same pass with the domain replayed")
        source = LiveSource(url, spec, settings)
        try:
            t0 = time.perf_counter()
            full = full_audit(source, trust=trust, apart=True)  # as the CLI runs it
            full_seconds = time.perf_counter() - t0
        finally:
            source.close()
    finally:
        app.close()
    if report.violations or report.records != n + 1:
        raise RuntimeError(f"the bench log did not audit clean: {report.violations[:3]}")
    # The template's panel is received from outside (no draw on the log): each cohort that
    # submitted recommendations is reported once for provenance, and nothing else.
    unexpected = [v for v in full.violations if v.rule != "provenance"]
    if unexpected:
        raise RuntimeError(f"the bench log did not replay clean: {unexpected[:3]}")
    ours = report.records / seconds
    progress(
        f"(g) audited {report.records:,} messages in {seconds:.1f} s ({ours:,.0f}/s; raw "
        f"{raw:,.0f}/s, {n / raw:.1f} s); target <= {SECONDS_TARGET:g} s: "
        f"{'met' if seconds <= SECONDS_TARGET else 'missed'}"
    )
    return [
        Result(
            "g1",
            f"structural audit of {n:,}, live",
            ours,
            raw,
            RATIO_TARGET,
            report.records,
            {
                "seconds": seconds,
                "raw_seconds": n / raw,
                "seconds_target": SECONDS_TARGET,
                "seconds_met": seconds <= SECONDS_TARGET,
                "written_per_s": n / written,
                "checkpoint_seconds": signed,
                "cohorts": -(-n // len(year)),
            },
        ),
        Result(
            "g3",
            f"full audit of {n:,} (+ domain replay), live",
            full.records / full_seconds,
            raw,
            RATIO_TARGET,
            full.records,
            {
                "seconds": full_seconds,
                "seconds_target": SECONDS_TARGET,
                "seconds_met": full_seconds <= SECONDS_TARGET,
                "facts": full.facts,
                "provenance_reports": len(full.violations),
            },
        ),
        Result(
            "g2",
            f"checkpoint of {n:,} (tree + signature)",
            n / signed,
            raw,
            None,
            n,
            {"seconds": signed},
        ),
    ]


def main() -> None:
    from bench.server import PrivateServer  # noqa: PLC0415

    quick = "--quick" in sys.argv

    def progress(message: str) -> None:
        print(f"  {message} ...", file=sys.stderr, flush=True)

    with PrivateServer() as server:
        results = audit_log(server.url, quick, progress)
    print(table(results))


if __name__ == "__main__":
    main()
