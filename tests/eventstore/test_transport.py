"""The one transport (nats-py on a loop owned by the calling thread), through the stream
client every caller uses: publishes, conflicts, atomic batches, reads, retries across a
restart, and what a refusal is called. Real nats-servers throughout (TLS: test_tls.py)."""

from __future__ import annotations

import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.adapters.embedded import free_port, launch
from services.adapters.eventstore.client import (
    CONFLICT_CODES,
    JetStreamError,
    Outgoing,
    RawMessage,
    StreamClient,
)
from services.adapters.eventstore.connection import JetStreamConnection
from services.adapters.eventstore.errors import (
    AccessDenied,
    EventStoreTimeout,
    EventStoreUnavailable,
    PublishRefused,
)
from services.adapters.eventstore.stream import StreamSpec
from services.adapters.eventstore.transport import Transport
from services.config import NatsAuth
from tests.security.conftest import Secured, start_secured, stop

H_EXPECTED = "Nats-Expected-Last-Subject-Sequence"


@pytest.fixture(params=["read here", "shortcut", "callback"])
def js(stream_env: dict[str, str], request: pytest.FixtureRequest) -> Iterator[StreamClient]:
    """The stream client on every way answers reach it: read from nats-py's socket by the
    waiting thread (what runs over plain TCP), the shortcut past nats-py's message objects
    with the loop reading (what runs over TLS, or while nats-py reconnects), and nats-py's
    own subscription callback (what runs should a nats-py release stop calling the method
    the shortcut replaces)."""
    spec = StreamSpec(stream_env["ASSEMBLY_STREAM"], stream_env["ASSEMBLY_SUBJECT_PREFIX"])
    connection = JetStreamConnection(stream_env["NATS_URL"], spec, patience=2.0)
    try:
        link = connection.transport.link()
        if request.param != "read here":
            link.reads_here = False
        if request.param == "callback":
            link.nc.shortcut = None
        yield connection.stream(spec, create=True)
    finally:
        connection.close()


def test_given_plain_tcp_when_answers_come_then_read_by_the_waiting_thread(
    js: StreamClient,
) -> None:
    link = js.nc.link()  # type: ignore[attr-defined]
    if not link.reads_here:
        pytest.skip("the loop reads")
    nc, parsed = link.nc, []
    parse_now = nc.parse_now
    nc.parse_now = lambda data, loop: (parsed.append(data), parse_now(data, loop))[1]

    ack = js.publish(_out(js, "a", b"1", expected=0))
    page, _ = js.direct_batch(1, 10, None)

    assert ack.seq == 1 and [m.data for m in page] == [b"1"]
    assert parsed and b"HMSG" in b"".join(parsed)  # the ack and the page, read here


def test_given_a_connection_when_answers_come_then_by_the_shortcut(js: StreamClient) -> None:
    nc = js.nc.nc  # type: ignore[attr-defined]
    if nc.shortcut is None:
        pytest.skip("the callback way")
    taken: list[bytes] = []
    sid, take = nc.shortcut
    nc.shortcut = (sid, lambda s, r, d, b: (taken.append(s), take(s, r, d, b)))

    js.publish(_out(js, "a", b"1"))
    page, _ = js.direct_batch(1, 10, None)

    assert len(taken) == 3  # the ack, the message, the end of the batch
    assert [m.data for m in page] == [b"1"]


def _out(js: StreamClient, key: str, data: bytes, expected: int | None = None) -> Outgoing:
    headers = {"Assembly-Id": key}
    if expected is not None:
        headers[H_EXPECTED] = str(expected)
    return Outgoing(js.spec.event_subject(key), data, headers)


def test_given_checked_publishes_when_the_expected_sequence_holds_then_acked_in_order(
    js: StreamClient,
) -> None:
    first = js.publish(_out(js, "a", b"1", expected=0))
    second = js.publish(_out(js, "a", b"2", expected=first.seq))

    assert (first.seq, second.seq) == (1, 2)
    assert first.stream == js.spec.name and not second.duplicate


def test_given_a_stale_expected_sequence_when_published_then_a_conflict_and_nothing_stored(
    js: StreamClient,
) -> None:
    js.publish(_out(js, "a", b"1", expected=0))

    with pytest.raises(JetStreamError) as refused:
        js.publish(_out(js, "a", b"someone else's", expected=0))

    assert refused.value.err_code in CONFLICT_CODES
    assert [m.data for m in js.read(1, None)] == [b"1"]


def test_given_a_batch_with_one_stale_message_when_published_then_none_is_stored(
    js: StreamClient,
) -> None:
    js.publish(_out(js, "b", b"b1", expected=0))
    good = [_out(js, "a", b"a1", expected=0), _out(js, "c", b"c1", expected=0)]

    with pytest.raises(JetStreamError):
        js.publish_batch([*good, _out(js, "b", b"stale", expected=0)])
    ack = js.publish_batch([*good, _out(js, "b", b"b2", expected=1)])

    assert ack.seq == 4 and ack.count == 3
    assert [m.data for m in js.read(1, None)] == [b"b1", b"a1", b"c1", b"b2"]


