"""French first: every message of the portal's code and templates is translated in the French
catalogue it ships compiled; the language of a request is the reader's choice."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import read_mo

from services.entrypoints.portal import i18n
from services.entrypoints.portal.app import HERE

METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
ROOT = Path(__file__).resolve().parents[2]
WORDINGS = [
    ROOT / "projections" / m for m in ("timeline.py", "corrections.py", "recommendations.py")
]
KEYWORDS = {"_": None, "gettext": None, "N_": None}


def _french() -> dict:
    with (i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo").open("rb") as f:
        return read_mo(f)


def test_given_the_portal_then_every_message_has_its_french_in_the_shipped_catalogue() -> None:
    found = {
        m[2] if isinstance(m[2], str) else m[2][0]
        for m in extract_from_dir(HERE, METHODS, keywords=KEYWORDS, options_map=OPTIONS)
    }
    french = _french()

    untranslated = sorted(m for m in found if not (french.get(m) and french[m].string))

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
    assert i18n.moment("2026-01-15T08:00:00+00:00", "fr") == "15 janv. 2026, 09:00:00"
    assert i18n.moment("2026-07-15T08:00:00+00:00", "en") == "Jul 15, 2026, 10:00:00\u202fAM"
