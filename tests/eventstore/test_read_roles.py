"""Whole-stream reads under each role's permissions: through a consumer where the role may
pull (reader), else by direct gets (writer, auditor); the same messages either way."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from services.adapters.eventstore.client import Outgoing, StreamClient
from services.adapters.eventstore.connection import JetStreamConnection
from services.adapters.eventstore.stream import StreamSpec
from services.adapters.eventstore.transport import Transport
from services.config import NatsAuth
from tests.security.conftest import Secured, start_secured, stop

MESSAGES = 2500


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Secured]:
    tag = uuid.uuid4().hex[:8]
    spec = StreamSpec(f"RD_{tag}", f"rd_{tag}")
    proc, server = start_secured(tmp_path_factory.mktemp("secured"), spec)
    try:
        ops = JetStreamConnection(server.url, spec, auth=NatsAuth("ops", server.password("ops")))
        try:
            ops.stream(spec, create=True)
        finally:
            ops.close()
        writer = _client(server, "writer")
        for i in range(1, MESSAGES + 1):
            writer.publish(Outgoing(spec.event_subject(f"a{i % 3}"), b"%d" % i, {"N": str(i)}))
        writer.nc.close()
        yield server
    finally:
        stop(proc)


def _client(server: Secured, role: str) -> StreamClient:
    auth = NatsAuth(role, server.password(role))
    return StreamClient(Transport([server.url], name=f"test-{role}", auth=auth), server.spec)


@pytest.mark.parametrize(
    ("role", "pulls"), [("reader", True), ("auditor", False), ("writer", False)]
)
def test_given_a_role_when_it_reads_the_whole_stream_then_every_message_once_in_order(
    written: Secured, role: str, pulls: bool
) -> None:
    js = _client(written, role)
    try:
        read = list(js.read(1, None, 1000))
        again = list(js.read(1, None, 1000))
        page, pending = js.direct_batch(1001, 1000, None)
    finally:
        js.nc.close()

    assert [m.seq for m in read] == list(range(1, MESSAGES + 1))
    assert [m.data for m in read] == [m.headers["N"].encode() for m in read]
    assert again == read
    assert page == read[1000:2000] and pending == MESSAGES - 2000
    assert js.pulls is pulls
