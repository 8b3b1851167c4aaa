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
from collections.abc import Callable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

HashReader = Callable[[int, int], bytes]
"""``read(level, n)``: the stored hash of the perfect subtree of 2**level leaves that starts
at leaf n * 2**level (level 0: the leaf hashes). What a log keeps on disk, in memory
(``MerkleLog.levels``) or as C2SP tlog-tiles (each tile holds 256 such hashes of one level)
is enough: any root and proof below reads only these."""


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def grown(leaves: Sequence[bytes]) -> MerkleLog:
    """The tree over the leaf data ``leaves``."""
    tree = MerkleLog()
    for d in leaves:
        tree.append(leaf_hash(d))
    return tree


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of the leaf data ``leaves``."""
    return grown(leaves).root()


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(index, D[n]): the sibling hashes from the leaf up to the root."""
    if not 0 <= index < len(leaves):
        raise IndexError(f"leaf {index} is not in a tree of {len(leaves)} leaves")
    return grown(leaves).inclusion_proof(index)


def consistency_proof(leaves: Sequence[bytes], size: int) -> list[bytes]:
    """PROOF(size, D[n]): shows the tree of the first ``size`` leaves is a prefix of all of them.

    Empty when ``size`` is 0 or n, where the RFC defines no proof and none is needed.
    """
    if not 0 <= size <= len(leaves):
        raise IndexError(f"a tree of {len(leaves)} leaves has no prefix of {size}")
    return grown(leaves).consistency_proof(size)


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


def subtree_hash(read: HashReader, lo: int, hi: int) -> bytes:
    """MTH(D[lo:hi]) for the ranges RFC 9162's recursion visits (``lo`` a multiple of the
    largest power of two not above ``hi - lo``): perfect subtrees read, folded from the right."""
    parts: list[bytes] = []
    width = hi - lo
    for k in reversed(range(width.bit_length())):
        if width >> k & 1:
            parts.append(read(k, lo >> k))
            lo += 1 << k
    r = parts[-1]
    for h in reversed(parts[:-1]):
        r = node_hash(h, r)
    return r


def tree_root(read: HashReader, size: int) -> bytes:
    """MTH of the first ``size`` leaves, from stored hashes."""
    return EMPTY_ROOT if size == 0 else subtree_hash(read, 0, size)


def inclusion_proof_from(read: HashReader, index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size]) (RFC 9162 §2.1.3.1) from stored hashes: O(log size) reads."""
    if not 0 <= index < size:
        raise IndexError(f"no leaf {index} in a tree of {size} leaves")
    path: list[bytes] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = 1 << ((hi - lo - 1).bit_length() - 1)
        if index < lo + k:
            path.append(subtree_hash(read, lo + k, hi))
            hi = lo + k
        else:
            path.append(subtree_hash(read, lo, lo + k))
            lo += k
    path.reverse()
    return path


def consistency_proof_from(read: HashReader, m: int, n: int) -> list[bytes]:
    """PROOF(m, D[0:n]) (RFC 9162 §2.1.4.1) from stored hashes; empty when m is 0 or n."""
    if not 0 <= m <= n:
        raise IndexError(f"no consistency proof from {m} to {n} leaves")
    if m in (0, n):
        return []
    proof: list[bytes] = []
    lo, hi, complete = 0, n, True
    while m != hi - lo:
        k = 1 << ((hi - lo - 1).bit_length() - 1)
        if m <= k:
            proof.append(subtree_hash(read, lo + k, hi))
            hi = lo + k
        else:
            proof.append(subtree_hash(read, lo, lo + k))
            lo, m, complete = lo + k, m - k, False
    if not complete:
        proof.append(subtree_hash(read, lo, hi))
    proof.reverse()
    return proof


class MerkleLog:
    """The tree grown one leaf hash at a time, with the root and both proofs at any past size.

    Each level keeps its complete nodes as concatenated 32-byte hashes (no object per node):
    appending a leaf costs, on average, one node hash; the root of the first n leaves (n up
    to the current size) costs O(log n) node hashes. The audit grows one over the whole log;
    ``root`` and the proofs below build one over a list."""

    def __init__(self) -> None:
        self.size = 0
        self.levels: list[bytearray] = [bytearray()]

    def append(self, leaf_hash: bytes) -> None:
        levels = self.levels
        levels[0] += leaf_hash
        self.size += 1
        m, k = self.size, 0
        while not m & 1:  # a pair just completed at level k: its parent joins level k + 1
            level = levels[k]
            parent = hashlib.sha256(b"\x01" + level[-64:]).digest()
            k += 1
            if k == len(levels):
                levels.append(bytearray())
            levels[k] += parent
            m >>= 1

    def root(self, n: int | None = None) -> bytes:
        """MTH of the first ``n`` leaves (all of them by default)."""
        n = self.size if n is None else n
        if not 0 <= n <= self.size:
            raise IndexError(f"the tree has {self.size} leaves, not {n}")
        return EMPTY_ROOT if n == 0 else self._mth(0, n)

    def inclusion_proof(self, index: int, n: int | None = None) -> list[bytes]:
        """PATH(index, D[0:n]) (RFC 9162 §2.1.3.1): leaf ``index`` (from 0) is in tree ``n``;
        check it with ``verify_inclusion``."""
        n = self.size if n is None else n
        if not 0 <= index < n <= self.size:
            raise IndexError(f"no leaf {index} in a tree of {n} (of {self.size}) leaves")
        return inclusion_proof_from(self.read, index, n)

    def consistency_proof(self, m: int, n: int | None = None) -> list[bytes]:
        """PROOF(m, D[0:n]) (RFC 9162 §2.1.4.1): tree ``n`` extends tree ``m``; check it with
        ``verify_consistency``."""
        n = self.size if n is None else n
        if not 0 <= m <= n <= self.size:
            raise IndexError(f"no consistency proof from {m} to {n} (of {self.size}) leaves")
        return consistency_proof_from(self.read, m, n)

    def read(self, level: int, n: int) -> bytes:
        """The stored hash at ``level``, ``n`` (a ``HashReader``)."""
        i = n * 32
        return bytes(self.levels[level][i : i + 32])

    def _mth(self, lo: int, hi: int) -> bytes:
        return subtree_hash(self.read, lo, hi)
