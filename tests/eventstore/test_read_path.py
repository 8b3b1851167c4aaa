"""The read path: batched direct gets and pulls through a consumer.

What is read back is what was stored, every message once and in sequence order, whatever
the header values and the payload sizes.
"""

from __future__ import annotations

from typing import Any

import pytest

from services.adapters.eventstore import client as client_module
from services.adapters.eventstore.client import Outgoing, StreamClient
from services.adapters.eventstore.connection import JetStreamConnection
from services.adapters.eventstore.headers import parse_headers
from services.adapters.eventstore.stream import StreamSpec
from services.adapters.eventstore.transport import Delivery, Transport

# -- header blocks


def _block(first: str, lines: list[str]) -> bytes:
    return ("\r\n".join([first, *lines]) + "\r\n\r\n").encode()


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (b"NATS/1.0\r\n\r\n", {}),
        (
            b"NATS/1.0 204 EOB\r\nNats-Num-Pending: 0\r\n\r\n",
            {"Status": "204", "Description": "EOB", "Nats-Num-Pending": "0"},
        ),
        (b"NATS/1.0 503\r\n\r\n", {"Status": "503"}),
        (b"NATS/1.0\r\nA: b\r\n", {"A": "b"}),  # no blank line at the end
        (
            _block("NATS/1.0", ["A: b: c", "D:e", "F:  g\t ", "garbage", "", "A: 2"]),
            {"A": "2", "D": "e", "F": "g"},
        ),  # a repeated name: the last value
        (_block("NATS/1.0", ["N: \u00e9 \u2713", "Id: x:6"]), {"N": "\u00e9 \u2713", "Id": "x:6"}),
    ],
)
def test_given_a_status_or_an_odd_block_when_parsed_then_its_headers(
    block: bytes, expected: dict[str, str]
) -> None:
    assert parse_headers(block) == expected


# -- against the real server


@pytest.fixture
def client(stream_env: dict[str, str]) -> Any:
    spec = StreamSpec(stream_env["ASSEMBLY_STREAM"], stream_env["ASSEMBLY_SUBJECT_PREFIX"])
    connection = JetStreamConnection(stream_env["NATS_URL"], spec)
    try:
        yield connection.stream(spec, create=True)
    finally:
        connection.close()


def _written(js: StreamClient) -> list[Outgoing]:
    spec = js.spec
    out = []
    for i in range(1, 301):
        headers = {
            "Assembly-Id": f"agg-{i % 7}",
            "Assembly-Version": str(i),
            "Assembly-Topic": "t.v1",
            "Odd-Value": ["a: b", "x:y", "é ü", "  padded  ", "tab\there", "-"][i % 6],
        }
        data = (b"\x00\r\nHMSG \xff" * (i % 5)) + str(i).encode()
        if i in (17, 240):
            data = b"\r\n" * 450_000  # ~900 KB
        out.append(Outgoing(spec.event_subject(f"agg-{i % 7}"), data, headers))
    for o in out:
        js.publish(o)
    return out


@pytest.mark.parametrize("batch", [1, 7, 1000])
def test_given_a_stream_with_odd_headers_and_large_payloads_when_read_then_all_as_stored(
    client: StreamClient, batch: int
) -> None:
    written = _written(client)

    read = list(client.read(1, None, batch))

    assert [m.seq for m in read] == list(range(1, len(written) + 1))
    for m, o in zip(read, written, strict=True):
        assert m.subject == o.subject
        assert m.data == o.data
        stored = {k: v for k, v in m.headers.items() if not k.startswith("Nats-")}
        assert stored == {k: v.strip() for k, v in o.headers.items()}
        assert m.headers["Nats-Sequence"] == str(m.seq)


def test_given_a_subject_when_read_then_only_its_messages_in_order(client: StreamClient) -> None:
    written = _written(client)
    subject = client.spec.event_subject("agg-3")

    read = list(client.read(1, subject, 5))

    expected = [i for i, o in enumerate(written, start=1) if o.subject == subject]
    assert [m.seq for m in read] == expected
    assert {m.subject for m in read} == {subject}


