"""The RFC 9162 Merkle tree: one root over a list of byte strings, and the two proofs.

An outside party who holds a root can check, without trusting the operator, that
an entry is in the tree (inclusion proof, RFC 9162 §2.1.3) and that a later tree
only appended to an earlier one (consistency proof, §2.1.4). Hashes follow the
RFC exactly: a leaf is SHA-256(0x00 ‖ data), an interior node SHA-256(0x01 ‖ left ‖
right), a tree of n > 1 leaves splits at the largest power of two smaller than n,
and the empty tree's hash is SHA-256 of the empty string. Index arguments count
from 0, as in the RFC.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of the leaf data ``leaves``."""
    if not leaves:
        return EMPTY_ROOT
    return _subtree([leaf_hash(d) for d in leaves], 0, len(leaves))


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(index, D[n]): the sibling hashes from the leaf up to the root."""
    if not 0 <= index < len(leaves):
        raise IndexError(f"leaf {index} is not in a tree of {len(leaves)} leaves")
    hashes = [leaf_hash(d) for d in leaves]
    path: list[bytes] = []
    lo, hi = 0, len(hashes)
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            path.append(_subtree(hashes, lo + k, hi))
            hi = lo + k
        else:
            path.append(_subtree(hashes, lo, lo + k))
            lo += k
    path.reverse()
    return path


def consistency_proof(leaves: Sequence[bytes], size: int) -> list[bytes]:
    """PROOF(size, D[n]): shows the tree of the first ``size`` leaves is a prefix of all of them.

    Empty when ``size`` is 0 or n, where the RFC defines no proof and none is needed.
    """
    if not 0 <= size <= len(leaves):
        raise IndexError(f"a tree of {len(leaves)} leaves has no prefix of {size}")
    if size in (0, len(leaves)):
        return []
    hashes = [leaf_hash(d) for d in leaves]
    proof: list[bytes] = []
    lo, hi, m, complete = 0, len(hashes), size, True
    while m != hi - lo:  # SUBPROOF(m, D[lo:hi], complete)
        k = _split(hi - lo)
        if m <= k:
            proof.append(_subtree(hashes, lo + k, hi))
            hi = lo + k
        else:
            proof.append(_subtree(hashes, lo, lo + k))
            lo, m, complete = lo + k, m - k, False
    if not complete:
        proof.append(_subtree(hashes, lo, hi))
    proof.reverse()
    return proof


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root_hash: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: is the leaf hash ``leaf`` at ``index`` of the tree with this root?"""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root_hash


def verify_consistency(
    size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: is the tree (size2, root2) an append-only extension of (size1, root1)?

    A tree is consistent with itself (equal roots, empty proof), and every tree
    with the empty one (empty proof); these are the cases the RFC leaves to the caller.
    """
    if not 0 <= size1 <= size2:
        return False
    if size1 == size2:
        return not proof and root1 == root2
    if size1 == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if size1 & (size1 - 1) == 0:  # an exact power of two: the old root is itself a node
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == root1 and sr == root2 and sn == 0


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def _subtree(hashes: Sequence[bytes], lo: int, hi: int) -> bytes:
    """MTH over the leaf hashes ``hashes[lo:hi]`` (non-empty)."""
    if hi - lo == 1:
        return hashes[lo]
    k = _split(hi - lo)
    return node_hash(_subtree(hashes, lo, lo + k), _subtree(hashes, lo + k, hi))
