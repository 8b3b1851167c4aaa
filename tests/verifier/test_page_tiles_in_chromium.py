"""The verifier's page pointed at published tiles, in headless Chromium: the address typed, the
page reloads allowing that address only (csp.js), reads the tiles there and says what the Python
auditor says of them; it asks nothing of anyone else, and its policy refuses any other address."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.verifier.conftest import VECTORS, _Quiet


def drawn() -> dict[str, Any]:
    result: dict[str, Any] = json.loads((VECTORS / "drawn.verdict.json").read_text())
    return result


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    tab.asked = []
    tab.errors = []
    tab.on("request", lambda r: tab.asked.append(r.url))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    context.close()


def pointed(page: Any, url: str, tiles: str, lang: str = "fr") -> None:
    """The page opened, the drawn log's key and witness given, the tiles' address typed."""
    verdict = drawn()
    page.goto(f"{url}/index.html" + ("#lang=en" if lang == "en" else ""))
    page.wait_for_selector("#checks li")  # app.js has translated the page: it is listening
    page.fill("#trust", verdict["trust"][0])
    page.fill("#witnesses", "\n".join(verdict["witnesses"]))
    page.fill("#quorum", str(verdict["quorum"]))
    page.fill("#tiles", tiles)
    with page.expect_navigation():
        page.click("#go")
    # selectors, not polled functions: Playwright may evaluate those with eval, which the
    # page's policy forbids
    page.wait_for_selector("#verdict[data-state='done']")


def told(page: Any) -> set[tuple[str, int]]:
    rows = page.query_selector_all("#details tr[data-rule]")
    return {(r.get_attribute("data-rule"), int(r.get_attribute("data-seq"))) for r in rows}


def test_given_honest_tiles_when_the_page_is_pointed_at_them_then_it_holds_asking_no_one_else(
    page, page_url, tiles_url, artefacts
):
    tiles = f"{tiles_url}/drawn/"

    pointed(page, page_url, tiles)

    page.screenshot(path=str(artefacts / "tiles-drawn.fr.png"), full_page=True)
    assert page.get_attribute("#verdict", "data-holds") == "true", page.inner_text("#details")
    assert f"Registre publié lu à {tiles}" in page.inner_text("#details")
    assert page.input_value("#trust") == drawn()["trust"][0]
    assert all(u.startswith((page_url, tiles)) for u in page.asked), page.asked
    assert any(u == f"{tiles}checkpoint" for u in page.asked)
    assert page.errors == []


def test_given_the_page_allowing_one_address_when_it_fetches_another_then_the_policy_refuses(
    page, page_url, tiles_url
):
    pointed(page, page_url, f"{tiles_url}/drawn/")

    outcome = page.evaluate(
        "url => fetch(url).then(() => 'read', () => 'refused')", f"{tiles_url}/year/checkpoint"
    )

    assert outcome == "refused"
    assert not any(u.startswith(f"{tiles_url}/year/") for u in page.asked)


def test_given_a_changed_hash_tile_when_the_page_reads_the_tiles_then_it_names_the_tile(
    page, page_url, tiles_url, published, artefacts
):
    tree = Path(published["drawn"]).parent / "drawn-tile-changed"
    if not tree.exists():
        shutil.copytree(published["drawn"], tree)
        data = bytearray((tree / "tile/0/005").read_bytes())
        data[100] ^= 1
        (tree / "tile/0/005").write_bytes(bytes(data))

    pointed(page, page_url, f"{tiles_url}/drawn-tile-changed/", lang="en")

    page.screenshot(path=str(artefacts / "tiles-tile-changed.en.png"), full_page=True)
    assert page.get_attribute("#verdict", "data-holds") == "false"
    assert page.inner_text("#verdict").startswith("The record does not hold")
    assert told(page) == {("tile", 0)}
    assert "tile/0/005" in page.inner_text("#details")


def test_given_an_address_with_no_published_log_when_pointed_then_one_sentence(
    page, page_url, tiles_url
):
    pointed(page, page_url, f"{tiles_url}/nothing-here/")

    assert page.get_attribute("#verdict", "data-holds") == "input"
    assert "aucun registre publié lisible" in page.inner_text("#verdict")


@pytest.fixture(scope="module")
def closed_url(published):
    """The same tiles served without Access-Control-Allow-Origin: no other page may read them."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0),
        functools.partial(_Quiet, directory=str(Path(published["drawn"]).parent)),
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_given_a_mirror_that_allows_no_other_origin_when_pointed_then_it_says_so(
    page, page_url, closed_url
):
    pointed(page, page_url, f"{closed_url}/drawn/")

    assert page.get_attribute("#verdict", "data-holds") == "input"
    assert "Access-Control-Allow-Origin" in page.inner_text("#verdict")
