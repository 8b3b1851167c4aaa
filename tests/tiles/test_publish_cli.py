"""`assembly log publish DIR` from the live log, again after it grew; `audit verify --tiles`
reads the tiles from the directory and from a real web server, and names a changed tile."""

from __future__ import annotations

import functools
import http.server
import json
import threading

from services.entrypoints.cli.main import run
from tests.cli.paris import AT, CONVENE, PANEL


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _cli(capsys, *args: str) -> tuple[int, dict]:
    code = run(["--json", *args])
    out = capsys.readouterr().out.strip().splitlines()
    return code, (json.loads(out[-1]) if out else {})


def test_given_a_checkpointed_log_when_published_and_grown_then_verified_from_tiles(
    stream_env, monkeypatch, capsys, tmp_path
):
    for k, v in stream_env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "home"))
    vkey = _cli(capsys, "keys", "init")[1]["vkey"]
    code, convened = _cli(capsys, *CONVENE)
    assert code == 0
    monkeypatch.setenv("ASSEMBLY_ID", convened["assembly_id"])
    assert _cli(capsys, "checkpoint")[0] == 0
    site = tmp_path / "site"

    code, first = _cli(capsys, "log", "publish", str(site))

    assert code == 0 and first["previous"] == 0 and first["tree_size"] >= 1
    assert (site / "checkpoint").read_text().startswith("assembly-record/")
    assert _cli(capsys, "audit", "verify", "--tiles", str(site), "--trust", vkey)[0] == 0
    # the log grows, a new checkpoint, published again: only what is new
    assert _cli(capsys, "panel", "receive", str(PANEL), "--at", AT)[0] == 0
    assert _cli(capsys, "checkpoint")[0] == 0
    code, later = _cli(capsys, "log", "publish", str(site))
    assert code == 0 and later["previous"] == first["tree_size"]
    assert later["tree_size"] > first["tree_size"]
    # read over HTTP from a plain static server, as a mirror serves it
    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        code, seen = _cli(capsys, "audit", "verify", "--tiles", url, "--trust", vkey)
    finally:
        server.shutdown()
        server.server_close()
    assert code == 0, seen
    assert seen["records"] == later["tree_size"]
    # the same tiles from an export, with no server
    assert _cli(capsys, "log", "export", str(tmp_path / "log.jsonl"))[0] == 0
    offline = tmp_path / "offline"
    code, again = _cli(capsys, "log", "publish", str(offline), "--log", str(tmp_path / "log.jsonl"))
    assert code == 0 and again["root"] == later["root"]
    assert (offline / "checkpoint").read_bytes() == (site / "checkpoint").read_bytes()
    # a tile changed on the mirror is named
    tile = next(p for p in (site / "tile" / "0").rglob("*") if p.is_file())
    tile.write_bytes(bytes(32) + tile.read_bytes()[32:])
    code, bad = _cli(capsys, "audit", "verify", "--tiles", str(site), "--trust", vkey)
    assert code == 1
    assert "tile" in {v["rule"] for v in bad["violations"]}


def test_given_a_log_without_checkpoint_when_publishing_then_one_sentence_and_exit_2(
    stream_env, monkeypatch, capsys, tmp_path
):
    for k, v in stream_env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path / "home"))
    assert _cli(capsys, *CONVENE)[0] == 0

    code = run(["log", "publish", str(tmp_path / "site")])

    assert code == 2
    assert "no checkpoint yet: run `assembly checkpoint`" in capsys.readouterr().err
