"""The verifier's page in headless Chromium: a vector dropped in, the page says what the
Python auditor says (the rules and sequences of its table are the verdict's), in French first
and in English on request, asking nothing of the network, accessible (axe-core, WCAG 2.1 AA).
Each verdict is kept as a screenshot in test-artefacts/verifier/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
CHECKED = {"structural", "draw", "ballot"}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def vector(name: str) -> dict[str, Any]:
    path = VECTORS / f"{name}.verdict.json"
    if not path.exists():
        path = VECTORS / "cases" / f"{name}.verdict.json"
    if not path.exists():
        pytest.skip(f"no vector {name} in {VECTORS}")
    result: dict[str, Any] = json.loads(path.read_text())
    return result


def dropped(page: Any, url: str, verdict: dict[str, Any], lang: str = "fr") -> None:
    """The page opened, the vector's key and witnesses given, its files dropped, checked."""
    page.goto(f"{url}/index.html" + ("#lang=en" if lang == "en" else ""))
    page.wait_for_function("window.verifierReady === true")
    page.fill("#trust", verdict["trust"][0])
    if verdict["witnesses"]:
        page.fill("#witnesses", "\n".join(verdict["witnesses"]))
        page.fill("#quorum", str(verdict["quorum"]))
    files = [VECTORS / verdict["log"], *(VECTORS / f for f in verdict["outside"])]
    page.set_input_files("#files", [str(f) for f in files])
    page.click("#go")
    page.wait_for_selector("#verdict[data-state='done']")


def told(page: Any) -> set[tuple[str, int]]:
    rows = page.query_selector_all("#details tr[data-rule]")
    return {(r.get_attribute("data-rule"), int(r.get_attribute("data-seq"))) for r in rows}


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    tab.asked = []
    tab.errors = []
    tab.on("request", lambda r: tab.asked.append(r.url))
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    context.close()


def test_given_the_honest_drawn_year_when_dropped_then_the_page_says_it_holds(
    page, page_url, artefacts
):
    verdict = vector("drawn")

    dropped(page, page_url, verdict)

    page.screenshot(path=str(artefacts / "drawn.fr.png"), full_page=True)
    assert page.get_attribute("#verdict", "data-holds") == "true"
    assert page.inner_text("#verdict").startswith("Le registre tient")
    assert "ne refait pas la décision de chaque règle" in page.inner_text("#not-checked")
    assert all(u.startswith(page_url) for u in page.asked), page.asked
    assert page.errors == []


@pytest.mark.parametrize(
    "name", ["year-payload-changed", "year-equivocation", "drawn-seed-changed"]
)
def test_given_a_tampered_log_when_dropped_then_the_page_names_python_s_rules_and_sequences(
    page, page_url, artefacts, name
):
    verdict = vector(name)
    python = {(v["rule"], v["seq"]) for v in verdict["violations"] if v["scope"] in CHECKED}

    dropped(page, page_url, verdict)

    page.screenshot(path=str(artefacts / f"{name}.fr.png"), full_page=True)
    assert page.get_attribute("#verdict", "data-holds") == "false"
    assert page.inner_text("#verdict").startswith("Le registre ne tient pas")
    assert told(page) == python
    assert all(u.startswith(page_url) for u in page.asked), page.asked


def test_given_english_asked_when_a_tampered_log_is_dropped_then_it_is_told_in_english(
    page, page_url, artefacts
):
    verdict = vector("year-payload-changed")

    dropped(page, page_url, verdict, lang="en")

    page.screenshot(path=str(artefacts / "year-payload-changed.en.png"), full_page=True)
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("#verdict").startswith("The record does not hold")
    page.click("#switch")
    assert page.get_attribute("html", "lang") == "fr"
    assert page.inner_text("#verdict").startswith("Le registre ne tient pas")


def test_given_a_file_that_is_not_an_export_when_dropped_then_one_sentence(page, page_url):
    verdict = vector("year")
    page.goto(f"{page_url}/index.html")
    page.wait_for_function("window.verifierReady === true")
    page.fill("#trust", verdict["trust"][0])

    page.set_input_files("#files", [str(VECTORS / "year.checkpoints")])

    assert page.is_disabled("#go")
    page.set_input_files(
        "#files",
        files=[{"name": "log.jsonl", "mimeType": "text/plain", "buffer": b'{"config": 1}\n'}],
    )
    page.click("#go")
    page.wait_for_selector("#verdict[data-state='done']")
    assert page.get_attribute("#verdict", "data-holds") == "input"
    assert "n\u2019est pas un export du registre" in page.inner_text("#verdict")


def test_given_the_page_when_checked_by_axe_then_no_serious_violation(browser, page_url, axe):
    verdict = vector("year-payload-changed")
    context = browser.new_context(bypass_csp=True)  # only to inject axe-core
    tab = context.new_page()
    try:
        dropped(tab, page_url, verdict)
        tab.add_script_tag(content=axe)
        found = tab.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
        )
    finally:
        context.close()

    serious = [
        f"{v['id']}: {v['nodes'][0]['target']}"
        for v in found["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
