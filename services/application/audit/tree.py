"""The RFC 9162 tree over the log, grown one leaf at a time, with the root at any past size.

Each level keeps its complete nodes as concatenated 32-byte hashes (no object per node):
appending a leaf costs one leaf hash and, on average, one node hash; the root of the first
n leaves (n up to the current size) costs O(log n) node hashes. Matches ``core.merkle.root``
exactly, and gives RFC 9162 inclusion and consistency proofs at any past size (tested against
``core.merkle``, whose verifiers an outsider runs).
"""

from __future__ import annotations

import hashlib

from core.merkle import EMPTY_ROOT, node_hash

_sha256 = hashlib.sha256


class MerkleLog:
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
            parent = _sha256(b"\x01" + level[-64:]).digest()
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
        check it with ``core.merkle.verify_inclusion``."""
        n = self.size if n is None else n
        if not 0 <= index < n <= self.size:
            raise IndexError(f"no leaf {index} in a tree of {n} (of {self.size}) leaves")
        path: list[bytes] = []
        lo, hi = 0, n
        while hi - lo > 1:
            k = 1 << ((hi - lo - 1).bit_length() - 1)
            if index < lo + k:
                path.append(self._mth(lo + k, hi))
                hi = lo + k
            else:
                path.append(self._mth(lo, lo + k))
                lo += k
        path.reverse()
        return path

    def consistency_proof(self, m: int, n: int | None = None) -> list[bytes]:
        """PROOF(m, D[0:n]) (RFC 9162 §2.1.4.1): tree ``n`` extends tree ``m``; check it with
        ``core.merkle.verify_consistency``."""
        n = self.size if n is None else n
        if not 0 <= m <= n <= self.size:
            raise IndexError(f"no consistency proof from {m} to {n} (of {self.size}) leaves")
        if m in (0, n):
            return []
        proof: list[bytes] = []
        lo, hi, complete = 0, n, True
        while m != hi - lo:
            k = 1 << ((hi - lo - 1).bit_length() - 1)
            if m <= k:
                proof.append(self._mth(lo + k, hi))
                hi = lo + k
            else:
                proof.append(self._mth(lo, lo + k))
                lo, m, complete = lo + k, m - k, False
        if not complete:
            proof.append(self._mth(lo, hi))
        proof.reverse()
        return proof

    def _mth(self, lo: int, hi: int) -> bytes:
        """MTH(D[lo:hi]) for the ranges RFC 9162's recursion visits (``lo`` a multiple of the
        largest power of two not above ``hi - lo``): perfect subtrees, folded from the right."""
        parts: list[bytes] = []
        width = hi - lo
        for k in reversed(range(width.bit_length())):
            if width >> k & 1:
                i = (lo >> k) * 32
                parts.append(bytes(self.levels[k][i : i + 32]))
                lo += 1 << k
        r = parts[-1]
        for h in reversed(parts[:-1]):
            r = node_hash(h, r)
        return r
