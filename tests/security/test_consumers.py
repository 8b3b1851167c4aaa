"""Consumers, with raw nats-py as each role: the auditor makes none, the reader makes
ephemeral ones and only the durables it is given by name; nobody changes a durable that is
not its own role's."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.security.conftest import DURABLES, Secured
from tests.security.raw import as_role

WEBSITE = DURABLES[0]


def durable(spec_name: str, name: str, filter_subject: str) -> dict[str, Any]:
    return {
        "stream_name": spec_name,
        "config": {
            "durable_name": name,
            "ack_policy": "explicit",
            "deliver_policy": "all",
            "filter_subject": filter_subject,
        },
    }


async def consumer(server: Secured, name: str) -> dict[str, Any]:
    """The consumer as ops sees it ({} if there is none)."""
    ops = await as_role(server, "ops")
    try:
        info = await ops.ask(f"$JS.API.CONSUMER.INFO.{server.spec.name}.{name}")
    finally:
        await ops.close()
    return {} if "error" in info else dict(info["config"])


async def website(server: Secured) -> dict[str, Any]:
    """The reader's durable, made by the reader (as the notifier or a subscriber would)."""
    reader = await as_role(server, "reader")
    try:
        body = durable(server.spec.name, WEBSITE, server.spec.all_events)
        made = await reader.ask(
            f"$JS.API.CONSUMER.DURABLE.CREATE.{server.spec.name}.{WEBSITE}", body
        )
    finally:
        await reader.close()
    assert "error" not in made and made["name"] == WEBSITE, made
    return dict(made["config"])


def test_given_the_readers_durable_when_the_auditor_renames_an_ephemeral_after_it_then_refused(
    stream_ready,
) -> None:
    """An ephemeral create naming an existing consumer replaces its settings (nats-server
    does so): the auditor, which makes no consumer at all, may not send it."""
    s = stream_ready.spec

    async def attempt() -> tuple[bool, dict[str, Any], dict[str, Any]]:
        before = await website(stream_ready)
        auditor = await as_role(stream_ready, "auditor")
        subject = f"$JS.API.CONSUMER.CREATE.{s.name}"
        body = {
            "stream_name": s.name,
            "config": {
                "name": WEBSITE,
                "ack_policy": "explicit",
                "deliver_policy": "all",
                "filter_subject": f"{s.tracking}.>",
                "max_ack_pending": 1,
            },
        }
        answer = await auditor.ask(subject, body)
        await auditor.close()
        assert answer == {}
        return (
            auditor.refused(f'Publish to "{subject}"'),
            before,
            await consumer(stream_ready, WEBSITE),
        )

    refused, before, after = asyncio.run(attempt())

    assert refused
    assert after["filter_subject"] == before["filter_subject"] == s.all_events
    assert after["max_ack_pending"] == before["max_ack_pending"] != 1


@pytest.mark.parametrize("role", ["auditor", "writer", "ops"])
def test_given_a_role_other_than_reader_when_it_creates_a_durable_then_refused_and_none_made(
    stream_ready, role
) -> None:
    s = stream_ready.spec
    name = f"by_{role}"
    subjects = [
        f"$JS.API.CONSUMER.DURABLE.CREATE.{s.name}.{name}",
        f"$JS.API.CONSUMER.CREATE.{s.name}.{name}",
        f"$JS.API.CONSUMER.CREATE.{s.name}.{name}.{s.events}.x",
        f"$JS.API.CONSUMER.CREATE.{s.name}",
    ]

    async def attempt() -> tuple[list[bool], dict[str, Any]]:
        raw = await as_role(stream_ready, role)
        for subject in subjects:
            assert await raw.ask(subject, durable(s.name, name, s.all_events)) == {}
        await raw.close()
        return [raw.refused(f'Publish to "{x}"') for x in subjects], await consumer(
            stream_ready, name
        )

    refused, made = asyncio.run(attempt())

    assert refused == [True] * len(subjects)
    assert made == {}


def test_given_the_reader_when_it_creates_a_durable_it_was_not_given_then_refused_and_none_made(
    stream_ready,
) -> None:
    s = stream_ready.spec
    name = "intruder"

    async def attempt() -> tuple[list[bool], dict[str, Any], dict[str, Any]]:
        reader = await as_role(stream_ready, "reader")
        named = [
            f"$JS.API.CONSUMER.DURABLE.CREATE.{s.name}.{name}",
            f"$JS.API.CONSUMER.CREATE.{s.name}.{name}",
            f"$JS.API.CONSUMER.CREATE.{s.name}.{name}.{s.events}.x",
        ]
        for subject in named:
            assert await reader.ask(subject, durable(s.name, name, s.all_events)) == {}
        # the create subject that names no consumer takes no durable: the server says so
        ephemeral = await reader.ask(
            f"$JS.API.CONSUMER.CREATE.{s.name}", durable(s.name, name, s.all_events)
        )
        await reader.close()
        refused = [reader.refused(f'Publish to "{x}"') for x in named]
        return refused, ephemeral, await consumer(stream_ready, name)

    refused, ephemeral, made = asyncio.run(attempt())

    assert refused == [True, True, True]
    assert "durable name was set" in ephemeral["error"]["description"]
    assert made == {}


def test_given_the_reader_when_it_keeps_its_own_durable_and_reads_then_it_can(
    stream_ready,
) -> None:
    s = stream_ready.spec

    async def attempt() -> tuple[dict[str, Any], dict[str, Any], list[str]]:
        config = await website(stream_ready)
        reader = await as_role(stream_ready, "reader")
        pulled = await reader.ask(
            f"$JS.API.CONSUMER.INFO.{s.name}.{WEBSITE}"
        )  # and an ordered (ephemeral) consumer of its own:
        ordered = await reader.ask(
            f"$JS.API.CONSUMER.CREATE.{s.name}",
            {"stream_name": s.name, "config": {"ack_policy": "none", "deliver_policy": "all"}},
        )
        await reader.close()
        return config, {"info": pulled, "ordered": ordered}, reader.errors

    config, answers, errors = asyncio.run(attempt())

    assert config["durable_name"] == WEBSITE
    assert answers["info"]["name"] == WEBSITE
    assert "error" not in answers["ordered"] and answers["ordered"]["name"]
    assert errors == []


def test_given_the_reader_when_it_acks_for_a_consumer_not_its_own_then_refused(
    stream_ready,
) -> None:
    subject = f"$JS.ACK.{stream_ready.spec.name}.someone_else.1.1.1.1.0"

    async def attempt() -> bool:
        reader = await as_role(stream_ready, "reader")
        await reader.nc.publish(subject, b"+ACK")
        await reader.nc.flush()
        await asyncio.sleep(0.1)
        await reader.close()
        return reader.refused(f'Publish to "{subject}"')

    assert asyncio.run(attempt())
