"""`assembly witness serve` as C2SP tlog-witness says: cosigns only what extends what it
cosigned, answers each refusal with the spec's status, and remembers across restarts."""

from __future__ import annotations

import http.client
import threading
import urllib.parse

import pytest

from core import merkle
from core.merkle import MerkleLog
from core.note import Checkpoint, Verifier, open_note, sign_note
from core.witness import SIZE_TYPE, request_body
from services.application.witness.client import WitnessClient, WitnessConfig, WitnessFailed
from tests.support.witnessd import WitnessProcess, log_signer

ORIGINS = [f"assembly-record/TEST{i}" for i in range(12)]
_free = iter(ORIGINS)


def _tree(n: int, salt: bytes = b"") -> MerkleLog:
    tree = MerkleLog()
    for i in range(n):
        tree.append(merkle.leaf_hash(salt + str(i).encode()))
    return tree


def _note(origin: str, tree: MerkleLog, size: int, signer=None) -> str:
    body = Checkpoint(origin, size, tree.root(size)).body()
    return sign_note(body, signer or log_signer(origin))


def _post(url: str, body: bytes) -> tuple[int, str, str]:
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.netloc, timeout=10)
    try:
        conn.request("POST", "/add-checkpoint", body)
        r = conn.getresponse()
        return r.status, r.headers.get("Content-Type", ""), r.read().decode()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def witness(tmp_path_factory):
    """One witness process for the module, each test on a log (origin) of its own."""
    vkeys = [log_signer(o).verifier.vkey for o in ORIGINS]
    w = WitnessProcess(tmp_path_factory.mktemp("w"), vkeys).init().start()
    yield w
    w.stop()


@pytest.fixture
def origin() -> str:
    return next(_free)


def test_given_a_first_checkpoint_when_added_then_a_cosignature_by_the_witness(witness, origin):
    tree = _tree(10)
    note = _note(origin, tree, 10)

    status, _, text = _post(witness.url, request_body(0, [], note))

    assert status == 200
    opened = open_note(note + text, [witness.verifier])  # the spec's way to read the answer
    assert opened.verified == (witness.verifier,)


def test_given_a_cosigned_size_when_another_old_is_sent_then_409_with_the_size(witness, origin):
    tree = _tree(20)
    assert _post(witness.url, request_body(0, [], _note(origin, tree, 10)))[0] == 200

    status, kind, text = _post(witness.url, request_body(0, [], _note(origin, tree, 20)))

    assert (status, kind, text) == (409, SIZE_TYPE, "10\n")
    proof = tree.consistency_proof(10, 20)
    assert _post(witness.url, request_body(10, proof, _note(origin, tree, 20)))[0] == 200


def test_given_a_history_that_does_not_extend_when_added_then_422_or_409(witness, origin):
    honest, forked = _tree(20), _tree(20, salt=b"fork")
    assert _post(witness.url, request_body(0, [], _note(origin, honest, 10)))[0] == 200

    # the forked log's own consistency proof from 10 to 20: it does not extend honest's 10
    bad_proof = _post(
        witness.url, request_body(10, forked.consistency_proof(10, 20), _note(origin, forked, 20))
    )
    same_size = _post(witness.url, request_body(10, [], _note(origin, forked, 10)))

    assert bad_proof[0] == 422
    assert same_size[:2] == (409, SIZE_TYPE) and same_size[2] == "10\n"


@pytest.mark.parametrize(
    ("case", "status"),
    [("unknown origin", 404), ("another key", 403), ("garbage", 400), ("old above size", 400)],
)
def test_given_a_bad_request_when_added_then_the_spec_s_status(witness, origin, case, status):
    tree = _tree(5)
    if case == "unknown origin":
        body = Checkpoint("other.example/log", 5, tree.root()).body()
        note = sign_note(body, log_signer("other.example/log"))
        request = request_body(0, [], note)
    elif case == "another key":
        request = request_body(0, [], _note(origin, tree, 5, log_signer(origin, b"\x02" * 32)))
    elif case == "garbage":
        request = b"old x\n\nnot a note"
    else:
        request = request_body(6, [], _note(origin, tree, 5))

    assert _post(witness.url, request)[0] == status


def test_given_a_restart_when_asked_again_then_it_remembers_and_never_goes_back(tmp_path):
    origin, tree = ORIGINS[-1], _tree(30)
    witness = WitnessProcess(tmp_path / "w", [log_signer(origin).verifier.vkey]).init().start()
    try:
        assert _post(witness.url, request_body(0, [], _note(origin, tree, 30)))[0] == 200
        assert witness.stop() == 0

        witness.start()
        older = _post(witness.url, request_body(0, [], _note(origin, tree, 10)))
    finally:
        witness.stop()

    assert older[0] == 409 and older[2] == "30\n"


def test_given_the_log_s_client_when_it_knows_no_size_then_it_follows_409_and_keeps_cosigs(
    witness, origin
):
    tree = _tree(50)
    first = WitnessClient(WitnessConfig(witness.url, witness.verifier))
    proof = tree.consistency_proof
    assert first.cosign(_note(origin, tree, 20), 20, lambda old: proof(old, 20))
    client = WitnessClient(WitnessConfig(witness.url, witness.verifier))  # a fresh process

    signatures = client.cosign(_note(origin, tree, 50), 50, lambda old: proof(old, 50))

    assert [(s.name, s.key_id) for s in signatures] == [
        (witness.verifier.name, witness.verifier.key_id)
    ]
    with pytest.raises(WitnessFailed, match="beyond this checkpoint"):
        client.known_size = 0
        client.cosign(_note(origin, tree, 40), 40, lambda old: tree.consistency_proof(old, 40))
    client.close()
    first.close()


def test_given_a_cosignature_from_another_key_when_the_client_checks_then_refused(witness, origin):
    tree = _tree(5)
    impostor = Verifier(witness.verifier.name, b"\x07" * 32, witness.verifier.signature_type)
    client = WitnessClient(WitnessConfig(witness.url, impostor))

    with pytest.raises(WitnessFailed, match="no valid cosignature"):
        client.cosign(_note(origin, tree, 5), 5, lambda old: tree.consistency_proof(old, 5))
    client.close()


def test_given_two_checkpoints_sent_at_once_from_one_size_when_judged_then_one_cosigned(
    witness, origin
):
    """Checking ``old`` and storing are one step: of two requests from the same old size, one
    is cosigned and the other told the new size (the spec's race cannot roll it back)."""
    tree = _tree(40)
    bodies = [request_body(0, [], _note(origin, tree, n)) for n in (10, 40)]
    results: list[tuple[int, str, str]] = []
    threads = [
        threading.Thread(target=lambda b=b: results.append(_post(witness.url, b))) for b in bodies
    ]

    for t in threads:
        t.start()
    for t in threads:
        t.join()

    statuses = sorted(r[0] for r in results)
    assert statuses == [200, 409]
    held = next(r[2] for r in results if r[0] == 409)
    assert held in ("10\n", "40\n")
    later = _post(witness.url, request_body(0, [], _note(origin, tree, 40)))
    assert later[0] == 409 and later[2] in ("10\n", "40\n")
