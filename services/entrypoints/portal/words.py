"""The timeline's lines and a recommendation's steps in the reader's language: the read
models keep each one's wording apart (``projections.timeline.wording``: an English text with
``{names}`` and their values), marked for the portal's catalogue; here it is translated, and
its values said as the page says them (times in Paris, days in words, codes by their
labels). Free text (titles, reasons, names of experts) stays as the record has it."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup, escape

from services.entrypoints.portal import i18n
from services.entrypoints.portal.labels import LABELS, labeller

DAYS = frozenset({"term_start", "term_end", "deadline", "sitting"})
# codes said by their labels (a timeline line's, or a recommendation's step's)
CODES = frozenset(
    {
        "phase",
        "kind",
        "rule",
        "purpose",
        "response",
        "decision",
        "instrument",
        "stage",
        "motion",
        "threshold",
        "group",
        "fact",
    }
)
# values that name a record by its id: said by its title (a link to it) when the page knows
# it, else by the id's first 8 hex digits, the whole id in the title
IDS = frozenset({"session", "recommendation", "amendment", "ballot", "submission"})
QUOTES = {"fr": ("«\u202f", "\u202f»"), "en": ("“", "”")}
# the noun a code's words agree with (« acceptée »: the recommendation the executive answered)
NOUNS = {"response": "recommendation", "decision": "recommendation"}
MARKS = {
    "corrected": i18n.N_("{text} [corrected at log position {at}]"),
    "annulled": i18n.N_("{text} [ANNULLED at log position {at}]"),
}


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return i18n.NOTHING


Names = Mapping[str, tuple[str, str]]  # a record's id -> its title and the link to it


def named(uid: str, names: Names, language: str) -> Markup:
    """A record named in a line: « its title », linked, or its id, shortened."""
    if uid in names:
        title, href = names[uid]
        left, right = QUOTES[language]
        return Markup('<a href="{}" title="{}">{}{}{}</a>').format(href, uid, left, title, right)
    return Markup('<span class="id" title="{}">{}</span>').format(uid, uid[:8])


def sayer(language: str) -> Callable[..., tuple[Markup, str | None]]:
    """A function giving a timeline entry's line (HTML, escaped) and its language (None: the
    page's own); ``names``: the titles and links of the records the page can name."""
    gettext = i18n.translations(language).gettext
    known = i18n.catalogued(language)
    said = labeller(language)

    def label(code: Any, name: str | None = None) -> Any:
        return said(code, NOUNS.get(name or "")) if isinstance(code, str) else code

    def value(name: str, v: Any, names: Names) -> Any:
        if v is None:
            return i18n.NOTHING
        if name in IDS and isinstance(v, str):
            return named(v, names, language)
        if name.endswith("_at"):
            return i18n.moment(v, language)
        if name in DAYS:
            return i18n.day(v, language)
        if name in CODES:
            return label(v, name)
        return v

    def say(entry: dict[str, Any], names: Names | None = None) -> tuple[Markup, str | None]:
        english = entry["summary"] if "summary" in entry else entry["detail"]
        raw = entry.get("words")
        words = json.loads(raw) if isinstance(raw, str) else raw
        if not words:
            kind = entry.get("kind")
            if language == "en" or kind not in LABELS:
                return escape(english), None if language == "en" else "en"
            return escape(label(kind)), None
        if language != "en" and words["text"] not in known:
            return escape(english), "en"  # not in the catalogue: as the record says it
        template = escape(gettext(words["text"]))
        values = _Missing({k: value(k, v, names or {}) for k, v in words["values"].items()})
        text = template.format_map(values)
        if words.get("mark") in MARKS:
            mark = escape(gettext(MARKS[words["mark"]]))
            text = mark.format_map(_Missing(text=text, at=words["at"]))
        return text, None

    return say
