"""The holes the attack script found (issue 17), each reproduced on an honest export, and
closed: an auditor trusts only the key it pinned, remembers what it accepted and read, and
names equivocation, cuts and rewrites with where they are."""

from __future__ import annotations

import base64
import json

import msgspec
import pytest

from core.audit.violation import contrast
from core.integrity import record_digest
from core.merkle import MerkleLog
from core.note import Checkpoint as NoteBody
from core.note import Signer, sign_note
from services.application.audit.checkpoints import TOPIC_V1, LegacyCheckpoint, encode_legacy
from services.application.audit.keys import key_id
from services.application.audit.leaf import leaf_hash
from services.entrypoints.cli.main import run
from tests.audit.tamper import (
    Export,
    cut,
    data,
    header,
    rechain,
    renumber,
    resign,
    set_data,
    set_header,
)


@pytest.fixture(autouse=True)
def no_pin(monkeypatch):
    monkeypatch.delenv("ASSEMBLY_TRUST", raising=False)


def verify(capsys, export, *args: str) -> tuple[int, dict, str]:
    code = run(["--json", "log", "verify-export", str(export), *args])
    out = capsys.readouterr()
    return code, json.loads(out.out.strip().splitlines()[-1]), out.err


def rules(verdict: dict) -> set[str]:
    return {v["rule"] for v in verdict["violations"]}


def rewritten(copy, honest) -> Export:
    """One fact before the checkpoint changed, its record's chain recomputed."""
    export = Export(copy)
    aggregate = str(header(export.records[0], "Assembly-Id"))
    victim = next(r for r in export.events_of(aggregate)[10:] if b"clerk:greffe" in data(r))
    set_data(victim, data(victim).replace(b"clerk:greffe", b"clerk:mayor"))
    rechain(export, aggregate)
    return export


def origin(honest) -> str:
    return f"assembly-record/{honest.settings.stream}"


def test_given_no_pinned_key_when_verifying_then_refused_saying_how_to_pin(honest, capsys):
    code = run(["log", "verify-export", str(honest.export)])
    err = capsys.readouterr().err
    audited = run(["audit", "verify", "--log", str(honest.export)])
    again = capsys.readouterr().err

    assert code == audited == 2
    assert "no log key pinned: give --trust VKEY" in err and "assembly keys show" in err
    assert "--trust-any" in again and "Traceback" not in err + again


def test_given_a_log_resigned_with_an_attackers_key_when_the_owners_key_is_pinned_then_named(
    copy, honest, capsys
):
    export = rewritten(copy, honest)
    resign(export, Signer.from_seed(origin(honest), bytes(range(32))))
    export.save()

    code, verdict, _ = verify(capsys, copy, "--trust", honest.vkey)
    any_code, _, warned = verify(capsys, copy, "--trust-any")

    assert code == 1 and {"checkpoint-key", "no-checkpoint"} <= rules(verdict)
    assert any_code == 0  # what the README's old example showed: it holds against itself...
    assert "warning: no log key pinned (--trust-any)" in warned  # ...and now says so


def test_given_trust_any_when_run_twice_then_it_warns_each_time(honest, capsys):
    _, _, first = verify(capsys, honest.export, "--trust-any")
    _, _, second = verify(capsys, honest.export, "--trust-any")

    assert "--trust VKEY" in first and "--trust VKEY" in second


def test_given_events_after_the_last_checkpoint_when_verified_then_how_many_and_since_when(
    honest, capsys
):
    code, verdict, _ = verify(capsys, honest.export, "--trust", honest.vkey)
    run(["log", "verify-export", str(honest.export), "--trust", honest.vkey])
    text = capsys.readouterr().out

    uncovered = verdict["uncovered"]
    assert code == 0
    assert uncovered["first_seq"] == honest.tree_size + 2  # after the checkpoint's own message
    assert uncovered["count"] == verdict["records"] - honest.tree_size - 1
    assert uncovered["since"].startswith("20")
    assert "are covered by no checkpoint yet" in text and uncovered["since"] in text


