"""Stored payloads as a subscriber reads them: one under a retired wire name arrives as
today's class; one that does not decode is reported, never handled.

Synthetic (the project's own retired name is read in tests/contract): the classes stay out of
the core's catalogue; messages are written as the store writes them (subject, headers, payload).
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

import msgspec
import nats

from core.events import Event
from services.adapters.eventstore.records import H_ID, H_PREV, H_TOPIC, H_VERSION
from services.adapters.eventstore.sources import Link
from services.adapters.eventstore.stream import StreamSpec
from services.adapters.eventstore.upcasting import Upcasters
from services.application.subscriber import Received, Subscriber
from services.entrypoints.cli.main import run
from tests.support.store import factory


class SeatTaken(Event, frozen=True, kw_only=True):
    member: str
    subpool: str


SeatTaken.wire = "test_subscriber.seat_taken.v2"  # set after the class: not registered
UPCASTERS = Upcasters({SeatTaken.wire: SeatTaken}.get)


@UPCASTERS.register("test_subscriber.seat_taken.v1", SeatTaken.wire)
def _subpool_recorded(old: dict[str, Any]) -> dict[str, Any]:
    return {**old, "subpool": "electoral-rolls"}


async def _publish(
    env: dict[str, str], spec: StreamSpec, record: uuid.UUID, topic: str, **fields: object
) -> None:
    """A message as the store writes one: subject, headers, canonical payload."""
    payload = {
        "at": "2026-02-07T09:00:00Z",
        "by": "clerk:greffe",
        "originator_id": str(record),
        "originator_version": 1,
        **fields,
    }
    headers = {H_ID: str(record), H_VERSION: "1", H_TOPIC: topic, H_PREV: "0" * 64}
    nc = await nats.connect(env["NATS_URL"])
    try:
        body = msgspec.json.encode(payload, order="sorted")
        await nc.jetstream().publish(spec.event_subject(record), body, headers=headers)
    finally:
        await nc.close()


def test_given_a_v1_payload_in_the_log_when_subscribing_to_v2_then_it_arrives_upcast(
    stream_env,
) -> None:
    spec = StreamSpec(
        name=stream_env["ASSEMBLY_STREAM"], prefix=stream_env["ASSEMBLY_SUBJECT_PREFIX"]
    )
    with factory(stream_env) as f:
        f.application_recorder()  # creates the stream as the store does
    record, got = uuid.uuid4(), []

    async def main() -> None:
        await _publish(stream_env, spec, record, "test_subscriber.seat_taken.v1", member="ele-007")
        link = await Link.open(stream_env["NATS_URL"], name="test-upcast")
        subscriber = Subscriber(link, spec, upcasters=UPCASTERS)
        await subscriber.run(got.append, types={SeatTaken.wire}, until_caught_up=True)
        await subscriber.close()

    asyncio.run(main())

    [received] = got
    assert isinstance(received, Received)
    assert received.wire == "test_subscriber.seat_taken.v1"  # as stored, never rewritten
    assert received.event == SeatTaken(
        originator_id=record,
        originator_version=1,
        at=datetime(2026, 2, 7, 9, 0, tzinfo=UTC),
        by="clerk:greffe",
        member="ele-007",
        subpool="electoral-rolls",
    )


def test_given_a_payload_that_does_not_decode_when_tailing_then_exit_2_naming_its_position(
    stream_env, monkeypatch, capsys
) -> None:
    for key, value in stream_env.items():
        monkeypatch.setenv(key, value)
    spec = StreamSpec(
        name=stream_env["ASSEMBLY_STREAM"], prefix=stream_env["ASSEMBLY_SUBJECT_PREFIX"]
    )
    with factory(stream_env) as f:
        f.application_recorder()
    asyncio.run(_publish(stream_env, spec, uuid.uuid4(), "assembly.member_seated.v1"))

    code = run(["subscribe", "--until-caught-up"])

    err = capsys.readouterr().err
    assert code == 2
    assert "event at position 1 (assembly.member_seated.v1) does not decode" in err
    assert "Traceback" not in err
