"""French first: every message of the portal's code and templates is translated in the French
catalogue it ships compiled; the language of a request is the reader's choice."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import read_mo

from services.entrypoints.portal import i18n
from services.entrypoints.portal.app import HERE
from services.entrypoints.portal.labels import labeller

METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
ROOT = Path(__file__).resolve().parents[2]
WORDINGS = [
    ROOT / "projections" / m for m in ("timeline.py", "corrections.py", "recommendations.py")
]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "N_": None,
    "NC_": ((1, "c"), 2),
    "pgettext": ((1, "c"), 2),
    "ngettext": (1, 2),
}
# French sets a no-break space before « : ; ? ! » and inside guillemets: an ordinary space
# there breaks the line before the mark, and no space at all reads as English
BAD_FRENCH = re.compile(r"(?<=[^\u00a0\u202f\d])[:;?!](?=\s|$)|«(?!\u202f)|(?<!\u202f)»")


def _french() -> Catalog:
    with (i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo").open("rb") as f:
        return read_mo(f)


def _translated(french: Catalog, message: str, context: str | None) -> bool:
    found = french.get(message, context)
    strings = (
        [] if found is None else [found.string] if found.pluralizable is False else found.string
    )
    return bool(strings) and all(strings)


def test_given_the_portal_then_every_message_has_its_french_in_the_shipped_catalogue() -> None:
    found = {
        (m[2] if isinstance(m[2], str) else m[2][0], m[4])
        for m in extract_from_dir(HERE, METHODS, keywords=KEYWORDS, options_map=OPTIONS)
    }
    french = _french()

    untranslated = sorted(m for m in found if not _translated(french, *m))

    assert len(found) > 200
    assert untranslated == [], "run `make portal-catalogue` and translate them in fr/…/portal.po"


def test_given_the_timeline_wordings_then_each_is_in_french_with_the_same_names() -> None:
    wordings = [
        m[1] for path in WORDINGS for m in extract_from_file("python", path, keywords=KEYWORDS)
    ]
    french = _french()

    untranslated = sorted(w for w in wordings if not (french.get(w) and french[w].string))
    names = {w: set(re.findall(r"{(\w+)}", french[w].string)) for w in wordings if w in french}

    assert len(wordings) > 40
    assert untranslated == [], "run `make portal-catalogue` and translate them in fr/…/portal.po"
    ballots = {"threshold", "votes_cast", "present", "quorum_needed", "seated"}
    unknown = {w: n - set(re.findall(r"{(\w+)}", w)) - ballots for w, n in names.items()}
    assert {w: n for w, n in unknown.items() if n} == {}  # a French line names only its values


def test_given_accept_language_then_the_best_of_ours_else_french() -> None:
    assert i18n.negotiated("en-GB,en;q=0.9,fr;q=0.8") == "en"
    assert i18n.negotiated("de-DE, fr;q=0.5, en;q=0.4") == "fr"
    assert i18n.negotiated("de, it") == "fr"
    assert i18n.negotiated(None) == "fr"
    assert i18n.chosen("en", "fr") == ("en", True)
    assert i18n.chosen("xx", "en") == ("en", False)


def test_given_a_time_of_the_log_then_it_is_said_in_paris_time() -> None:
    assert i18n.moment("2026-01-15T08:00:00+00:00", "fr") == "15 janvier 2026 à 09:00"
    assert i18n.moment("2026-02-28T23:30:00+00:00", "fr") == "1er mars 2026 à 00:30"
    assert i18n.moment("2026-07-15T08:00:00+00:00", "en") == "15 July 2026 at 10:00"
    assert i18n.day("2026-03-01", "fr") == "1er mars 2026"


def test_given_a_figure_then_french_groups_its_thousands_with_a_narrow_no_break_space() -> None:
    assert i18n.number(2000, "fr") == "2\u202f000"
    assert i18n.number(2000, "en") == "2,000"
    assert i18n.percent(0.5, "fr") == "50,00\u00a0%"
    assert i18n.percent(0.5, "en") == "50.00%"


def test_given_the_french_catalogue_then_its_punctuation_is_set_as_french_sets_it() -> None:
    french = _french()
    strings = [
        s for m in french if m.id for s in ([m.string] if isinstance(m.string, str) else m.string)
    ]

    badly_set = [s for s in strings if BAD_FRENCH.search(s)]

    assert len(strings) > 300
    assert badly_set == []


def test_given_a_status_shared_by_nouns_then_each_agrees_with_its_own() -> None:
    label = labeller("fr")

    assert label("rejected", "amendment") == "rejeté"
    assert label("rejected", "recommendation") == "rejetée"
    assert label("adopted", "mandate") == "adopté"
    assert label("closed", "ballot") == "clos"
    assert label("closed", "session") == "close"
    assert label("withdrawn", "recommendation") == "retirée"
    assert label("consensus", "requires") == "le consensus"
    assert label("rejected", "amendment") != label("rejected", "recommendation")
