"""Each attack on an exported honest log is named by the audit: the rule it breaks."""

from __future__ import annotations

import asyncio
import base64
import json
from pathlib import Path

import nats

from core.audit.violation import Violation
from core.note import Verifier
from services.adapters.eventstore.stream import StreamSpec
from services.application.audit.checkpoints import read_outside
from services.application.audit.export import ExportFile
from services.application.audit.source import open_source
from services.application.audit.structural import structural_audit
from services.application.audit.trust import Trust
from tests.audit.conftest import HonestLog, settings_for
from tests.audit.tamper import Export, data, header, rechain, renumber, set_data, set_header
from tests.support.natsd import unique_stream
from tests.support.store import create_weak_stream


def audit(path: Path, honest: HonestLog, outside: Path | None = None) -> list[Violation]:
    """The audit of an auditor who pinned the honest log key."""
    source = ExportFile(path)
    trust = Trust((Verifier.from_vkey(honest.vkey),))
    try:
        kept = read_outside(outside or honest.checkpoints)
        return structural_audit(source, outside=kept, trust=trust).violations
    finally:
        source.close()


def rules(violations: list[Violation]) -> set[str]:
    return {v.rule for v in violations}


def first_record(export: Export) -> str:
    return str(header(export.records[0], "Assembly-Id"))


def test_given_the_honest_export_when_audited_then_no_violation(honest) -> None:
    violations = audit(honest.export, honest)

    assert violations == []


def test_given_a_payload_changed_in_place_when_audited_then_the_next_link_breaks(copy, honest):
    export = Export(copy)
    events = export.events_of(first_record(export))
    victim = next(r for r in events[10:] if b'"by":"clerk:greffe"' in data(r))
    set_data(victim, data(victim).replace(b'"by":"clerk:greffe"', b'"by":"clerk:mayor"'))
    export.save()

    violations = audit(copy, honest)

    following = events[events.index(victim) + 1]
    assert any(v.rule == "hash-chain" and v.seq == following["seq"] for v in violations)
    assert any(v.rule == "record-digest" and v.seq == victim["seq"] for v in violations)
    assert "outside-checkpoint-root" in rules(violations)


def test_given_a_payload_respelled_when_audited_then_not_canonical(copy, honest):
    export = Export(copy)
    victim = export.events_of(first_record(export))[5]
    set_data(victim, data(victim).replace(b'{"', b'{ "', 1))
    export.save()

    violations = audit(copy, honest)

    assert any(v.rule == "canonical-bytes" and v.seq == victim["seq"] for v in violations)


def test_given_an_event_changed_and_the_chain_recomputed_when_audited_then_the_outside_checkpoint_catches_it(  # noqa: E501
    copy, honest
):
    export = Export(copy)
    aggregate = first_record(export)
    victim = next(r for r in export.events_of(aggregate)[10:] if b"clerk:greffe" in data(r))
    set_data(victim, data(victim).replace(b"clerk:greffe", b"clerk:mayor"))
    rechain(export, aggregate)
    export.records = [r for r in export.records if not r["subject"].endswith(".checkpoints")]
    renumber(export)
    export.save()

    violations = audit(copy, honest)

    assert "hash-chain" not in rules(violations)
    assert "outside-checkpoint-root" in rules(violations)


def test_given_a_middle_event_deleted_when_audited_then_a_gap(copy, honest):
    export = Export(copy)
    victim = export.events_of(first_record(export))[100]
    export.records.remove(victim)
    export.save()

    violations = audit(copy, honest)

    assert any(v.rule == "sequence-gap" and v.seq == victim["seq"] + 1 for v in violations)


def test_given_the_tail_cut_when_audited_then_shorter_than_the_outside_checkpoint(copy, honest):
    export = Export(copy)
    export.records = export.records[: honest.tree_size - 50]
    export.save()

    violations = audit(copy, honest)

    assert "log-shorter-than-checkpoint" in rules(violations)


def test_given_two_events_swapped_when_audited_then_out_of_order(copy, honest):
    export = Export(copy)
    i = export.records.index(export.events_of(first_record(export))[50])
    export.records[i], export.records[i + 1] = export.records[i + 1], export.records[i]
    export.save()

    violations = audit(copy, honest)

    assert "sequence-order" in rules(violations)


def test_given_two_events_swapped_and_renumbered_when_audited_then_the_chain_breaks(copy, honest):
    export = Export(copy)
    i = export.records.index(export.events_of(first_record(export))[50])
    export.records[i], export.records[i + 1] = export.records[i + 1], export.records[i]
    renumber(export)
    export.save()

    violations = audit(copy, honest)

    assert {"hash-chain", "version-sequence"} <= rules(violations)
    assert "sequence-order" not in rules(violations)