def test_given_a_pool_when_batches_follow_publishes_then_the_connection_stays_usable(
    client: StreamClient,
) -> None:
    for i in range(3):
        client.publish(Outgoing(client.spec.event_subject("a"), b"x%d" % i, {"Assembly-Id": "a"}))
        msgs, pending = client.direct_batch(1, 100, None)
        assert [m.data for m in msgs] == [b"x%d" % j for j in range(i + 1)]
        assert pending == 0
    assert client.direct_batch(10, 100, None) == ([], 0)
    assert isinstance(client.nc, Transport)


# -- whole-stream reads through a pull consumer: the same messages, headers and all


def _direct_only(js: StreamClient) -> StreamClient:
    other = StreamClient(js.nc, js.spec)
    other.pulls = False
    return other


@pytest.mark.parametrize("batch", [1000, 4096])
def test_given_a_stream_when_read_through_a_consumer_then_as_by_direct_gets_headers_included(
    client: StreamClient, batch: int
) -> None:
    written = _written(client)
    client.publish(Outgoing(client.spec.event_subject("bare"), b"no headers", {}))
    for i in range(2500):
        client.publish(Outgoing(client.spec.event_subject("x"), b"%d" % i, {"N": str(i)}))

    pulled = list(client.read(1, None, batch))
    direct = list(_direct_only(client).read(1, None, batch))

    assert client.pulls  # it did read through a consumer
    assert [m.seq for m in pulled] == list(range(1, len(written) + 2502))
    assert pulled == direct
    assert all(list(a.headers) == list(b.headers) for a, b in zip(pulled, direct, strict=True))
    assert client.direct_batch(2000, 1000, None) == _direct_only(client).direct_batch(
        2000, 1000, None
    )
    assert client.direct_batch(len(pulled) + 1, 1000, None) == ([], 0)


def test_given_deleted_messages_when_read_through_a_consumer_then_every_other_once_in_order(
    stream_env: dict[str, str],
) -> None:
    tag = stream_env["ASSEMBLY_STREAM"]
    spec = StreamSpec(tag, stream_env["ASSEMBLY_SUBJECT_PREFIX"])
    connection = JetStreamConnection(stream_env["NATS_URL"], spec)
    try:
        jsm = connection.js.js  # a plain stream that allows deletes: not ours, to make gaps
        connection.run(jsm.add_stream(name=tag, subjects=[f"{spec.prefix}.>"], allow_direct=True))
        js = StreamClient(connection.transport, spec)
        for i in range(1, 3001):
            js.publish(Outgoing(spec.event_subject("a"), b"%d" % i, {"N": str(i)}))
        gone = {1, 2, 999, 1000, 1001, 2500, 3000}
        for seq in gone:
            connection.run(jsm.delete_msg(tag, seq))

        pulled = list(js.read(1, None, 1000))
        direct = list(_direct_only(js).read(1, None, 1000))

        assert [m.seq for m in pulled] == [s for s in range(1, 3001) if s not in gone]
        assert [m.data for m in pulled] == [b"%d" % m.seq for m in pulled]
        assert pulled == direct
    finally:
        connection.close()