def test_given_a_stream_when_read_every_way_then_the_same_messages(js: StreamClient) -> None:
    for i in range(1, 11):
        js.publish(_out(js, f"k{i % 2}", b"%d" % i))
    k0 = js.spec.event_subject("k0")

    last, leader_last = js.direct_last(k0), js.last_on_subject(k0)
    after = js.next_on_subject(k0, 5)
    page, pending = js.direct_batch(3, 4, None)
    only_k0 = list(js.read(1, k0, 2))

    assert isinstance(last, RawMessage) and isinstance(leader_last, RawMessage)
    assert (last.seq, last.data, last.headers["Assembly-Id"]) == (10, b"10", "k0")
    assert (leader_last.seq, leader_last.data, leader_last.headers) == (
        10,
        b"10",
        {"Assembly-Id": "k0"},
    )
    assert after is not None and after.seq == 6 and after.data == b"6"
    assert [m.seq for m in page] == [3, 4, 5, 6] and pending == 4
    assert [m.seq for m in only_k0] == [2, 4, 6, 8, 10]
    assert js.direct_last(js.spec.event_subject("nobody")) is None
    assert js.next_on_subject(k0, 11) is None


def test_given_threads_when_each_publishes_then_each_on_its_own_connection(
    js: StreamClient,
) -> None:
    seen: dict[str, object] = {}
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            for i in range(50):
                js.publish(_out(js, name, b"%d" % i))
            seen[name] = js.nc.link()  # type: ignore[attr-defined]
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(f"t{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert not errors
    assert len({id(link) for link in seen.values()}) == 3
    assert sum(1 for _ in js.read(1, None)) == 150


def test_given_an_event_larger_than_the_server_takes_when_published_then_refused_clearly(
    js: StreamClient,
) -> None:
    with pytest.raises(PublishRefused, match="exceeds what the NATS server accepts"):
        js.publish(_out(js, "a", b"x" * (2 << 20)))


def test_given_no_stream_behind_a_subject_when_asked_then_no_responders_named(
    js: StreamClient,
) -> None:
    lost = StreamClient(js.nc, StreamSpec("NO_SUCH_STREAM", "nowhere"), patience=0.5)

    with pytest.raises(EventStoreTimeout, match="no responders"):
        lost.publish(Outgoing("nowhere.events.a", b"x", {}))


# -- a restarted server


def _restartable(folder: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    return launch(folder, port), port


def test_given_the_server_restarted_when_published_and_read_then_reconnected_and_answered(
    tmp_path: Path,
) -> None:
    proc, port = _restartable(tmp_path / "store")
    spec = StreamSpec(f"R_{uuid.uuid4().hex[:8]}", "r")
    connection = JetStreamConnection(f"nats://127.0.0.1:{port}", spec, timeout=1, patience=20)
    try:
        js = connection.stream(spec, create=True)
        js.publish(_out(js, "a", b"before", expected=0))
        proc.terminate()
        proc.wait(timeout=10)
        proc = launch(tmp_path / "store", port)

        read = [m.data for m in js.read(1, None)]  # a read asks again until answered
        ack = js.publish(_out(js, "a", b"after", expected=1))
    finally:
        connection.close()
        proc.terminate()
        proc.wait(timeout=10)

    assert read == [b"before"]
    assert ack.seq == 2


def test_given_no_server_when_connecting_then_unavailable_in_one_sentence() -> None:
    url = f"nats://127.0.0.1:{free_port()}"

    with pytest.raises(EventStoreUnavailable, match="cannot reach NATS at"):
        Transport([url], name="test", timeout=1)


# -- refusals


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Secured]:
    tag = uuid.uuid4().hex[:8]
    spec = StreamSpec(f"TR_{tag}", f"tr_{tag}")
    proc, server = start_secured(tmp_path_factory.mktemp("secured"), spec)
    try:
        ops = JetStreamConnection(server.url, spec, auth=NatsAuth("ops", server.password("ops")))
        try:
            ops.stream(spec, create=True)
        finally:
            ops.close()
        yield server
    finally:
        stop(proc)


def test_given_a_wrong_password_when_connecting_then_the_credentials_are_named(
    secured: Secured,
) -> None:
    with pytest.raises(AccessDenied, match="refused the credentials of NATS user 'writer'"):
        Transport([secured.url], name="test", timeout=2, auth=NatsAuth("writer", "wrong"))


def test_given_a_role_that_may_not_publish_when_it_does_then_access_denied_at_once(
    secured: Secured,
) -> None:
    transport = Transport(
        [secured.url], name="test", timeout=5, auth=NatsAuth("reader", secured.password("reader"))
    )
    js = StreamClient(transport, secured.spec)
    started = time.monotonic()
    try:
        with pytest.raises(AccessDenied, match="its role does not allow this act"):
            js.publish(_out(js, "a", b"forged", expected=0))
    finally:
        transport.close()

    assert time.monotonic() - started < 2  # said when NATS refuses, not after the timeout