def test_given_a_forged_event_inserted_when_audited_then_chain_and_continuity_break(copy, honest):
    export = Export(copy)
    model = export.events_of(first_record(export))[60]
    forged = json.loads(json.dumps(model))
    set_data(forged, data(model).replace(b"clerk:greffe", b"clerk:forger"))
    export.records.insert(export.records.index(model) + 1, forged)
    export.save()

    violations = audit(copy, honest)

    assert "sequence-order" in rules(violations)
    assert {"hash-chain", "version-sequence"} <= rules(violations)


def test_given_a_forged_event_inserted_with_a_new_version_when_audited_then_the_chain_breaks(
    copy, honest
):
    export = Export(copy)
    aggregate = first_record(export)
    events = export.events_of(aggregate)
    forged = json.loads(json.dumps(events[60]))
    export.records.insert(export.records.index(events[60]) + 1, forged)
    for r in export.events_of(aggregate)[61:]:
        set_header(r, "Assembly-Version", str(int(header(r, "Assembly-Version") or 0) + 1))
    renumber(export)
    export.save()

    violations = audit(copy, honest)

    assert "hash-chain" in rules(violations)


def test_given_an_export_with_a_weakened_config_when_audited_then_config_violations(copy, honest):
    export = Export(copy)
    export.head["config"].update(deny_delete=False, max_age=86_400_000_000_000)
    export.save()

    violations = audit(copy, honest)

    found = [v.found for v in violations if v.rule == "stream-config"]
    assert any("deny_delete" in f for f in found)
    assert any("max_age" in f for f in found)


def test_given_a_live_stream_created_weak_when_audited_then_config_violations(tmp_path):
    env = unique_stream()
    asyncio.run(create_weak_stream(env))
    source = open_source(settings_for(env, tmp_path), None, lambda _: None)

    try:
        violations = structural_audit(source).violations
    finally:
        source.close()

    found = [v.found for v in violations if v.rule == "stream-config"]
    assert any("deny_purge" in f for f in found)
    assert any("max_msgs" in f for f in found)


def test_given_a_message_on_a_foreign_subject_when_audited_then_named(tmp_path):
    env = unique_stream()
    asyncio.run(create_weak_stream(env))

    async def publish() -> None:
        nc = await nats.connect(env["NATS_URL"])
        await nc.jetstream().publish(f"{env['ASSEMBLY_SUBJECT_PREFIX']}.events.x", b"{}")
        await nc.close()

    asyncio.run(publish())
    source = open_source(settings_for(env, tmp_path), None, lambda _: None)
    try:
        violations = structural_audit(source).violations
    finally:
        source.close()

    assert "record-headers" in rules(violations)


def test_given_the_last_messages_deleted_from_a_weak_live_stream_when_audited_then_a_gap_at_the_end(
    tmp_path,
):
    env = unique_stream()
    spec = StreamSpec(env["ASSEMBLY_STREAM"], env["ASSEMBLY_SUBJECT_PREFIX"])

    async def weak_stream_cut_at_the_end() -> None:
        nc = await nats.connect(env["NATS_URL"])
        js = nc.jetstream()
        config = spec.config()
        config.deny_delete = False
        await js.add_stream(config)
        for i in range(3):
            await js.publish(spec.event_subject("x"), str(i).encode())
        await js.delete_msg(spec.name, 3)
        await nc.close()

    asyncio.run(weak_stream_cut_at_the_end())
    source = open_source(settings_for(env, tmp_path), None, lambda _: None)
    try:
        violations = structural_audit(source).violations
    finally:
        source.close()

    assert any(v.rule == "sequence-gap" and v.seq == 3 for v in violations)
    assert any(v.rule == "stream-config" and "deny_delete" in v.found for v in violations)


def test_given_a_recorded_checkpoint_with_its_root_changed_when_audited_then_named(copy, honest):
    export = Export(copy)
    mark = next(r for r in export.records if r["subject"].endswith(".checkpoints"))
    origin, size, _root, rest = data(mark).decode().split("\n", 3)
    zero = base64.b64encode(bytes(32)).decode()
    set_data(mark, "\n".join([origin, size, zero, rest]).encode())
    export.save()

    violations = audit(copy, honest)

    found = {v.rule for v in violations if v.seq == mark["seq"]}
    assert found == {"checkpoint-signature"}  # a root the key did not sign is not checked


def test_given_an_outside_checkpoint_with_a_forged_signature_when_audited_then_named(
    honest, tmp_path
):
    forged = tmp_path / "checkpoints.txt"
    origin, size, rest = honest.checkpoints.read_text().split("\n", 2)
    forged.write_text("\n".join([origin, str(int(size) - 1), rest]))

    violations = audit(honest.export, honest, outside=forged)

    assert rules(violations) == {"outside-checkpoint-signature"}
    assert violations[0].aggregate == f"{forged} line 1"  # where it is
