"""C2SP tlog-tiles: the log's Merkle tree and its entries as immutable files of 256.

A *hash tile* at level L, index N holds the Merkle tree hashes of height 8L for leaves
``[(256N + i) * 256**L, (256N + i + 1) * 256**L)``, i from 0 to 255: at level 0 the leaf
hashes, above each hash the root of a full tile below. An *entry bundle* holds the 256
entries (the leaves' bytes) of the level-0 tile of the same index, each prefixed with its
length as a big-endian uint16. The rightmost tiles of a tree of size s are *partial*:
width ``floor(s / 256**L) mod 256`` at level L, and never hashed into the level above.
Paths follow the spec (c2sp.org/tlog-tiles): ``tile/<L>/<N>[.p/<W>]`` and
``tile/entries/<N>[.p/<W>]``, N in 3-digit groups, all but the last prefixed with ``x``
(1234067 is ``x001/x234/067``).

An entry longer than 65,535 bytes does not fit a bundle's uint16 (a pool of 2,000 respondents
is entered in facts of ~87 kB). The spec lets a log serve entries in another format at
another URL: a bundle holding such an entry is written instead at ``tile/entries-u32/<N>
[.p/<W>]``, each entry prefixed with a big-endian uint32; readers look there when
``tile/entries/`` has no bundle. The hash tiles are the same either way, so inclusion and
consistency proofs never depend on it.

``TileWriter`` grows the tiles one entry at a time, from the partial tiles of an earlier
size (so publishing reads only what is new); ``TileReader`` reads any root or proof from the
tiles through a function that fetches a path, as a client of a static mirror does. Both
hash exactly as ``core.merkle`` (RFC 9162).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from core.merkle import (
    EMPTY_ROOT,
    consistency_proof_from,
    inclusion_proof_from,
    node_hash,
    subtree_hash,
    tree_root,
)

HEIGHT = 8
WIDTH = 1 << HEIGHT  # hashes (or entries) in a full tile
HASH = 32
_FULL = WIDTH * HASH
_sha256 = hashlib.sha256
MAX_ENTRY = 0xFFFF  # an entry's length must fit the bundle's uint16 prefix
MAX_LARGE_ENTRY = 0xFFFFFFFF
ENTRIES, LARGE_ENTRIES = "entries", "entries-u32"


class TileError(Exception):
    """A tile or bundle that is missing, or not what the tree of this size needs."""


class TileMissing(TileError):
    """No file at that path (what ``fetch`` raises)."""


class EntryTooLarge(TileError):
    """An entry longer than an entry bundle can hold."""


def index_path(n: int) -> str:
    """N in zero-padded 3-digit path elements, all but the last starting with ``x``."""
    if n < 0:
        raise ValueError(f"a tile index is not negative: {n}")
    path = f"{n % 1000:03d}"
    n //= 1000
    while n:
        path = f"x{n % 1000:03d}/{path}"
        n //= 1000
    return path


def tile_path(level: int | str, index: int, width: int = WIDTH) -> str:
    """The path of a hash tile (``level`` a number) or entry bundle (``level`` "entries")."""
    if not 1 <= width <= WIDTH:
        raise ValueError(f"a tile is 1 to {WIDTH} wide, not {width}")
    suffix = "" if width == WIDTH else f".p/{width}"
    return f"tile/{level}/{index_path(index)}{suffix}"


def entries_path(index: int, width: int = WIDTH, *, large: bool = False) -> str:
    return tile_path(LARGE_ENTRIES if large else ENTRIES, index, width)


def partial_width(size: int, level: int) -> int:
    """How many hashes the partial tile at ``level`` holds in a tree of ``size`` (0: none)."""
    return (size >> (HEIGHT * level)) % WIDTH


def full_tiles(size: int, level: int) -> int:
    """How many full tiles ``level`` has in a tree of ``size``."""
    return size >> (HEIGHT * (level + 1))


def levels(size: int) -> int:
    """How many tile levels a tree of ``size`` has (each with a full or a partial tile)."""
    n = 0
    while size >> (HEIGHT * n):
        n += 1
    return n


def bundle(entries: Sequence[bytes], *, large: bool = False) -> bytes:
    """Entries, each prefixed with its length (uint16, or uint32 when ``large``)."""
    prefix, limit = (4, MAX_LARGE_ENTRY) if large else (2, MAX_ENTRY)
    out = bytearray()
    for e in entries:
        if len(e) > limit:
            raise EntryTooLarge(f"an entry of {len(e):,} bytes; a bundle holds at most {limit:,}")
        out += len(e).to_bytes(prefix, "big")
        out += e
    return bytes(out)


def bundle_file(index: int, entries: Sequence[bytes]) -> tuple[str, bytes]:
    """The path and bytes of the bundle of these entries: the spec's, unless one is too long."""
    large = any(len(e) > MAX_ENTRY for e in entries)
    return entries_path(index, len(entries), large=large), bundle(entries, large=large)