def test_given_a_log_with_no_checkpoint_when_verified_then_it_does_not_pass(copy, honest, capsys):
    export = Export(copy)
    export.records = [r for r in export.records if not r["subject"].endswith(".checkpoints")]
    renumber(export)
    cut(export, len(export.records))
    export.save()

    code, verdict, _ = verify(capsys, copy, "--trust", honest.vkey)

    assert code == 1 and rules(verdict) == {"no-checkpoint"}


def test_given_uncovered_events_cut_after_an_audit_when_verified_again_then_named(
    copy, honest, capsys
):
    first, _, _ = verify(capsys, honest.export, "--trust", honest.vkey)
    export = Export(copy)
    cut(export, len(export.records) - 50)  # only messages no checkpoint covers
    export.save()

    fresh, _, _ = verify(capsys, copy, "--trust", honest.vkey, "--auditor-state", str(copy.parent))
    code, verdict, _ = verify(capsys, copy, "--trust", honest.vkey)

    assert first == 0 and fresh == 0  # an auditor who never read it cannot know
    assert code == 1 and rules(verdict) == {"log-shorter-than-seen"}
    assert verdict["violations"][0]["aggregate"].endswith("seen.json")  # where it was read


def test_given_an_uncovered_event_rewritten_after_an_audit_when_verified_again_then_named(
    copy, honest, capsys
):
    verify(capsys, honest.export, "--trust", honest.vkey)
    export = Export(copy)
    late = next(r for r in reversed(export.records) if b"clerk:greffe" in data(r))
    assert late["seq"] > honest.tree_size + 1  # no checkpoint covers it
    set_data(late, data(late).replace(b"clerk:greffe", b"clerk:mayor"))
    rechain(export, str(header(late, "Assembly-Id")))
    export.save()

    code, verdict, _ = verify(capsys, copy, "--trust", honest.vkey)

    assert code == 1 and rules(verdict) == {"log-changed-since-seen"}
    assert verdict["violations"][0]["aggregate"].endswith("seen.json")


def test_given_an_old_checkpoint_file_and_a_truncated_log_when_the_auditor_remembers_then_named(
    copy, honest, capsys, tmp_path
):
    signer = honest.key.signer(origin(honest))
    later = Export(honest.export)
    full = len(later.records)
    newer = tmp_path / "newer.txt"  # what the checkpointer wrote later, the auditor accepted
    export = Export(copy)
    export.records.append(  # the later checkpoint, as the log held it
        _checkpoint_after(export, signer)
    )
    cut(export, full + 1)
    export.save()
    shown, verdict, _ = verify(capsys, copy, "--trust", honest.vkey)
    newer.write_text(verdict["latest_checkpoint"]["note"] + "\n")
    truncated = Export(copy)
    cut(truncated, honest.tree_size + 1 + 100)  # back to 100 messages after the old one
    truncated.save()

    fresh, _, _ = verify(
        capsys,
        copy,
        "--checkpoint",
        str(honest.checkpoints),
        "--trust",
        honest.vkey,
        "--auditor-state",
        str(tmp_path / "elsewhere"),
    )
    code, found, _ = verify(
        capsys, copy, "--checkpoint", str(honest.checkpoints), "--trust", honest.vkey
    )

    assert shown == 0 and verdict["latest_checkpoint"]["tree_size"] == full
    assert fresh == 0  # the finding: the old file alone accepts the cut log
    assert code == 1 and "log-shorter-than-remembered" in rules(found)


def _checkpoint_after(export: Export, signer: Signer) -> dict:
    """A second checkpoint event at the end of the log, chained to the first."""

    first = next(r for r in export.records if r["subject"].endswith(".checkpoints"))
    tree = MerkleLog()
    for r in export.records:
        tree.append(leaf_hash(r["seq"], r["subject"], dict(r["headers"]), data(r)))
    prev = record_digest(
        "log-checkpoints",
        1,
        str(header(first, "Assembly-Topic")),
        bytes.fromhex(str(header(first, "Assembly-Prev"))),
        data(first),
    )
    record = json.loads(json.dumps(first))
    record["seq"] = len(export.records) + 1
    set_header(record, "Assembly-Version", "2")
    set_header(record, "Assembly-Prev", prev.hex())
    set_header(record, "Nats-Msg-Id", "log-checkpoints:2")
    set_header(record, "Nats-Expected-Last-Subject-Sequence", str(first["seq"]))
    body = NoteBody(signer.name, tree.size, tree.root()).body()
    set_data(record, sign_note(body, signer).encode())
    return record


