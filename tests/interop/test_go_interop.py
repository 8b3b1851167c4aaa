"""Our checkpoints and proofs, checked by an implementation nobody here wrote: Go's
golang.org/x/mod/sumdb/note (the signed note, with our vkey) and sumdb/tlog (an event's
inclusion proof, CheckRecord; the consistency proof between two checkpoints, CheckTree)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from core.merkle import MerkleLog
from core.note import Signer
from services.application.audit.checkpointer import Checkpointer, open_stream
from services.application.audit.checkpoints import SignedCheckpoint, origin_of
from services.application.audit.export import ExportFile
from services.application.audit.keys import create_key
from services.application.audit.leaf import leaf_hash
from services.application.audit.proofs import prove, read_log
from tests.audit.conftest import export, settings_for, write_year
from tests.support.natsd import unique_stream

CHOSEN = 100  # the event whose inclusion is proved (stream sequence)


@dataclass(frozen=True)
class TwoCheckpoints:
    vkey: str
    old: SignedCheckpoint
    new: SignedCheckpoint
    tree: MerkleLog
    export: Path


@pytest.fixture(scope="module")
def logged(tmp_path_factory) -> TwoCheckpoints:
    """A year, a checkpoint, a second cohort, a second checkpoint; the tree over them."""
    folder: Path = tmp_path_factory.mktemp("interop")
    env = unique_stream()
    settings = settings_for(env, folder)
    key = create_key(folder / "log.key")
    write_year(env)
    conn, js = open_stream(settings, lambda _: None)
    try:
        checkpointer = Checkpointer(js, key)
        first = checkpointer.checkpoint()
        write_year(env)
        second = checkpointer.checkpoint()
        tree = MerkleLog()
        for m in js.read(1, None):
            tree.append(leaf_hash(m.seq, m.subject, m.headers, m.data))
    finally:
        conn.close()
    assert first is not None and second is not None
    vkey = key.vkey(origin_of(settings.stream))
    path = folder / "log.jsonl"
    export(settings, path)
    return TwoCheckpoints(vkey, first.checkpoint, second.checkpoint, tree, path)


def given(log: TwoCheckpoints, **changes: object) -> dict[str, object]:
    new, old, tree = log.new, log.old, log.tree
    return {
        "vkey": log.vkey,
        "note": new.note,
        "old_note": old.note,
        "index": CHOSEN - 1,
        "leaf_hash": bytes(tree.levels[0][(CHOSEN - 1) * 32 : CHOSEN * 32]).hex(),
        "inclusion": [h.hex() for h in tree.inclusion_proof(CHOSEN - 1, new.tree_size)],
        "consistency": [h.hex() for h in tree.consistency_proof(old.tree_size, new.tree_size)],
        **changes,
    }


def test_given_our_checkpoints_when_go_checks_them_then_note_inclusion_and_consistency_hold(
    logged, go_check
):
    code, answer = go_check(given(logged))

    assert code == 0, answer
    assert answer["inclusion"] == answer["consistency"] == "ok"
    assert answer["checkpoint"] == {
        "origin": logged.new.origin,
        "size": logged.new.tree_size,
        "root": logged.new.root,
    }
    assert answer["old"]["size"] == logged.old.tree_size < logged.new.tree_size
    assert answer["signers"] == [f"{logged.new.origin}+{logged.new.key_id}"]


def test_given_a_proof_with_one_hash_changed_when_go_checks_it_then_inclusion_fails(
    logged, go_check
):
    honest = given(logged)
    inclusion = list(honest["inclusion"])  # type: ignore[call-overload]
    inclusion[2] = "00" * 32

    code, answer = go_check({**honest, "inclusion": inclusion})

    assert code == 1 and answer["inclusion"] != "ok" and answer["consistency"] == "ok"


def test_given_the_wrong_old_checkpoint_when_go_checks_consistency_then_it_fails(logged, go_check):
    code, answer = go_check(given(logged, old_note=logged.new.note))

    assert code == 1 and answer["inclusion"] == "ok" and answer["consistency"] != "ok"


def test_given_another_key_when_go_opens_our_note_then_it_refuses(logged, go_check):
    stranger = Signer.from_seed(logged.new.origin, bytes(32)).verifier.vkey

    code, answer = go_check(given(logged, vkey=stranger))

    assert code == 1 and "note.Open" in answer["error"]


def test_given_the_proof_audit_prove_gives_when_go_checks_it_then_it_holds(
    logged, go_check, tmp_path
):
    source = ExportFile(logged.export)
    try:
        checker, [message], broken = read_log(source, lambda m: m.seq == CHOSEN)
    finally:
        source.close()
    proof = prove(checker, message)

    code, answer = go_check(
        {
            "vkey": logged.vkey,
            "note": proof.checkpoint,
            "index": proof.seq - 1,
            "leaf_hash": proof.leaf_hash,
            "inclusion": proof.inclusion,
        }
    )

    assert broken == 0 and proof.tree_size == logged.new.tree_size
    assert code == 0 and answer["inclusion"] == "ok", answer
