"""(e) A scripted year of the 100-member Paris assembly, end to end through the application.

Ours: every command of the year through ``AssemblyRecord`` (load the cached assembly,
decide by the rules, fold, map, save): events stored per second. Raw: the very same
saves (same messages, same headers, same batch boundaries) replayed with nats-py onto a
fresh stream: single events as checked publishes, multi-event saves as atomic batches.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from nats.aio.client import Client

from bench.eventstore import TIMEOUT, _ack_seq, run_raw, unique_spec
from bench.report import Result
from commands.application import AssemblyRecord
from examples.paris_year import PARIS, Volume, paris_year
from services.adapters.eventstore.client import RawMessage
from services.adapters.eventstore.recorders import JetStreamApplicationRecorder

Save = list[RawMessage]


def _saves(recorder: JetStreamApplicationRecorder) -> list[Save]:
    """The stored messages, grouped back into the saves that wrote them."""
    saves: list[Save] = []
    for m in recorder.js.read(1, recorder.js.spec.all_events, 5000):
        batch_id = m.headers.get("Nats-Batch-Id")
        if saves and batch_id and saves[-1][-1].headers.get("Nats-Batch-Id") == batch_id:
            saves[-1].append(m)
        else:
            saves.append([m])
    return saves


def _replay(url: str, saves: list[Save], old_prefix: str) -> float:
    spec = unique_spec("rawyear")

    def outgoing(m: RawMessage) -> tuple[str, dict[str, str]]:
        keep = {k: v for k, v in m.headers.items() if k.startswith("Assembly-")}
        keep["Nats-Msg-Id"] = m.headers["Nats-Msg-Id"]
        return spec.prefix + m.subject[len(old_prefix) :], keep

    async def body(nc: Client) -> float:
        last: dict[str, int] = {}
        t0 = time.perf_counter()
        for save in saves:
            subject, first = outgoing(save[0])
            first["Nats-Expected-Last-Subject-Sequence"] = str(last.get(subject, 0))
            if len(save) == 1:
                msg = await nc.request(subject, save[0].data, timeout=TIMEOUT, headers=first)
                last[subject] = _ack_seq(msg.data)
                continue
            batch = uuid.uuid4().hex
            for i, m in enumerate(save, start=1):
                subject, headers = (subject, first) if i == 1 else outgoing(m)
                headers.update({"Nats-Batch-Id": batch, "Nats-Batch-Sequence": str(i)})
                if i == len(save):
                    headers["Nats-Batch-Commit"] = "1"
                    msg = await nc.request(subject, m.data, timeout=TIMEOUT, headers=headers)
                    last[subject] = _ack_seq(msg.data)
                elif i == 1:
                    await nc.request(subject, m.data, timeout=TIMEOUT, headers=headers)
                else:
                    await nc.publish(subject, m.data, headers=headers)
        return time.perf_counter() - t0

    return run_raw(url, spec, body)


def scripted_year(url: str, volume: Volume, progress: Callable[[str], None]) -> Result:
    spec = unique_spec("year")
    app = AssemblyRecord(
        env={
            "PERSISTENCE_MODULE": "services.adapters.eventstore",
            "MAPPER_TOPIC": "services.adapters.eventstore.mapper:MsgspecMapper",
            "NATS_URL": url,
            "ASSEMBLY_STREAM": spec.name,
            "ASSEMBLY_SUBJECT_PREFIX": spec.prefix,
        }
    )
    try:
        progress("(e) a scripted Paris year through the application")
        t0 = time.perf_counter()
        story = paris_year(app, volume)
        elapsed = time.perf_counter() - t0
        recorder = app.recorder
        assert isinstance(recorder, JetStreamApplicationRecorder)
        saves = _saves(recorder)
    finally:
        app.close()
    events = sum(len(s) for s in saves)
    progress(
        f"(e) {events:,} events in {len(saves):,} saves from {story.commands:,} commands; "
        "replaying them raw"
    )
    raw_elapsed = _replay(url, saves, spec.prefix)
    return Result(
        "e",
        "scripted Paris year, events end to end",
        events / elapsed,
        events / raw_elapsed,
        None,
        events,
        {
            "commands": story.commands,
            "saves": len(saves),
            "seconds": elapsed,
            "raw_seconds": raw_elapsed,
            "volume": str(volume),
        },
    )


__all__ = ["PARIS", "scripted_year"]
