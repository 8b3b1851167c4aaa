"""Every fact's log position links to its inclusion proof: a page in the reader's language that
says how to check it, and the JSON `assembly audit prove` prints, byte for byte, read from the
published tiles (`portal serve --tiles`); the file a resident downloads in a browser without
JavaScript is one `assembly audit check-proof` accepts. What is no position, or not covered
yet, is told in one sentence."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.application.portal.proofs import NoProof, PublishedLog
from tests.portal.cli import ASSEMBLY, assembly_json
from tests.portal.server import portal
from tests.portal.year import catch_up


def _assembly(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [ASSEMBLY, *args], env={**os.environ, **env}, capture_output=True, timeout=120, check=False
    )


def _get(url: str, **headers: str) -> tuple[int, Any, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


@pytest.fixture(scope="module")
def published(demo_year, tmp_path_factory) -> tuple[Path, str, int]:
    """The demo year checkpointed and published as tiles: the directory, the log's vkey, and
    the size the checkpoint covers."""
    env = demo_year[0]
    tiles = tmp_path_factory.mktemp("portal-tiles") / "log"
    vkey = assembly_json(env, "keys", "init")["vkey"]
    done = assembly_json(env, "checkpoint")
    assembly_json(env, "log", "publish", str(tiles))
    return tiles, vkey, int(done["tree_size"])


@pytest.fixture(scope="module")
def proving(demo_year, published, tmp_path_factory) -> Iterator[str]:
    env = {**demo_year[0], "ASSEMBLY_PORTAL_TILES": str(published[0])}
    with portal(env, log=tmp_path_factory.mktemp("portal-proofs") / "uvicorn.log") as url:
        yield url


def test_given_the_timeline_in_a_browser_without_javascript_when_a_fact_proof_is_downloaded_then_check_proof_accepts_it(  # noqa: E501
    proving, aid, demo_year, published, browser, tmp_path
) -> None:
    env = demo_year[0]
    vkey = published[1]
    context = browser.new_context(locale="fr-FR", java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{proving}/assemblies/{aid}/timeline")
        link = page.locator("#timeline a.pos").nth(3)
        seq = int(link.inner_text().removeprefix("#"))
        link.click()
        heading = page.inner_text("h1")
        with page.expect_download() as downloading:
            page.click("#download")
        saved = tmp_path / downloading.value.suggested_filename
        downloading.value.save_as(saved)
    finally:
        context.close()

    checked = _assembly(env, "audit", "check-proof", str(saved), "--trust", vkey)
    printed = _assembly(env, "audit", "prove", str(seq))

    assert heading == f"Preuve d\u2019inclusion du fait n°\u00a0{seq}"
    assert saved.name == f"fact-{seq}.json"
    assert checked.returncode == 0, checked.stderr + checked.stdout
    assert f"message #{seq} (".encode() in checked.stdout and b"is in the log" in checked.stdout
    assert printed.returncode == 0 and saved.read_bytes() == printed.stdout


def test_given_a_proof_when_asked_again_with_its_etag_then_304_and_its_tiles_are_served(
    proving, published
) -> None:
    status, headers, body = _get(f"{proving}/api/proofs/7")

    again, _, nothing = _get(f"{proving}/api/proofs/7", **{"If-None-Match": headers["ETag"]})

    assert status == 200 and json.loads(body)["seq"] == 7
    assert headers["Content-Disposition"] == 'attachment; filename="fact-7.json"'
    assert (again, nothing) == (304, b"")
    assert _get(f"{proving}/log/checkpoint")[2] == (published[0] / "checkpoint").read_bytes()


def test_given_a_page_elsewhere_when_it_reads_the_tiles_or_the_api_then_cors_lets_it(
    proving,
) -> None:
    elsewhere = {"Origin": "https://verifier.example"}

    tiles = _get(f"{proving}/log/checkpoint", **elsewhere)[1]
    api = _get(f"{proving}/api/proofs/7", **elsewhere)[1]

    assert tiles["Access-Control-Allow-Origin"] == "*"
    assert api["Access-Control-Allow-Origin"] == "*"
    assert tiles.get("Access-Control-Allow-Credentials") is None


def test_given_positions_that_have_no_proof_then_one_sentence_in_french_or_as_json(
    proving, served, published
) -> None:
    size = published[2]

    word, _, word_page = _get(f"{proving}/proofs/abc")
    beyond, _, beyond_page = _get(f"{proving}/proofs/{size + 1000}")
    zero, _, _ = _get(f"{proving}/proofs/0")
    huge, _, _ = _get(f"{proving}/proofs/{'9' * 30}")
    digits, _, _ = _get(f"{proving}/proofs/%D9%A3")  # an Arabic-Indic three: not ours
    api_word, _, api_body = _get(f"{proving}/api/proofs/-3")
    english, _, english_page = _get(f"{proving}/proofs/{size + 1000}?lang=en")
    untold, _, untold_page = _get(f"{served}/proofs/5")

    assert (
        word == 400
        and "«\u202fabc\u202f» n\u2019est pas une position du journal" in word_page.decode()
    )
    assert beyond == 404 and f"couvre les faits n°\u00a01 à n°\u00a0{size}" in beyond_page.decode()
    assert (zero, huge, digits) == (404, 404, 400)
    assert api_word == 400 and "is not a log position" in json.loads(api_body)["detail"]
    assert english == 404 and f"covers the facts #1 to #{size}" in english_page.decode()
    assert untold == 404 and "n\u2019a pas reçu le journal publié" in untold_page.decode()
    assert "<code>assembly audit prove 5</code>" in untold_page.decode()
    assert "Traceback" not in (word_page + beyond_page + untold_page).decode()


def test_given_every_page_then_each_log_position_links_to_its_proof(served, aid) -> None:
    page = _get(f"{served}/assemblies/{aid}/ballots?lang=en")[2].decode()

    shown = re.findall(r">#(\d+)<", page)
    linked = re.findall(r'href="/proofs/(\d+)\?lang=en"[^>]*>#(\d+)<', page)

    assert shown and len(linked) == len(shown)
    assert all(a == b for a, b in linked)


def test_given_tiles_that_do_not_lead_to_their_checkpoint_then_no_proof_is_given(
    published, tmp_path
) -> None:
    copy = tmp_path / "log"
    shutil.copytree(published[0], copy)
    bundle = copy / "tile" / "entries" / "001"  # facts #257 to #512
    data = bytearray(bundle.read_bytes())
    data[-1] ^= 1  # the last byte of the last entry's payload
    bundle.write_bytes(bytes(data))

    honest = PublishedLog(str(published[0])).prove(512)
    with pytest.raises(NoProof) as refused:
        PublishedLog(str(copy)).prove(512)

    assert honest.proof.seq == 512
    assert refused.value.reason == "unreadable"


WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_given_a_proof_page_and_an_error_page_then_in_their_language_clean_and_accessible(
    proving, browser, axe, artefacts, language
) -> None:
    context = browser.new_context(locale={"fr": "fr-FR", "en": "en-GB"}[language])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    serious: dict[str, list[str]] = {}
    try:
        for path, status in (("/proofs/12", 200), ("/assemblies/nope", 404)):
            response = page.goto(proving + path)

            assert response is not None and response.status == status, path
            assert page.get_attribute("html", "lang") == language
            page.screenshot(
                path=str(artefacts / f"{path.strip('/').replace('/', '-')}.{language}.png")
            )
            page.add_script_tag(content=axe)
            found = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
            )
            serious[path] = [
                f"{v['id']} ({v['impact']})"
                for v in found["violations"]
                if v["impact"] in ("serious", "critical")
            ]
    finally:
        context.close()

    assert [e for e in errors if "404" not in e] == []  # the error page's own status is logged
    assert serious == {"/proofs/12": [], "/assemblies/nope": []}


def test_given_a_tiles_directory_nothing_was_published_to_then_no_proof_yet(tmp_path) -> None:
    with pytest.raises(NoProof) as refused:
        PublishedLog(str(tmp_path)).prove(3)

    assert (refused.value.reason, refused.value.seq) == ("unpublished", 3)


def test_given_a_new_checkpoint_published_then_the_next_proof_is_in_it(
    demo_year, published, aid, tmp_path
) -> None:
    env = demo_year[0]
    tiles = tmp_path / "log"
    assembly_json(env, "log", "publish", str(tiles))
    log = PublishedLog(str(tiles))
    before = log.prove(7)

    assembly_json(
        env,
        *("session", "schedule", "--assembly", aid, "--as", "clerk:greffe", "--kind", "plenary"),
        *("--at", "2026-01-10T10:00+01:00", "--starts-at", "2026-01-13T18:00+01:00"),
        *("--title", "Séance de clôture", "--agenda", "Bilan"),
    )
    later = assembly_json(env, "checkpoint")
    assembly_json(env, "log", "publish", str(tiles))
    after = log.prove(7)

    catch_up(env)  # the year's read models at the log's head again, as the other tests find them

    assert before.proof.tree_size < after.proof.tree_size == later["tree_size"]
    assert before.tag != after.tag
