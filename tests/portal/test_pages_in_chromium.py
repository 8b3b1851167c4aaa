"""Every page of the demo year in Debian's Chromium, in French and in English: it renders in its
language, logs no console error, and axe-core finds no serious or critical violation of WCAG
2.1 AA; on a phone (390 px) no page is wider than the screen (a wide table scrolls in its own
box). A screenshot of each, desktop and phone, is kept under test-artefacts/portal/."""

from __future__ import annotations

import json
import urllib.request

import pytest

PAGES = ["", "/draw", "/members", "/sessions", "/ballots", "/recommendations", "/timeline"]
HEADINGS = {
    ("/draw", "fr"): "Le tirage au sort",
    ("/draw", "en"): "The draw by lot",
    ("/members", "fr"): "Membres",
    ("/members", "en"): "Members",
    ("/sessions", "fr"): "Séances",
    ("/sessions", "en"): "Sessions",
    ("/ballots", "fr"): "Scrutins",
    ("/ballots", "en"): "Ballots",
    ("/recommendations", "fr"): "Recommandations",
    ("/recommendations", "en"): "Recommendations",
    ("/timeline", "fr"): "Chronologie",
    ("/timeline", "en"): "Timeline",
}
LOCALES = {"fr": "fr-FR", "en": "en-GB"}
DESKTOP = {"width": 1100, "height": 900}
PHONE = {"width": 390, "height": 844}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _first_recommendation(served: str, aid: str) -> str:
    with urllib.request.urlopen(f"{served}/api/assemblies/{aid}/recommendations") as r:
        return str(json.load(r)["recommendations"][0]["recommendation_id"])


def _paths(served: str, aid: str) -> list[str]:
    rec = _first_recommendation(served, aid)
    return [
        "/",
        *(f"/assemblies/{aid}{p}" for p in PAGES),
        f"/assemblies/{aid}/recommendations/{rec}",
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_given_the_year_when_each_page_is_loaded_then_in_its_language_clean_and_accessible(
    served, aid, browser, axe, artefacts, language
) -> None:
    context = browser.new_context(locale=LOCALES[language], viewport=DESKTOP)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    serious: dict[str, list[str]] = {}
    overflowing: list[str] = []
    try:
        for path in _paths(served, aid):
            response = page.goto(served + path)

            assert response is not None and response.status == 200, path
            assert page.get_attribute("html", "lang") == language
            suffix = path.removeprefix(f"/assemblies/{aid}")
            if (suffix, language) in HEADINGS:
                assert page.inner_text("h1") == HEADINGS[(suffix, language)]
            name = (suffix.strip("/").replace("/", "-") or "assembly") if path != "/" else "home"
            page.screenshot(path=str(artefacts / f"{name[:40]}.{language}.png"), full_page=False)
            page.set_viewport_size(PHONE)
            if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
                overflowing.append(path)  # a phone would have to scroll the whole page sideways
            page.screenshot(path=str(artefacts / f"{name[:40]}.{language}.phone.png"))
            page.set_viewport_size(DESKTOP)
            page.add_script_tag(content=axe)
            found = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
            )
            bad = [
                f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
                for v in found["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if bad:
                serious[path] = bad
    finally:
        context.close()

    assert errors == []
    assert serious == {}
    assert overflowing == []


def test_given_a_french_page_when_the_switch_is_followed_then_english_and_links_keep_it(
    served, aid, browser
) -> None:
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(f"{served}/assemblies/{aid}")
        assert page.inner_text("h2 >> nth=0") == "Les règles, en clair"

        page.click("header .switch a")
        page.click("nav.sections a >> text=Ballots")

        assert page.get_attribute("html", "lang") == "en"
        assert page.inner_text("h1") == "Ballots"
        assert page.url.endswith("/ballots?lang=en")
    finally:
        context.close()


def test_given_a_page_when_printed_then_the_navigation_is_left_out_and_it_makes_a_pdf(
    served, aid, browser, artefacts
) -> None:
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(f"{served}/assemblies/{aid}/draw")
        assert page.is_visible("nav.sections")

        page.emulate_media(media="print")
        pdf = page.pdf(path=str(artefacts / "draw.fr.pdf"))

        assert not page.is_visible("nav.sections") and not page.is_visible("header .switch")
        assert page.is_visible("#verdict") and pdf.startswith(b"%PDF")
    finally:
        context.close()


def test_given_javascript_off_when_each_page_is_loaded_then_it_reads_whole_and_holds_no_script(
    served, aid, browser
) -> None:
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    scripted: list[str] = []
    try:
        for path in _paths(served, aid):
            response = page.goto(served + path)

            assert response is not None and response.status == 200, path
            assert page.is_visible("main h1") and page.is_visible("footer.site")
            if page.locator("script, [onclick], [onload]").count():
                scripted.append(path)
    finally:
        context.close()

    assert scripted == []
