"""The Python API: typed events with their place in the log, acknowledged once handled."""

from __future__ import annotations

import asyncio

import pytest

from core.assembly.convening.facts import AssemblyConvened
from core.assembly.membership.facts import MemberSeated
from services.adapters.eventstore.errors import StreamMissing
from services.adapters.eventstore.stream import StreamSpec
from services.application.subscriber import Received, Subscriber


def _spec(env: dict[str, str]) -> StreamSpec:
    return StreamSpec(name=env["ASSEMBLY_STREAM"], prefix=env["ASSEMBLY_SUBJECT_PREFIX"])


async def _read(env, handle, **options) -> int:
    subscriber = await Subscriber.connect(env["NATS_URL"], _spec(env), name="test")
    try:
        return await subscriber.run(handle, until_caught_up=True, **options)
    finally:
        await subscriber.close()


class Crash(Exception):
    pass


def test_given_a_log_when_read_then_each_event_is_its_typed_fact_with_its_position(
    seated, cli_env
) -> None:
    got: list[Received] = []

    asyncio.run(_read(cli_env, got.append))

    first, seated_events = got[0], [r for r in got if isinstance(r.event, MemberSeated)]
    assert isinstance(first.event, AssemblyConvened)
    assert (first.position, first.version, str(first.aggregate_id)) == (1, 1, seated)
    assert [r.event.member for r in seated_events] == ["ele-000", "ele-001", "ele-002", "ele-003"]
    assert all(r.position == r.version for r in got)  # one record on a fresh stream
    assert all(r.deliveries == 1 for r in got)


def test_given_a_handler_that_fails_when_read_again_by_its_durable_then_the_event_comes_again(
    seated, cli_env
) -> None:
    seen: list[tuple[int, int]] = []

    def crash_at_3(r: Received) -> None:
        seen.append((r.position, r.deliveries))
        if r.position == 3:
            raise Crash

    with pytest.raises(Crash):
        asyncio.run(_read(cli_env, crash_at_3, durable="crashy"))
    asyncio.run(_read(cli_env, lambda r: seen.append((r.position, r.deliveries)), durable="crashy"))

    assert seen[:4] == [(1, 1), (2, 1), (3, 1), (3, 2)]
    assert [p for p, _ in seen[4:]] == list(range(4, 4 + len(seen) - 4))


def test_given_an_async_handler_that_stops_the_subscriber_then_reading_ends_after_it(
    seated, cli_env
) -> None:
    async def main() -> list[int]:
        subscriber = await Subscriber.connect(cli_env["NATS_URL"], _spec(cli_env), name="t")
        positions: list[int] = []

        async def handle(r: Received) -> None:
            positions.append(r.position)
            if len(positions) == 2:
                subscriber.stop()

        await subscriber.run(handle, start=5)
        await subscriber.close()
        return positions

    assert asyncio.run(main()) == [5, 6]


def test_given_no_stream_when_subscribing_then_a_clear_error(cli_env) -> None:
    with pytest.raises(StreamMissing, match="does not exist"):
        asyncio.run(_read(cli_env, print))
