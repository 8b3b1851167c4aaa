"""Givens of the second verifier's tests: its page served as static files (any server does;
nothing but the page's own files is ever asked for) and Debian's Chromium, driven by
Playwright."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import artefacts_folder, axe_source, chromium

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "verifier"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="package")
def page_url() -> Iterator[str]:
    """verifier/ served by a plain static server on a free loopback port."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(PAGE))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="package")  # Playwright's loop runs while it lives: not past tests/verifier
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="package")
def axe() -> str:
    return axe_source()


@pytest.fixture(scope="package")
def artefacts() -> Path:
    return artefacts_folder("verifier")


VECTORS = ROOT / "tests" / "vectors"
ASSEMBLY = ROOT / ".venv" / "bin" / "assembly"


def publish(log: str, into: Path) -> Path:
    """A vector's export published as tiles by the Python CLI (`assembly log publish`)."""
    import subprocess  # noqa: PLC0415

    done = subprocess.run(
        [str(ASSEMBLY), "log", "publish", str(into), "--log", log],
        cwd=VECTORS,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return into


@pytest.fixture(scope="package")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The honest vectors as published tiles: ``drawn`` (its first bundle holds an entry over
    65,535 bytes, so it is at tile/entries-u32/) and ``year``."""
    root = tmp_path_factory.mktemp("tiles")
    return {name: publish(f"{name}.jsonl", root / name) for name in ("drawn", "year")}


class _Tiles(_Quiet):
    """A static server of published tiles, readable from any page (as a mirror would serve
    them to the verifier's page on another origin)."""

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()


@pytest.fixture(scope="package")
def tiles_url(published: dict[str, Path]) -> Iterator[str]:
    """The published tiles over HTTP, each log at /<name>/, on another port than the page."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0),
        functools.partial(_Tiles, directory=str(next(iter(published.values())).parent)),
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
