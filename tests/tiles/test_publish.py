"""`log publish` writes C2SP tiles incrementally; the tiles read back, from a directory or a
real HTTP server, give every message and catch a tile that is not the entries'."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from core import merkle
from core.note import ED25519, Checkpoint, Signer, sign_note
from core.tiles import TileReader
from services.adapters.eventstore.client import RawMessage
from services.adapters.eventstore.stream import StreamSpec
from services.application.audit.leaf import leaf_bytes, leaf_hash
from services.application.tiles.files import fetcher
from services.application.tiles.publish import PublishError, publish
from services.application.tiles.source import TilesSource

SPEC = StreamSpec(name="TILES", prefix="t")
ORIGIN = "assembly-record/TILES"
SIGNER = Signer.from_seed(ORIGIN, b"\x05" * 32, ED25519)


class Quiet(http.server.SimpleHTTPRequestHandler):
    """The standard library's static file server, without a line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


def _messages(n: int, big: int | None = None) -> list[RawMessage]:
    out = []
    for seq in range(1, n + 1):
        data = (b'{"n":%d}' % seq) if seq != big else b'{"x":"' + b"y" * 70_000 + b'"}'
        out.append(RawMessage(f"t.events.a{seq % 7}", seq, {"Assembly-Id": f"a{seq % 7}"}, data))
    return out


def _note(messages: list[RawMessage], size: int) -> str:
    tree = merkle.MerkleLog()
    for m in messages[:size]:
        tree.append(leaf_hash(m.seq, m.subject, m.headers, m.data))
    return sign_note(Checkpoint(ORIGIN, size, tree.root()).body(), SIGNER)


def _reader(messages: list[RawMessage]):
    def read_from(seq: int) -> Iterator[RawMessage]:
        read_from.asked.append(seq)  # type: ignore[attr-defined]
        yield from messages[seq - 1 :]

    read_from.asked = []  # type: ignore[attr-defined]
    return read_from


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_given_a_log_when_published_then_tiles_that_prove_and_read_back(tmp_path) -> None:
    messages = _messages(1_000, big=600)

    done = publish(tmp_path, _note(messages, 1_000), _reader(messages), SPEC, None)

    assert (done.size, done.previous) == (1_000, 0)
    assert (tmp_path / "tile/0/003.p/232").stat().st_size == 232 * 32
    assert (tmp_path / "tile/entries-u32/002").exists()  # the bundle with the 70 kB entry
    reader = TileReader(1_000, fetcher(str(tmp_path)))
    leaf = leaf_bytes(500, messages[499].subject, messages[499].headers, messages[499].data)
    proof = reader.inclusion_proof(499)
    assert merkle.verify_inclusion(merkle.leaf_hash(leaf), 499, 1_000, proof, done.root)
    source = TilesSource(str(tmp_path))
    back = list(source.records())
    assert [(m.seq, m.subject, m.data) for m in back] == [
        (m.seq, m.subject, m.data) for m in messages
    ]
    assert source.problems == []


def test_given_a_published_log_when_it_grows_then_only_what_is_new_is_read_and_written(
    tmp_path,
) -> None:
    messages = _messages(1_500)
    publish(tmp_path / "a", _note(messages, 700), _reader(messages), SPEC, None)
    read = _reader(messages)

    later = publish(tmp_path / "a", _note(messages, 1_500), read, SPEC, None)
    publish(tmp_path / "b", _note(messages, 1_500), _reader(messages), SPEC, None)

    assert read.asked == [701]  # type: ignore[attr-defined]
    assert later.previous == 700
    grown, fresh = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert {p: grown[p] for p in fresh} == fresh  # the same tiles as publishing at once
    assert set(grown) - set(fresh) == {
        "tile/0/002.p/188",
        "tile/1/000.p/2",
        "tile/entries/002.p/188",
    }


def test_given_a_checkpoint_the_log_does_not_match_when_publishing_then_nothing(tmp_path) -> None:
    messages = _messages(300)
    forged = [*messages[:100], RawMessage("t.events.z", 101, {}, b"{}"), *messages[101:]]

    with pytest.raises(PublishError, match="are not those its latest checkpoint signed"):
        publish(tmp_path, _note(messages, 300), _reader(forged), SPEC, None)
    assert not (tmp_path / "checkpoint").exists()


def test_given_a_smaller_checkpoint_than_published_when_publishing_then_refused(tmp_path) -> None:
    messages = _messages(300)
    publish(tmp_path, _note(messages, 300), _reader(messages), SPEC, None)

    with pytest.raises(PublishError, match="never goes back"):
        publish(tmp_path, _note(messages, 200), _reader(messages), SPEC, None)


def test_given_a_tile_changed_on_the_mirror_when_read_then_the_tile_is_named(tmp_path) -> None:
    messages = _messages(600)
    publish(tmp_path, _note(messages, 600), _reader(messages), SPEC, None)
    tile = tmp_path / "tile/0/001"
    tile.write_bytes(bytes(32) + tile.read_bytes()[32:])

    source = TilesSource(str(tmp_path))
    list(source.records())

    assert [(v.rule, v.aggregate) for v in source.problems] == [("tile", "tile/0/001")]


@pytest.fixture
def served(tmp_path) -> Iterator[tuple[Path, str]]:
    """The directory behind a real HTTP server (the standard library's), as a mirror is."""
    handler = functools.partial(Quiet, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_given_tiles_on_a_web_server_when_read_by_url_then_the_same_log(served) -> None:
    root, url = served
    messages = _messages(700, big=3)
    publish(root, _note(messages, 700), _reader(messages), SPEC, None)

    source = TilesSource(url)
    back = list(source.records())

    assert [m.data for m in back] == [m.data for m in messages]
    assert source.problems == []
    assert TileReader(700, fetcher(url)).root() == TileReader(700, fetcher(str(root))).root()
