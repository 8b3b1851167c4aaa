"""Checkpoints: signed over the documented leaves, recorded on their own subject with their
own chain, kept outside; never signed over an altered log; invisible to the application."""

from __future__ import annotations

import asyncio
import base64

import msgspec
import nats
import pytest

from commands.application import AssemblyRecord
from core import merkle
from core.integrity import GENESIS
from core.note import open_checkpoint
from services.adapters.eventstore.client import Outgoing, StreamClient
from services.adapters.eventstore.records import (
    H_EXPECTED,
    H_ID,
    H_MSG_ID,
    H_PREV,
    H_TOPIC,
    H_VERSION,
    digest_of,
    message_id,
)
from services.adapters.eventstore.stream import StreamSpec
from services.adapters.eventstore.transport import Transport
from services.application.audit.checkpointer import Checkpointer, LogAltered, open_stream
from services.application.audit.checkpoints import (
    CHECKPOINTS_ID,
    TOPIC_V1,
    LegacyCheckpoint,
    encode_legacy,
    origin_of,
    read_outside,
)
from services.application.audit.keys import create_key
from services.application.audit.leaf import leaf_bytes, leaf_hash
from services.application.audit.source import open_source
from services.application.audit.structural import structural_audit
from services.application.audit.trust import Trust
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


def test_given_a_checkpoint_written_before_signed_notes_when_checkpointing_on_then_both_hold(
    tmp_path,
) -> None:
    env = unique_stream()
    write_year(env)
    settings = settings_for(env, tmp_path)
    key = create_key(tmp_path / "log.key")
    conn, js = open_stream(settings, lambda _: None)
    try:
        tree = merkle.MerkleLog()
        for m in js.read(1, None):
            tree.append(leaf_hash(m.seq, m.subject, m.headers, m.data))
        unsigned = LegacyCheckpoint(
            origin=origin_of(settings.stream),
            tree_size=tree.size,
            root=tree.root().hex(),
            at="2026-05-01T10:00:00Z",
            key_id=key.id,
            public_key=key.public_b64,
            signature="",
        )
        old = msgspec.structs.replace(
            unsigned, signature=base64.b64encode(key.sign(unsigned.signed_text())).decode()
        )
        headers = {
            H_ID: CHECKPOINTS_ID,
            H_VERSION: "1",
            H_TOPIC: TOPIC_V1,
            H_PREV: GENESIS.hex(),
            H_MSG_ID: message_id(CHECKPOINTS_ID, 1),
            H_EXPECTED: "0",
        }
        js.publish(Outgoing(js.spec.checkpoints, encode_legacy(old), headers))
        write_year(env)
        done = Checkpointer(js, key).checkpoint()
    finally:
        conn.close()
    source = open_source(settings, None, lambda _: None)
    try:
        trust = Trust((key.verifier(origin_of(settings.stream)),))
        report = structural_audit(source, trust=trust)
    finally:
        source.close()

    assert done is not None and done.checkpoint.note
    assert report.violations == [] and report.checkpoints == 2
    assert report.latest is not None and report.latest.tree_size == done.checkpoint.tree_size