def test_given_the_consumer_gone_mid_read_when_read_then_the_rest_read_from_there(
    client: StreamClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(1, 3501):
        client.publish(Outgoing(client.spec.event_subject("a"), b"%d" % i, {"N": str(i)}))
    pulls: list[str] = []
    original = StreamClient._pulled

    def vanishing(
        self: StreamClient, name: str, batch: int, delivered: int, ahead: bool = False
    ) -> Any:
        pulls.append(name)
        if len(pulls) == 2:
            self._forget(name)  # as an idle consumer removed by the server
        return original(self, name, batch, delivered, ahead)

    monkeypatch.setattr(StreamClient, "_pulled", vanishing)

    read = list(client.read(1, None, 1000))

    # The batch asked ahead may have come before the consumer went; then the rest is read
    # by direct gets from where the consumer stopped.
    assert pulls[0] == pulls[1] and len(pulls) >= 2
    assert [m.seq for m in read] == list(range(1, 3501))
    assert [m.data for m in read] == [b"%d" % i for i in range(1, 3501)]


def test_given_a_missed_delivery_when_built_then_refused_not_a_gap() -> None:
    def delivery(seq: int, cseq: int, pending: int) -> Delivery:
        return "s.events.a", seq, cseq, 1764199500201641839, pending, b"", b"x"

    whole = [delivery(1, 1, 2), delivery(2, 2, 1), delivery(3, 3, 0)]
    holed = [delivery(1, 1, 2), delivery(3, 3, 0)]

    built = client_module._delivered("S", whole, 0)
    assert built is not None and [m.seq for m in built[0]] == [1, 2, 3] and built[1] == 0
    assert built[0][0].headers["Nats-Time-Stamp"] == "2025-11-26T23:25:00.201641839Z"
    assert client_module._delivered("S", holed, 0) is None
    assert client_module._delivered("S", whole, 5) is None  # not following on


@pytest.mark.parametrize(
    ("ns", "stamp"),
    [
        (1764199500_201641839, "2025-11-26T23:25:00.201641839Z"),
        (1764199500_200000000, "2025-11-26T23:25:00.2Z"),
        (1764199500_000000010, "2025-11-26T23:25:00.00000001Z"),
        (1764199500_000000000, "2025-11-26T23:25:00Z"),
    ],
)
def test_given_a_delivery_time_when_stamped_then_as_nats_server_writes_it(
    ns: int, stamp: str
) -> None:
    assert client_module._stamp(ns) == stamp


def test_given_other_requests_between_batches_when_read_then_still_every_message_in_order(
    client: StreamClient,
) -> None:
    for i in range(1, 3501):
        client.publish(Outgoing(client.spec.event_subject(f"a{i % 2}"), b"%d" % i, {}))
    read, lasts = [], []

    for m in client.read(1, None, 1000):  # the next batch is asked for ahead
        read.append(m)
        if m.seq % 1000 == 0:  # meanwhile, on the same connection, another request
            last = client.direct_last(client.spec.event_subject("a0"))
            lasts.append(None if last is None else last.seq)

    assert [m.seq for m in read] == list(range(1, 3501))
    assert [m.data for m in read] == [b"%d" % i for i in range(1, 3501)]
    assert lasts == [3500, 3500, 3500]


def test_given_a_read_left_halfway_when_the_connection_is_used_again_then_it_answers_right(
    client: StreamClient,
) -> None:
    for i in range(1, 3001):
        client.publish(Outgoing(client.spec.event_subject("a"), b"%d" % i, {}))
    reading = client.read(1, None, 1000)
    first = [next(reading) for _ in range(1500)]
    reading.close()  # abandoned with the next batch asked for

    ack = client.publish(Outgoing(client.spec.event_subject("a"), b"after", {}))
    again = list(client.read(1, None, 1000))

    assert [m.seq for m in first] == list(range(1, 1501))
    assert ack.seq == 3001
    assert [m.seq for m in again] == list(range(1, 3002)) and again[-1].data == b"after"


def test_given_a_catch_up_when_paged_then_a_consumer_only_while_far_behind(
    client: StreamClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(1, 3501):
        client.publish(Outgoing(client.spec.event_subject("a"), b"%d" % i, {}))
    made: list[int] = []
    original = StreamClient._consumer

    def counted(self: StreamClient, start: int) -> str | None:
        made.append(start)
        return original(self, start)

    monkeypatch.setattr(StreamClient, "_consumer", counted)

    pages = [client.direct_batch(s, 1000, None) for s in (1, 1001, 2001, 3001, 3501)]

    assert [[m.seq for m in p] for p, _ in pages] == [
        list(range(s, min(s + 1000, 3501))) for s in (1, 1001, 2001, 3001, 3501)
    ]
    assert [pending for _, pending in pages] == [2500, 1500, 500, 0, 0]
    assert made == [1001, 2001]  # the first page tells how far behind; the tail: direct gets
