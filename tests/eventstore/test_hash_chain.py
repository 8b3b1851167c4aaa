"""Every stored event links to the digest of the previous event of its aggregate."""

from __future__ import annotations

from uuid import uuid4

from eventsourcing.persistence import StoredEvent

from core.integrity import GENESIS
from services.adapters.eventstore.records import H_ID, H_PREV, digest_of
from tests.support.store import factory, raw_messages


def _events(originator, versions):
    return [StoredEvent(originator, v, "topic", f"state{v}".encode()) for v in versions]


def test_given_saves_from_cold_and_warm_recorders_when_read_back_then_each_aggregate_chains(
    stream_env,
) -> None:
    a, b = uuid4(), uuid4()
    with factory(stream_env) as f1, factory(stream_env) as f2:
        first, second = f1.application_recorder(), f2.application_recorder()

        first.insert_events(_events(a, [1, 2, 3]) + _events(b, [1]))  # one atomic batch
        second.insert_events(_events(a, [4]))  # cold cache: learns the head from the leader
        first.insert_events(_events(b, [2, 3]))  # warm cache
        messages = raw_messages(first)

    last: dict[str, bytes] = {}
    for m in messages:
        key = m.headers[H_ID]
        assert bytes.fromhex(m.headers[H_PREV]) == last.get(key, GENESIS), m.seq
        last[key] = digest_of(m.headers, m.data)
    assert len(messages) == 7


def test_given_a_stored_event_when_its_payload_changes_then_the_next_link_breaks(
    stream_env,
) -> None:
    a = uuid4()
    with factory(stream_env) as f:
        recorder = f.application_recorder()
        recorder.insert_events(_events(a, [1, 2]))
        one, two = raw_messages(recorder)

    forged = digest_of(one.headers, b"state1 (altered)")

    assert bytes.fromhex(two.headers[H_PREV]) == digest_of(one.headers, one.data)
    assert bytes.fromhex(two.headers[H_PREV]) != forged
