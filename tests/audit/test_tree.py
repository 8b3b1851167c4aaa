"""The incremental tree gives the RFC 9162 root of every prefix, as core.merkle computes it."""

from __future__ import annotations

import hashlib

from core import merkle
from core.merkle import MerkleLog
from services.application.audit.leaf import leaf_bytes, leaf_hash


def test_given_leaves_appended_one_by_one_when_asking_any_prefix_then_the_rfc_root() -> None:
    leaves = [hashlib.sha256(str(i).encode()).digest() * (i % 3) for i in range(70)]
    tree = MerkleLog()

    for leaf in leaves:
        tree.append(merkle.leaf_hash(leaf))

    for n in range(len(leaves) + 1):
        assert tree.root(n) == merkle.root(leaves[:n]), n


def test_given_a_message_when_hashed_as_a_leaf_then_its_documented_bytes() -> None:
    headers = {"Nats-Sequence": "3", "b": "2", "Assembly-Id": "x", "Nats-Time-Stamp": "t"}

    raw = leaf_bytes(3, "assembly.events.x", headers, b"{}")

    # MessagePack: [3, "assembly.events.x", {"Assembly-Id": "x", "b": "2"}, bin(b"{}")]
    assert raw == b"\x94\x03\xb1assembly.events.x\x82\xabAssembly-Id\xa1x\xa1b\xa12\xc4\x02{}"
    assert leaf_hash(3, "assembly.events.x", headers, b"{}") == merkle.leaf_hash(raw)


def test_given_a_grown_tree_when_asking_proofs_at_past_sizes_then_the_rfc_proofs_that_verify():
    leaves = [str(i).encode() for i in range(37)]
    tree = MerkleLog()
    for leaf in leaves:
        tree.append(merkle.leaf_hash(leaf))

    for n in range(1, len(leaves) + 1):
        for i in range(n):
            proof = tree.inclusion_proof(i, n)
            assert proof == merkle.inclusion_proof(leaves[:n], i)
            assert merkle.verify_inclusion(merkle.leaf_hash(leaves[i]), i, n, proof, tree.root(n))
        for m in range(n + 1):
            proof = tree.consistency_proof(m, n)
            assert proof == merkle.consistency_proof(leaves[:n], m)
            assert merkle.verify_consistency(m, n, tree.root(m), tree.root(n), proof)
