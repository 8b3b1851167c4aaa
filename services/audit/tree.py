"""The RFC 9162 tree over the log, grown one leaf at a time, with the root at any past size.

Each level keeps its complete nodes as concatenated 32-byte hashes (no object per node):
appending a leaf costs one leaf hash and, on average, one node hash; the root of the first
n leaves (n up to the current size) costs O(log n) node hashes. Matches ``core.merkle.root``
exactly (tested); proofs for outsiders stay in ``core.merkle``.
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
        if n == 0:
            return EMPTY_ROOT
        parts: list[bytes] = []
        offset = 0
        for k in reversed(range(n.bit_length())):
            if n >> k & 1:
                i = (offset >> k) * 32
                parts.append(bytes(self.levels[k][i : i + 32]))
                offset += 1 << k
        r = parts[-1]
        for h in reversed(parts[:-1]):
            r = node_hash(h, r)
        return r
