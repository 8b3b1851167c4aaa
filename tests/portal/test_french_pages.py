"""Every page of the demo year reads as a French public body writes: the portal's own words
set with French spaces before « : ; ? ! », figures grouped by a narrow no-break space, times
in words in Paris time, and each status agreeing with its noun. Free text (titles, reasons)
stays as the record has it, so it is left out of the check."""

from __future__ import annotations

import json
import re
import urllib.request
from html.parser import HTMLParser
from typing import Any

from tests.portal.test_catalogue import BAD_FRENCH
from tests.portal.test_pages_in_chromium import _paths

MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
MOMENT = re.compile(rf"\b(1er|\d{{1,2}}) ({MONTHS}) \d{{4}} à \d{{2}}:\d{{2}}\b")
ENGLISH = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d|\d{2}:\d{2}:\d{2}|janv\."
)


class _Visible(HTMLParser):
    """The text a reader sees (and hears: titles, labels), without code, scripts or styles."""

    SKIP = frozenset({"code", "pre", "script", "style"})

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in self.SKIP
        self.parts += [v for k, v in attrs if k in ("title", "aria-label", "alt") and v]

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in self.SKIP

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _free_text(document: Any) -> set[str]:
    """The record's own texts in a page's JSON twin (titles, reasons, addresses)."""
    if isinstance(document, dict):
        return {t for v in document.values() for t in _free_text(v)}
    if isinstance(document, list):
        return {t for v in document for t in _free_text(v)}
    return {document} if isinstance(document, str) and " " in document.strip() else set()


def _page(url: str) -> tuple[str, set[str]]:
    request = urllib.request.Request(url, headers={"Accept-Language": "fr"})
    with urllib.request.urlopen(request) as r:
        html = r.read().decode()
        twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', html)
    free: set[str] = set()
    if twin:
        with urllib.request.urlopen(url.split("/", 3)[0] + "//" + url.split("/")[2] + twin[1]) as r:
            free = _free_text(json.load(r))
    visible = _Visible()
    visible.feed(html)
    return "\n".join(visible.parts), free


def test_given_every_french_page_then_its_punctuation_figures_and_times_are_french(
    served, aid
) -> None:
    badly_set: dict[str, list[str]] = {}
    english: dict[str, list[str]] = {}
    times = 0
    for path in _paths(served, aid):
        text, free = _page(served + path)

        for t in sorted(free, key=len, reverse=True):
            text = text.replace(t, " ")
        found = [text[max(0, m.start() - 20) : m.end() + 5] for m in BAD_FRENCH.finditer(text)]
        if found:
            badly_set[path] = found
        if ENGLISH.search(text):
            english[path] = ENGLISH.findall(text)
        times += len(MOMENT.findall(text))

    assert badly_set == {}
    assert english == {}
    assert times > 100  # the timeline alone says hundreds


def test_given_the_draw_then_its_figures_are_grouped_as_french_groups_them(served, aid) -> None:
    text, _ = _page(f"{served}/assemblies/{aid}/draw")

    assert "2\u202f000" in text  # the respondents of the pool
    assert not re.search(r"\d \d{3}\b", text)  # never an ordinary space inside a figure


def test_given_the_record_in_french_then_each_status_agrees_with_its_noun(served, aid) -> None:
    assembly, _ = _page(f"{served}/assemblies/{aid}")
    ballots, _ = _page(f"{served}/assemblies/{aid}/ballots")
    recommendation, _ = _page(served + _paths(served, aid)[-1])

    assert "Les abstentions ne sont pas comptées comme suffrages exprimés." in assembly
    assert "requiert la majorité simple" in assembly
    section = recommendation[recommendation.index("Amendements déposés") :]
    fates = re.findall(r"\n(\w+)\n\d+ / \d+\n", section)
    assert fates and set(fates) <= {"adopté", "rejeté", "retiré", "devenu sans objet"}
    assert (
        "\nnon adopté\n" in ballots and "\nadoptée\n" in ballots
    )  # an amendment, a recommendation


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_given_the_timeline_then_records_are_named_by_title_or_short_id_and_keep_their_proof(
    served, aid
) -> None:
    for language in ("fr", "en"):
        with urllib.request.urlopen(f"{served}/assemblies/{aid}/timeline?lang={language}") as r:
            html = r.read().decode()
        lines = re.findall(r'<li id="p(\d+)">(.*?)</li>', html, re.S)
        text = re.sub(r"<[^>]+>|https?://\S+", "", "".join(line for _, line in lines))

        assert len(lines) > 400
        assert UUID.findall(text) == []  # a reader sees « Discovery 1 », or 7dca7226
        assert all(f'href="/proofs/{seq}?lang={language}"' in line for seq, line in lines)
        named = re.findall(r'<(?:a|span)[^>]* title="([0-9a-f-]{36})">([^<]+)<', html)
        assert len(named) > 50
        assert all(short == uid[:8] or len(short) > 8 for uid, short in named)