def unbundle(data: bytes, *, large: bool = False) -> list[bytes]:
    """The entries of a bundle, in order; TileError if it is cut or overlong."""
    prefix = 4 if large else 2
    out, i, n = [], 0, len(data)
    while i < n:
        if i + prefix > n:
            raise TileError("the bundle ends inside an entry's length")
        length = int.from_bytes(data[i : i + prefix], "big")
        i += prefix
        if i + length > n:
            raise TileError(f"the bundle ends inside an entry of {length} bytes")
        out.append(data[i : i + length])
        i += length
    return out


def subtree_root(hashes: bytes | bytearray) -> bytes:
    """MTH of a perfect subtree given its 2**k bottom hashes, concatenated."""
    nodes = [bytes(hashes[i : i + HASH]) for i in range(0, len(hashes), HASH)]
    if not nodes or len(nodes) & (len(nodes) - 1):
        raise ValueError(f"{len(nodes)} hashes are not a perfect subtree")
    while len(nodes) > 1:
        nodes = [node_hash(nodes[i], nodes[i + 1]) for i in range(0, len(nodes), 2)]
    return nodes[0]


def _fold(parts: list[bytes]) -> bytes:
    """The root over perfect subtrees given from left to right (largest first)."""
    if not parts:
        return EMPTY_ROOT
    r = parts[-1]
    for h in reversed(parts[:-1]):
        r = node_hash(h, r)
    return r


def _groups(hashes: bytes | bytearray) -> list[bytes]:
    """A partial tile's hashes as the roots of its perfect subtrees, largest first."""
    width = len(hashes) // HASH
    parts, lo = [], 0
    for k in reversed(range(width.bit_length())):
        if width >> k & 1:
            parts.append(subtree_root(hashes[lo * HASH : (lo + (1 << k)) * HASH]))
            lo += 1 << k
    return parts


class TileWriter:
    """The tiles of a log grown one entry at a time.

    Start from nothing, or from the partial tiles and bundle of an earlier size (what a
    published directory holds for its checkpoint). ``append`` each new entry; ``take_full``
    gives the full tiles and bundles completed since the last call, ``partial`` those of the
    current size, ``root`` the tree's root. Only the rightmost tile of each level is kept.
    """

    def __init__(
        self, size: int = 0, edges: Sequence[bytes] = (), entries: Sequence[bytes] = ()
    ) -> None:
        self.size = size
        self.edges = [bytearray(e) for e in edges]
        self.entries = list(entries)
        self._full: list[tuple[str, bytes]] = []
        for level in range(max(levels(size), len(self.edges))):
            have = len(self._edge(level)) // HASH
            if have != partial_width(size, level) or len(self.edges[level]) % HASH:
                raise TileError(
                    f"the partial tile at level {level} of a tree of {size} holds "
                    f"{partial_width(size, level)} hashes, not {have}"
                )
        if len(self.entries) != partial_width(size, 0):
            raise TileError(
                f"the partial bundle of a tree of {size} holds {partial_width(size, 0)} "
                f"entries, not {len(self.entries)}"
            )

    def _edge(self, level: int) -> bytearray:
        while len(self.edges) <= level:
            self.edges.append(bytearray())
        return self.edges[level]

    def append(self, entry: bytes) -> None:
        if len(entry) > MAX_LARGE_ENTRY:
            raise EntryTooLarge(f"entry {self.size} has {len(entry):,} bytes, more than 4 GiB")
        self.size += 1
        entries = self.entries
        entries.append(entry)
        if len(entries) == WIDTH:
            self._full.append(bundle_file((self.size >> HEIGHT) - 1, entries))
            self.entries = []
        edge = self.edges[0] if self.edges else self._edge(0)
        edge += _sha256(b"\x00" + entry).digest()  # the leaf hash (RFC 9162)
        if len(edge) < _FULL:
            return
        level = 0
        while len(edge) == _FULL:  # a full tile: written, and its root joins the level above
            full = bytes(edge)
            edge.clear()
            self._full.append((tile_path(level, full_tiles(self.size, level) - 1), full))
            level += 1
            edge = self._edge(level)
            edge += subtree_root(full)

    def extend(self, entries: Sequence[bytes]) -> None:
        """``append`` each entry, a bundle's worth at a time (what publishing a log does)."""
        i, n = 0, len(entries)
        while i < n:
            chunk = entries[i : i + WIDTH - len(self.entries)]
            if any(len(e) > MAX_LARGE_ENTRY for e in chunk):
                raise EntryTooLarge(f"an entry after {self.size} has more than 4 GiB")
            i += len(chunk)
            self.size += len(chunk)
            self.entries += chunk
            edge = self._edge(0)  # level 0 holds one hash per entry of the partial bundle
            edge += b"".join([_sha256(b"\x00" + e).digest() for e in chunk])
            if len(self.entries) == WIDTH:
                self._full.append(bundle_file((self.size >> HEIGHT) - 1, self.entries))
                self.entries = []
            level = 0
            while len(edge) == _FULL:
                full = bytes(edge)
                edge.clear()
                self._full.append((tile_path(level, full_tiles(self.size, level) - 1), full))
                level += 1
                edge = self._edge(level)
                edge += subtree_root(full)

    def take_full(self) -> list[tuple[str, bytes]]:
        """The full tiles and bundles completed since the last call, as (path, bytes)."""
        done, self._full = self._full, []
        return done

    def partial(self) -> list[tuple[str, bytes]]:
        """The partial tiles and bundle of the current size (none where a level is full)."""
        out = []
        for level, edge in enumerate(self.edges):
            if edge:
                width = len(edge) // HASH
                out.append((tile_path(level, full_tiles(self.size, level), width), bytes(edge)))
        if self.entries:
            out.append(bundle_file(full_tiles(self.size, 0), self.entries))
        return out

    def root(self) -> bytes:
        parts: list[bytes] = []
        for edge in reversed(self.edges):
            parts += _groups(edge)
        return _fold(parts)


