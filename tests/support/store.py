"""Helpers to open the JetStream store directly, as another process would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

import nats
from eventsourcing.application import Application
from eventsourcing.utils import Environment
from nats.js.api import StreamConfig

from services.adapters.eventstore import JetStreamFactory
from services.adapters.eventstore.client import RawMessage
from services.adapters.eventstore.recorders import JetStreamApplicationRecorder

MAPPER = "services.adapters.eventstore.mapper:MsgspecMapper"


@contextmanager
def factory(env: dict[str, str]) -> Iterator[JetStreamFactory]:
    f = JetStreamFactory(Environment(env=env))
    try:
        yield f
    finally:
        f.close()


@contextmanager
def application(
    env: dict[str, str], cls: type[Application[UUID]] = Application
) -> Iterator[Application[UUID]]:
    app = cls(
        env={"PERSISTENCE_MODULE": "services.adapters.eventstore", "MAPPER_TOPIC": MAPPER, **env}
    )
    try:
        yield app
    finally:
        app.close()


def raw_messages(recorder: JetStreamApplicationRecorder) -> list[RawMessage]:
    """Every message in the stream, read from the leader, headers included."""
    jsm, name = recorder.connection.js.js, recorder.js.spec.name

    async def read() -> list[RawMessage]:
        info = await jsm.stream_info(name)
        out = []
        for seq in range(1, info.state.last_seq + 1):
            msg = await jsm.get_msg(name, seq)
            out.append(
                RawMessage(
                    subject=msg.subject or "",
                    seq=seq,
                    headers=dict(msg.headers or {}),
                    data=msg.data or b"",
                )
            )
        return out

    return recorder.connection.run(read())


async def create_weak_stream(env: dict[str, str]) -> None:
    """A stream under our name that is not append-only, as a careless operator might make."""
    nc = await nats.connect(env["NATS_URL"])
    try:
        prefix = env["ASSEMBLY_SUBJECT_PREFIX"]
        await nc.jetstream().add_stream(
            StreamConfig(
                name=env["ASSEMBLY_STREAM"],
                subjects=[f"{prefix}.events.>"],
                max_msgs=1000,
                allow_direct=True,
            )
        )
    finally:
        await nc.close()
