"""Replies, with raw nats-py as each role: each role hears its own inbox only, and none may
publish into any inbox (answer another's requests in JetStream's name)."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from services.adapters.security.roles import ROLES
from tests.security.raw import as_role

PAIRS = [(a, b) for a, b in itertools.permutations(ROLES, 2)]


@pytest.mark.parametrize(("role", "other"), PAIRS)
def test_given_a_role_when_it_listens_to_another_roles_inbox_then_refused(
    stream_ready, role, other
) -> None:
    async def attempt() -> list[bool]:
        raw = await as_role(stream_ready, role)
        for subject in (f"_INBOX_{other}.>", "_INBOX.>", ">"):
            await raw.nc.subscribe(subject)
        await raw.nc.flush()
        await asyncio.sleep(0.1)
        await raw.close()
        return [raw.refused(f'Subscription to "{x}"') for x in (f"_INBOX_{other}.>", "_INBOX.>")]

    assert asyncio.run(attempt()) == [True, True]


@pytest.mark.parametrize("role", ROLES)
def test_given_a_role_when_it_asks_jetstream_then_the_answer_comes_to_its_own_inbox(
    stream_ready, role
) -> None:
    async def attempt() -> tuple[dict[str, object], list[str]]:
        raw = await as_role(stream_ready, role)
        answer = await raw.ask("$JS.API.INFO")
        await raw.close()
        return answer, raw.errors

    answer, errors = asyncio.run(attempt())

    assert answer.get("type") == "io.nats.jetstream.api.v1.account_info_response"
    assert errors == []


@pytest.mark.parametrize("role", ROLES)
def test_given_a_role_when_it_uses_the_shared_inbox_then_it_hears_nothing(
    stream_ready, role
) -> None:
    """A client left on nats-py's default prefix (``_INBOX``) may not hear its answers."""

    async def attempt() -> tuple[dict[str, object], bool]:
        raw = await as_role(stream_ready, role, inbox="_INBOX")
        answer = await raw.ask("$JS.API.INFO")
        await raw.close()
        return answer, any("subscription to" in e.lower() for e in raw.errors)

    assert asyncio.run(attempt()) == ({}, True)


@pytest.mark.parametrize(("role", "other"), PAIRS)
def test_given_a_role_when_it_publishes_into_another_roles_inbox_then_refused(
    stream_ready, role, other
) -> None:
    subject = f"_INBOX_{other}.forged.1"

    async def attempt() -> bool:
        raw = await as_role(stream_ready, role)
        await raw.nc.publish(subject, b'{"type": "forged"}')
        await raw.nc.flush()
        await asyncio.sleep(0.1)
        await raw.close()
        return raw.refused(f'Publish to "{subject}"')

    assert asyncio.run(attempt())