def test_given_a_history_rewritten_and_resigned_by_the_same_key_when_verified_then_equivocation(
    copy, honest, capsys
):
    export = rewritten(copy, honest)
    resign(export, honest.key.signer(origin(honest)))
    export.save()

    code, verdict, _ = verify(
        capsys, copy, "--checkpoint", str(honest.checkpoints), "--trust", honest.vkey
    )
    run(
        [
            "log",
            "verify-export",
            str(copy),
            "--checkpoint",
            str(honest.checkpoints),
            "--trust",
            honest.vkey,
        ]
    )
    text = capsys.readouterr().out

    [found] = [v for v in verdict["violations"] if v["rule"] == "equivocation"]
    mark = next(r for r in Export(copy).records if r["subject"].endswith(".checkpoints"))
    assert code == 1
    assert found["aggregate"] == f"{honest.checkpoints} line 1"  # where the other one is
    assert f"#{mark['seq']}" in found["expected"]
    assert found["evidence"] == [
        honest.checkpoints.read_text().rstrip("\n") + "\n",
        data(mark).decode(),
    ]
    assert "signed two histories" in text and data(mark).decode().split("\n")[2] in text


def test_given_a_remembered_checkpoint_when_the_log_is_rewritten_and_resigned_then_equivocation(
    copy, honest, capsys
):
    first, _, _ = verify(capsys, honest.export, "--trust", honest.vkey)
    export = rewritten(copy, honest)
    resign(export, honest.key.signer(origin(honest)))
    export.save()

    code, verdict, _ = verify(capsys, copy, "--trust", honest.vkey)

    assert first == 0
    assert code == 1 and "equivocation" in rules(verdict)
    [found] = [v for v in verdict["violations"] if v["rule"] == "equivocation"]
    assert found["aggregate"].endswith("checkpoint (accepted before by this auditor)")
    assert "log-changed-since-seen" in rules(verdict)


def test_given_checkpoints_written_before_signed_notes_when_verified_then_they_still_hold(
    copy, honest, capsys, tmp_path
):
    export = Export(copy)
    mark = next(r for r in export.records if r["subject"].endswith(".checkpoints"))
    size, root = data(mark).decode().split("\n")[1:3]
    unsigned = LegacyCheckpoint(
        origin=origin(honest),
        tree_size=int(size),
        root=base64.b64decode(root).hex(),
        at="2026-05-01T10:00:00Z",
        key_id=key_id(honest.key.public),
        public_key=honest.key.public_b64,
        signature="",
    )
    signature = base64.b64encode(honest.key.sign(unsigned.signed_text())).decode()
    legacy = msgspec.structs.replace(unsigned, signature=signature)
    set_data(mark, encode_legacy(legacy))
    set_header(mark, "Assembly-Topic", TOPIC_V1)
    export.save()
    old_file = tmp_path / "checkpoints.jsonl"
    old_file.write_text(encode_legacy(legacy).decode() + "\n")

    code, verdict, _ = verify(capsys, copy, "--checkpoint", str(old_file), "--trust", honest.vkey)
    tampered = msgspec.structs.replace(legacy, tree_size=legacy.tree_size - 1)
    old_file.write_text(encode_legacy(tampered).decode() + "\n")
    bad, found, _ = verify(capsys, copy, "--checkpoint", str(old_file), "--trust", honest.vkey)

    assert code == 0, verdict["violations"]
    assert verdict["checkpoints"] == 1 and verdict["latest_checkpoint"]["tree_size"] == int(size)
    assert bad == 1 and rules(found) == {"outside-checkpoint-signature"}


def test_given_two_long_texts_when_contrasted_then_the_differing_part_is_shown():
    expected = "x" * 500 + "root 1111" + "y" * 400
    found = "x" * 500 + "root 2222" + "y" * 400

    shown_expected, shown_found = contrast(expected, found)

    assert "root 1111" in shown_expected and "root 2222" in shown_found
    assert len(shown_expected) < 310 and shown_expected.startswith("…")
