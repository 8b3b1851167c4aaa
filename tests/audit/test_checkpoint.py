"""Checkpoints: signed over the documented leaves, recorded on their own subject with their
own chain, kept outside; never signed over an altered log; invisible to the application."""

from __future__ import annotations

import asyncio

import nats
import pytest

from commands.application import AssemblyRecord
from core import merkle
from core.note import open_checkpoint
from services.adapters.eventstore.client import StreamClient
from services.adapters.eventstore.records import H_ID, H_PREV, digest_of
from services.adapters.eventstore.stream import StreamSpec
from services.adapters.eventstore.transport import Transport
from services.application.audit.checkpointer import Checkpointer, LogAltered, open_stream
from services.application.audit.checkpoints import CHECKPOINTS_ID, read_outside
from services.application.audit.keys import create_key
from services.application.audit.leaf import leaf_bytes
from tests.audit.conftest import MAPPER, settings_for, write_year
from tests.support.natsd import unique_stream


def test_given_a_year_when_checkpointed_twice_then_signed_chained_and_kept_outside(
    tmp_path,
) -> None:
    env = unique_stream()
    write_year(env)
    key = create_key(tmp_path / "log.key")
    out = tmp_path / "checkpoints.jsonl"
    conn, js = open_stream(settings_for(env, tmp_path), lambda _: None)
    try:
        checkpointer = Checkpointer(js, key, out)
        first = checkpointer.checkpoint()
        idle = checkpointer.checkpoint()
        write_year(env)
        second = checkpointer.checkpoint()
        stored = list(js.read(1, None))
    finally:
        conn.close()

    assert first is not None and second is not None and idle is None
    leaves = [leaf_bytes(m.seq, m.subject, m.headers, m.data) for m in stored]
    for done in (first, second):
        c = done.checkpoint
        assert bytes.fromhex(c.root) == merkle.root(leaves[: c.tree_size])
        body, _ = open_checkpoint(c.note, [key.verifier(c.origin)])
        assert (body.size, body.root_hash.hex()) == (c.tree_size, c.root)
        assert c.check([key.verifier(c.origin)]) == ("", "")
        stored_note = next(m for m in stored if m.seq == done.position).data.decode()
        assert stored_note == c.note  # the event's payload is the signed note itself
    assert first.checkpoint.tree_size == first.position - 1
    assert [c.note for c in read_outside(out)] == [first.checkpoint.note, second.checkpoint.note]
    marks = [m for m in stored if m.subject == js.spec.checkpoints]
    assert [m.headers[H_ID] for m in marks] == [CHECKPOINTS_ID, CHECKPOINTS_ID]
    assert marks[1].headers[H_PREV] == digest_of(marks[0].headers, marks[0].data).hex()


def test_given_a_checkpoint_in_the_log_when_the_application_reads_then_it_never_sees_it(
    tmp_path,
) -> None:
    env = unique_stream()
    write_year(env)
    conn, js = open_stream(settings_for(env, tmp_path), lambda _: None)
    try:
        done = Checkpointer(js, create_key(tmp_path / "log.key")).checkpoint()
    finally:
        conn.close()
    assert done is not None
    app = AssemblyRecord(
        env={"PERSISTENCE_MODULE": "services.adapters.eventstore", "MAPPER_TOPIC": MAPPER, **env}
    )

    try:
        notifications = app.recorder.select_notifications(1, 100_000)
        last = app.recorder.max_notification_id()
    finally:
        app.close()

    assert all(n.id != done.position for n in notifications)
    assert last == done.position - 1


def test_given_a_message_deleted_from_a_weak_stream_when_checkpointing_then_nothing_signed(
    tmp_path,
) -> None:
    env = unique_stream()
    spec = StreamSpec(env["ASSEMBLY_STREAM"], env["ASSEMBLY_SUBJECT_PREFIX"])

    async def weak_stream_with_a_hole() -> None:
        nc = await nats.connect(env["NATS_URL"])
        js = nc.jetstream()
        config = spec.config()
        config.deny_delete = False
        await js.add_stream(config)
        for i in range(3):
            await js.publish(spec.event_subject("x"), str(i).encode())
        await js.delete_msg(spec.name, 2)
        await nc.close()

    asyncio.run(weak_stream_with_a_hole())
    client = StreamClient(Transport([env["NATS_URL"]], name="test"), spec)
    out = tmp_path / "checkpoints.jsonl"

    with pytest.raises(LogAltered, match="has no message 2"):
        Checkpointer(client, create_key(tmp_path / "log.key"), out).checkpoint()

    try:
        assert client.last_on_subject(spec.checkpoints) is None
    finally:
        client.nc.close()
    assert out.read_text() == ""
