"""RFC 9162 Merkle tree against the RFC 6962 test vectors of transparency-dev/merkle.

Vectors copied from github.com/transparency-dev/merkle: ``testonly/constants.go``
(leaves, the root of every prefix) and ``proof/verify_test.go`` (inclusion and
consistency proofs; there the leaf is numbered from 1, here from 0).
"""

from __future__ import annotations

import hashlib

import pytest

from core import merkle

LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]

ROOTS = [  # ROOTS[n] = MTH of the first n leaves
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]

LEAF_HASHES = [  # level 0 of NodeHashes()
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
]

INCLUSION = [  # (index, tree size, PATH)
    (0, 1, []),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]

CONSISTENCY = [  # (old size, new size, PROOF)
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]


def _hex(hashes: list[bytes]) -> list[str]:
    return [h.hex() for h in hashes]


def _root(n: int) -> bytes:
    return bytes.fromhex(ROOTS[n])


def _numbered(n: int) -> list[bytes]:
    return [i.to_bytes(4, "big") for i in range(n)]


def test_the_empty_tree_hashes_to_the_hash_of_nothing() -> None:
    assert merkle.root([]) == hashlib.sha256(b"").digest() == _root(0)


@pytest.mark.parametrize("index", range(8))
def test_leaf_hashes_match_the_vectors(index: int) -> None:
    assert merkle.leaf_hash(LEAVES[index]).hex() == LEAF_HASHES[index]


@pytest.mark.parametrize("size", range(9))
def test_the_root_of_every_prefix_matches_the_vectors(size: int) -> None:
    assert merkle.root(LEAVES[:size]).hex() == ROOTS[size]


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_inclusion_proofs_match_the_vectors_and_verify(
    index: int, size: int, path: list[str]
) -> None:
    proof = merkle.inclusion_proof(LEAVES[:size], index)

    assert _hex(proof) == path
    assert merkle.verify_inclusion(merkle.leaf_hash(LEAVES[index]), index, size, proof, _root(size))


@pytest.mark.parametrize(("size1", "size2", "path"), CONSISTENCY)
def test_consistency_proofs_match_the_vectors_and_verify(
    size1: int, size2: int, path: list[str]
) -> None:
    proof = merkle.consistency_proof(LEAVES[:size2], size1)

    assert _hex(proof) == path
    assert merkle.verify_consistency(size1, size2, _root(size1), _root(size2), proof)


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION[1:])
def test_a_corrupted_inclusion_proof_is_refused(index: int, size: int, path: list[str]) -> None:
    leaf, proof, good = (
        merkle.leaf_hash(LEAVES[index]),
        [bytes.fromhex(h) for h in path],
        _root(size),
    )
    flipped = [bytes([proof[0][0] ^ 8]) + proof[0][1:], *proof[1:]]

    for args in (
        (leaf, index - 1, size, proof, good),
        (leaf, index + 1, size, proof, good),
        (leaf, index ^ 2, size, proof, good),
        (leaf, index, size * 2, proof, good),
        (leaf, index, size // 2, proof, good),
        (b"WrongLeaf", index, size, proof, good),
        (leaf, index, size, proof, _root(0)),
        (leaf, index, size, [*proof, b""], good),
        (leaf, index, size, [*proof, good], good),
        (leaf, index, size, [b"", *proof], good),
        (leaf, index, size, proof[:-1], good),
        (leaf, index, size, flipped, good),
    ):
        assert not merkle.verify_inclusion(*args), args[1:3]


@pytest.mark.parametrize(("size1", "size2", "path"), CONSISTENCY[1:])
def test_a_corrupted_consistency_proof_is_refused(size1: int, size2: int, path: list[str]) -> None:
    proof, r1, r2 = [bytes.fromhex(h) for h in path], _root(size1), _root(size2)
    flipped = [bytes([proof[0][0] ^ 16]) + proof[0][1:], *proof[1:]]

    for args in (
        (size1 - 1, size2, r1, r2, proof),
        (size1 + 1, size2, r1, r2, proof),
        (size1 ^ 2, size2, r1, r2, proof),
        (size1, size2 * 2, r1, r2, proof),
        (size1, size2 // 2, r1, r2, proof),
        (size1, size2, b"WrongRoot", r2, proof),
        (size1, size2, r1, b"WrongRoot", proof),
        (size1, size2, r2, r1, proof),
        (size1, size2, r1, r2, []),
        (size1, size2, r1, r2, [*proof, r1]),
        (size1, size2, r1, r2, [proof[0], *proof]),
        (size1, size2, r1, r2, proof[:-1]),
        (size1, size2, r1, r2, flipped),
    ):
        assert not merkle.verify_consistency(*args), args[:2]


def test_trivial_consistency_needs_an_empty_proof_and_equal_roots_for_equal_sizes() -> None:
    some = _root(3)

    assert merkle.verify_consistency(0, 0, some, some, [])
    assert merkle.verify_consistency(0, 5, some, _root(5), [])
    assert not merkle.verify_consistency(3, 3, some, _root(4), [])
    assert not merkle.verify_consistency(3, 3, some, some, [some])
    assert not merkle.verify_consistency(4, 3, _root(4), some, [])


@pytest.mark.parametrize("size", range(1, 41))
def test_every_inclusion_proof_verifies(size: int) -> None:
    leaves = _numbered(size)
    top = merkle.root(leaves)

    for index in range(size):
        proof = merkle.inclusion_proof(leaves, index)
        assert merkle.verify_inclusion(merkle.leaf_hash(leaves[index]), index, size, proof, top)
        assert not merkle.verify_inclusion(merkle.leaf_hash(b"other"), index, size, proof, top)


@pytest.mark.parametrize("size2", range(1, 41))
def test_every_consistency_proof_verifies(size2: int) -> None:
    leaves = _numbered(size2)
    top = merkle.root(leaves)

    for size1 in range(size2 + 1):
        proof = merkle.consistency_proof(leaves, size1)
        old = merkle.root(leaves[:size1])
        assert merkle.verify_consistency(size1, size2, old, top, proof), size1
        if 0 < size1 < size2:
            forged = merkle.root([b"x", *leaves[1:size1]])
            assert not merkle.verify_consistency(size1, size2, forged, top, proof), size1


def test_a_leaf_outside_the_tree_has_no_proof() -> None:
    with pytest.raises(IndexError):
        merkle.inclusion_proof(LEAVES, 8)
    with pytest.raises(IndexError):
        merkle.consistency_proof(LEAVES, 9)


def test_given_only_stored_hashes_when_proving_then_the_proofs_verify_against_the_root():
    from core.merkle import (  # noqa: PLC0415
        MerkleLog,
        consistency_proof_from,
        inclusion_proof_from,
        leaf_hash,
        tree_root,
        verify_consistency,
        verify_inclusion,
    )

    tree = MerkleLog()
    for i in range(1000):
        tree.append(leaf_hash(i.to_bytes(4, "big")))
    stored = {
        (level, n): bytes(hashes[n * 32 : n * 32 + 32])
        for level, hashes in enumerate(tree.levels)
        for n in range(len(hashes) // 32)
    }

    def read(level: int, n: int) -> bytes:
        return stored[(level, n)]

    for size in (1, 2, 3, 255, 256, 257, 999, 1000):
        root = tree_root(read, size)
        assert root == tree.root(size)
        for index in {0, size // 2, size - 1}:
            path = inclusion_proof_from(read, index, size)
            assert verify_inclusion(tree.read(0, index), index, size, path, root)
        proof = consistency_proof_from(read, size // 3, size)
        assert verify_consistency(size // 3, size, tree.root(size // 3), root, proof)
