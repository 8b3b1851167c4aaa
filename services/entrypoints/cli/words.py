"""The read models' lines (a timeline entry's summary, a recommendation's step) in the clerk's
language. The read models keep each line's wording apart (``projections.timeline.wording``: an
English text with ``{names}`` and their values, marked for the catalogues); here it is
translated and its values said as the CLI says them: times in Paris, days as 07/02/2026, codes
of the record in words, counts as the language writes them. Free text (titles, reasons, names)
and the codes a clerk types (rule ids) stay as the record has them; ids stay whole, to be
copied. A line with no wording, or one the catalogue does not know, is shown as recorded."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from services.entrypoints.cli import i18n
from services.entrypoints.cli.i18n import N_

WORDING = "timeline"  # their context in the catalogue (services.entrypoints.cli.extract)
DAYS = frozenset({"term_start", "term_end", "deadline", "sitting"})
CODES = frozenset(
    {"phase", "kind", "purpose", "response", "decision", "instrument", "stage", "motion", "fact"}
)
THRESHOLDS = frozenset({"threshold"})
YEARS = frozenset({"cohort"})  # a number that is not a count: 2026, never 2\u202f026
# the noun a code's word agrees with (« acceptée »: the recommendation the executive answered)
NOUNS = {"response": "recommendation", "decision": "recommendation"}
MARKS = {
    "corrected": N_("{text} [corrected at log position {at}]"),
    "annulled": N_("{text} [ANNULLED at log position {at}]"),
}


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "-"


def said(entry: dict[str, Any], english: str) -> str:
    """The line of ``entry`` (a row with ``words``) in the language of this run; ``english``
    is the line as the read model wrote it."""
    if i18n.language() == "en":
        return english
    raw = entry.get("words")
    words = json.loads(raw) if isinstance(raw, str) else raw
    if not words:
        return i18n.value(english) if english == entry.get("kind") else english
    if not i18n.known(f"{WORDING}\x04{words['text']}"):
        return english  # not in the catalogue: as the record says it
    template = i18n.pgettext(WORDING, words["text"])
    values = _Missing({k: _value(k, v) for k, v in words.get("values", {}).items()})
    text = template.format_map(values)
    mark = MARKS.get(words.get("mark", ""))
    if mark is not None:
        text = i18n._(mark).format(text=text, at=words.get("at"))
    return text


def _value(name: str, v: Any) -> Any:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return i18n._("yes") if v else i18n._("no")
    if isinstance(v, int):
        return v if name in YEARS else i18n.number(v)
    if not isinstance(v, str):
        return v
    if name.endswith("_at") or name == "at":
        return _moment(v)
    if name in DAYS:
        return _day(v)
    if name in CODES or name in THRESHOLDS:
        return i18n.value(v, NOUNS.get(name))
    if name == "rule" and " " in v:  # a ballot's rule in words; a rule's id stays a code
        from services.entrypoints.cli.refusals import translated  # noqa: PLC0415

        return translated(v)
    return v


def _moment(v: str) -> str:
    try:
        return i18n.moment(datetime.fromisoformat(v))
    except ValueError:
        return v


def _day(v: str) -> str:
    try:
        return i18n.day(date.fromisoformat(v[:10]))
    except ValueError:
        return v