class TileReader:
    """A tree of ``size`` read from its tiles: roots, leaf hashes, proofs, entries.

    ``fetch(path)`` returns the bytes at a tile path (raising ``TileMissing`` if it has none);
    each tile is fetched once and checked for its width. Only the tiles a question needs are
    fetched: an inclusion proof in a tree of a million reads about three.
    """

    def __init__(self, size: int, fetch: Callable[[str], bytes]) -> None:
        self.size = size
        self.fetch = fetch
        self.fetched: dict[str, bytes] = {}

    def _get(self, path: str, length: int | None) -> bytes:
        data = self.fetched.get(path)
        if data is None:
            data = self.fetch(path)
            if length is not None and len(data) != length:
                raise TileError(f"{path} has {len(data)} bytes, not {length}")
            self.fetched[path] = data
        return data

    def tile_at(self, level: int, index: int) -> tuple[str, int]:
        """The path and width of tile ``index`` of ``level`` as the tree of this size has it."""
        if index < full_tiles(self.size, level):
            return tile_path(level, index), WIDTH
        width = partial_width(self.size, level)
        if index > full_tiles(self.size, level) or width == 0:
            raise TileError(f"a tree of {self.size} has no tile {index} at level {level}")
        return tile_path(level, index, width), width

    def tile(self, level: int, index: int) -> bytes:
        path, width = self.tile_at(level, index)
        return self._get(path, width * HASH)

    def bundle(self, index: int) -> list[bytes]:
        """The entries of bundle ``index``: the spec's bundle, or else the large one."""
        _, width = self.tile_at(0, index)
        path = entries_path(index, width)
        try:
            entries = unbundle(self._get(path, None))
        except TileMissing:
            path = entries_path(index, width, large=True)
            entries = unbundle(self._get(path, None), large=True)
        if len(entries) != width:
            raise TileError(f"{path} holds {len(entries)} entries, not {width}")
        return entries

    def node(self, k: int, j: int) -> bytes:
        """The root of the perfect subtree of height ``k`` over leaves [j 2^k, (j+1) 2^k):
        a ``core.merkle.HashReader`` over the tiles."""
        level, up = divmod(k, HEIGHT)
        first = j << up  # its first hash in the tiles of ``level``
        tile = self.tile(level, first >> HEIGHT)
        offset = first % WIDTH
        return subtree_root(tile[offset * HASH : (offset + (1 << up)) * HASH])

    def leaf_hash(self, index: int) -> bytes:
        if not 0 <= index < self.size:
            raise TileError(f"a tree of {self.size} has no leaf {index}")
        return self.node(0, index)

    def mth(self, lo: int, hi: int) -> bytes:
        """MTH(D[lo:hi]) for the ranges RFC 9162's recursion visits."""
        return subtree_hash(self.node, lo, hi)

    def root(self) -> bytes:
        return tree_root(self.node, self.size)

    def inclusion_proof(self, index: int) -> list[bytes]:
        if not 0 <= index < self.size:
            raise TileError(f"a tree of {self.size} has no leaf {index}")
        return inclusion_proof_from(self.node, index, self.size)

    def consistency_proof(self, m: int) -> list[bytes]:
        if not 0 <= m <= self.size:
            raise TileError(f"a tree of {self.size} has no prefix of {m}")
        return consistency_proof_from(self.node, m, self.size)
