"""C2SP tlog-tiles: paths as the spec spells them, and tiles that give the RFC 9162 tree."""

from __future__ import annotations

import pytest

from core import merkle
from core.tiles import (
    WIDTH,
    EntryTooLarge,
    TileError,
    TileMissing,
    TileReader,
    TileWriter,
    bundle,
    entries_path,
    index_path,
    tile_path,
    unbundle,
)


def _entries(n: int) -> list[bytes]:
    return [f"entry {i}".encode() * (1 + i % 5) for i in range(n)]


def _written(entries: list[bytes]) -> tuple[TileWriter, dict[str, bytes]]:
    w = TileWriter()
    files: dict[str, bytes] = {}
    for e in entries:
        w.append(e)
    files.update(w.take_full())
    files.update(w.partial())
    return w, files


def _fetch(files: dict[str, bytes]):
    def fetch(path: str) -> bytes:
        try:
            return files[path]
        except KeyError:
            raise TileMissing(f"no {path}") from None

    return fetch


def test_given_tile_indexes_when_encoded_then_the_spec_s_path_elements() -> None:
    assert index_path(1234067) == "x001/x234/067"
    assert index_path(5) == "005"
    assert index_path(1000) == "x001/000"
    assert tile_path(0, 1234067) == "tile/0/x001/x234/067"
    assert tile_path(2, 7, 112) == "tile/2/007.p/112"
    assert entries_path(3, 1) == "tile/entries/003.p/1"


def test_given_a_tree_of_70000_when_tiled_then_the_spec_s_example_tiles() -> None:
    w = TileWriter()
    full = []
    for i in range(70_000):
        w.append(i.to_bytes(4, "big"))
        full += [p for p, _ in w.take_full()]

    hash_tiles = [p for p in full if not p.startswith("tile/entries/")]
    assert sum(p.startswith("tile/0/") for p in hash_tiles) == 273
    assert [p for p in hash_tiles if p.startswith("tile/1/")] == ["tile/1/000"]
    assert [p for p, _ in w.partial()] == [
        "tile/0/273.p/112",
        "tile/1/001.p/17",
        "tile/2/000.p/1",
        "tile/entries/273.p/112",
    ]


def test_given_a_tree_of_256_when_tiled_then_a_full_tile_and_a_partial_one_above() -> None:
    w, files = _written(_entries(256))

    assert sorted(files) == ["tile/0/000", "tile/1/000.p/1", "tile/entries/000"]
    assert files["tile/1/000.p/1"] == w.root()


@pytest.mark.parametrize("n", [0, 1, 2, 255, 256, 257, 511, 512, 1000, 65_536, 65_537])
def test_given_any_size_when_tiled_then_the_root_of_the_rfc_tree(n: int) -> None:
    entries = _entries(n)

    w, files = _written(entries)

    assert w.root() == merkle.root(entries)
    assert TileReader(n, _fetch(files)).root() == merkle.root(entries)


def test_given_tiles_when_proving_from_them_then_the_proofs_of_the_tree_in_memory() -> None:
    entries = _entries(70_000)
    _, files = _written(entries)
    tree = merkle.grown(entries)

    for i in (0, 1, 255, 256, 65_535, 65_536, 69_999, 12_345):
        reader = TileReader(len(entries), _fetch(files))
        proof = reader.inclusion_proof(i)
        assert proof == tree.inclusion_proof(i)
        assert merkle.verify_inclusion(reader.leaf_hash(i), i, len(entries), proof, tree.root())
        assert len(reader.fetched) <= 6  # a few tiles per level, never the whole tree
    reader = TileReader(len(entries), _fetch(files))
    for m in (1, 256, 300, 65_536, 69_999):
        assert reader.consistency_proof(m) == tree.consistency_proof(m)


def test_given_a_published_size_when_growing_from_its_partial_tiles_then_the_same_tiles() -> None:
    entries = _entries(1_500)
    whole, files_whole = _written(entries)
    first, files = _written(entries[:700])
    partial = dict(first.partial())
    edges = [partial[f"tile/{level}/{name}"] for level, name in ((0, "002.p/188"), (1, "000.p/2"))]

    later = TileWriter(700, edges, unbundle(partial["tile/entries/002.p/188"]))
    for e in entries[700:]:
        later.append(e)
    files.update(later.take_full())
    files.update(later.partial())

    assert later.root() == whole.root()
    assert {p: files[p] for p in files_whole} == files_whole


def test_given_partial_tiles_of_another_size_when_resuming_then_refused() -> None:
    first, _ = _written(_entries(300))
    edge = dict(first.partial())["tile/0/001.p/44"]

    with pytest.raises(TileError, match="level 0"):
        TileWriter(301, [edge], _entries(45))


def test_given_bundles_when_read_back_then_the_entries_and_a_cut_one_refused() -> None:
    entries = [b"", b"a", b"x" * 300]

    data = bundle(entries)

    assert unbundle(data) == entries
    with pytest.raises(TileError, match="ends inside"):
        unbundle(data[:-1])
    with pytest.raises(EntryTooLarge):
        bundle([b"x" * 65_536])


def test_given_an_entry_too_long_for_a_bundle_when_tiled_then_its_bundle_at_the_large_path():
    entries = [*_entries(300), b"x" * 70_000, *_entries(10)]

    w, files = _written(entries)
    reader = TileReader(len(entries), _fetch(files))

    assert "tile/entries/000" in files  # the first 256 fit
    assert "tile/entries/001.p/55" not in files
    assert "tile/entries-u32/001.p/55" in files
    assert reader.bundle(1) == entries[256:]
    assert reader.bundle(0) == entries[:256]
    assert reader.root() == merkle.root(entries) == w.root()


def test_given_a_tile_of_the_wrong_width_when_read_then_refused() -> None:
    _, files = _written(_entries(WIDTH + 3))
    files["tile/0/000"] = files["tile/0/000"][:-32]

    with pytest.raises(TileError, match="bytes, not 8192"):
        TileReader(WIDTH + 3, _fetch(files)).leaf_hash(0)


def test_given_entries_in_chunks_when_extended_then_the_tiles_of_appending_each() -> None:
    entries = _entries(70_000)
    one, files_one = _written(entries)
    many = TileWriter()
    files: dict[str, bytes] = {}

    for lo in range(0, len(entries), 1_000):  # chunks across bundle and tile boundaries
        many.extend(entries[lo : lo + 1_000])
        files.update(many.take_full())
    files.update(many.partial())

    assert many.root() == one.root()
    assert files == files_one
