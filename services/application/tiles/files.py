"""Reading a published tile directory, local or over http(s), and writing its files.

Over HTTP the client asks for ``gzip`` or ``identity`` (the spec: bundles SHOULD be
compressed at the HTTP layer) and undoes a gzip answer; a 404 is a missing file
(``TileMissing``: a bundle may be at its large path instead), anything else an error.
"""

from __future__ import annotations

import gzip
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from core.tiles import TileError, TileMissing

Fetch = Callable[[str], bytes]
TIMEOUT = 30


def is_url(where: str) -> bool:
    return urllib.parse.urlsplit(where).scheme in ("http", "https")


def fetcher(where: str) -> Fetch:
    """A function giving the bytes at a path of the tiles at ``where`` (a directory or URL)."""
    if is_url(where):
        base = where.rstrip("/") + "/"

        def fetch_url(path: str) -> bytes:
            request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
                base + path, headers={"Accept-Encoding": "gzip, identity"}
            )
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT) as r:  # noqa: S310
                    data: bytes = r.read()
                    if r.headers.get("Content-Encoding") == "gzip":
                        data = gzip.decompress(data)
                    return data
            except urllib.error.HTTPError as e:
                if e.code == 404:
                    raise TileMissing(f"{base}{path}: not found") from None
                raise TileError(f"{base}{path}: HTTP {e.code} {e.reason}") from None
            except (urllib.error.URLError, OSError) as e:
                raise TileError(f"{base}{path}: {getattr(e, 'reason', e)}") from None

        return fetch_url
    root = Path(where)

    def fetch_file(path: str) -> bytes:
        try:
            return (root / path).read_bytes()
        except FileNotFoundError:
            raise TileMissing(f"{root / path}: no such file") from None
        except OSError as e:
            raise TileError(f"{root / path}: {e.strerror}") from None

    return fetch_file


def write_atomic(root: Path, path: str, data: bytes, *, sync: bool = False) -> None:
    """``root/path`` replaced whole (a temporary file renamed): a mirror never copies half."""
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with partial.open("wb") as f:
        f.write(data)
        if sync:
            f.flush()
            os.fsync(f.fileno())
    partial.replace(target)
