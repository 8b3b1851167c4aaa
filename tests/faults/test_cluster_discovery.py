"""Clients follow the servers the cluster announces: given one server of a 3-node cluster
that advertises (deploy/nats/n1-n3.conf without ``no_advertise``), a client learns the other
two from it (nats-py's connect_urls) and, when that one server dies, goes on on another."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Iterator

import nats.errors
import pytest

from services.adapters.eventstore.stream import StreamSpec
from services.adapters.eventstore.transport import Transport
from services.config import NatsAuth
from tests.faults.cluster import Cluster

LEARNED_WITHIN = 10.0  # the INFO with connect_urls comes once the routes are up
MOVED_WITHIN = 15.0


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    tag = uuid.uuid4().hex[:8]
    folder = tmp_path_factory.mktemp("discovery")
    c = Cluster.configure(folder, StreamSpec(f"CD_{tag}", f"cd_{tag}", replicas=3), advertise=True)
    try:
        c.start()
        yield c
    finally:
        c.stop()


def _on(transport: Transport) -> int | None:
    url = transport.nc.connected_url if transport.nc.is_connected else None
    return None if url is None else url.port


def _info(transport: Transport) -> bytes:
    """JetStream's account info, asked until a meta leader answers (n1 may have been it)."""
    started = time.monotonic()
    while True:
        try:
            return transport.request_many("$JS.API.INFO", b"", until=None)[0].data
        except nats.errors.TimeoutError:
            assert time.monotonic() - started < MOVED_WITHIN, "no meta leader answers"


def _ports(transport: Transport) -> set[int]:
    return {int(u.port or 0) for u in (s.uri for s in transport.nc._server_pool)}


def test_given_one_listed_server_when_it_dies_then_the_client_goes_on_on_an_announced_one(
    cluster: Cluster,
) -> None:
    first = cluster.nodes["n1"]
    others = {n.port for n in cluster.nodes.values() if n is not first}
    auth = NatsAuth("writer", cluster.password("writer"))
    transport = Transport([f"nats://127.0.0.1:{first.port}"], name="t", timeout=2, auth=auth)
    try:
        started = time.monotonic()
        while not others <= _ports(transport):
            assert time.monotonic() - started < LEARNED_WITHIN, (
                f"the client knows only {_ports(transport)}; the cluster announced nothing"
            )
            transport.run(asyncio.sleep(0.05))
        learned = sorted(int(u.port or 0) for u in transport.nc.discovered_servers)
        first.kill()
        started = time.monotonic()
        while _on(transport) in (None, first.port):
            assert time.monotonic() - started < MOVED_WITHIN, "still without a server"
            transport.run(asyncio.sleep(0.05))
        now_on = _on(transport)
        answer = _info(transport)
    finally:
        transport.close()
        first.start()
        cluster.wait_healthy()

    assert set(learned) == others, learned  # announced by n1, never listed by us
    assert now_on in others
    assert json.loads(answer).get("type") == "io.nats.jetstream.api.v1.account_info_response"
