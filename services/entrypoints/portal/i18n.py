"""French first, English on request: the language of a request, the portal's gettext catalogue
(domain ``portal``, compiled by ``make portal-catalogue``, shipped in ``locale/``), and dates as
Paris reads them (Europe/Paris, Babel's CLDR formats)."""

from __future__ import annotations

import gettext
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

LANGUAGES = ("fr", "en")
DEFAULT = "fr"
DOMAIN = "portal"
LOCALE_DIR = Path(__file__).with_name("locale")
PARIS = ZoneInfo("Europe/Paris")
NOTHING = "\u2013"  # an en dash: no value (yet)


def N_(message: str) -> str:
    return message


def NC_(context: str, message: str) -> str:
    """A message marked for the catalogue in a context (``pgettext``'s ``msgctxt``)."""
    del context
    return message


# French spaces before « : ; ? ! » and inside guillemets (Imprimerie nationale): a no-break
# space before the colon, a narrow one before the others
PUNCTUATION = {
    "fr": {":": "\u00a0:", ";": "\u202f;", "?": "\u202f?", "!": "\u202f!"},
    "en": {},
}
# the Babel locale of each language: English as Europe writes it (15 January 2026, 09:00)
LOCALES = {"fr": "fr_FR", "en": "en_GB"}
PERCENT = {"fr": "#,##0.00\u00a0%", "en": "#,##0.00%"}


def punctuation(mark: str, language: str) -> str:
    """A mark of punctuation as the language sets it: « : » in French, ":" in English."""
    return PUNCTUATION.get(language, {}).get(mark, mark)


def chosen(query: str | None, accept_language: str | None) -> tuple[str, bool]:
    """The page's language, and whether it was asked for by the switch (``?lang=``, carried on
    in every link) rather than by the browser's ``Accept-Language``."""
    if query in LANGUAGES:
        return query, True
    return negotiated(accept_language), False


def negotiated(header: str | None) -> str:
    """The language the browser prefers most among ours; French when it names neither."""
    best, best_q = DEFAULT, 0.0
    for part in (header or "").split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            name, _, value = p.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        language = tag.strip().lower().split("-")[0]
        if language in LANGUAGES and q > best_q:
            best, best_q = language, q
    return best


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of a language (English is the catalogue's own source language)."""
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])


@cache
def catalogued(language: str) -> frozenset[str]:
    """The messages the language's catalogue translates (all of them in English, the source):
    a French text that happens to read as the English one is translated all the same."""
    translated = translations(language)
    if language == "en":
        return frozenset()
    return frozenset(k for k in getattr(translated, "_catalog", {}) if isinstance(k, str) and k)


MOMENT = {"fr": "d MMMM y 'à' HH:mm", "en": "d MMMM y 'at' HH:mm"}


def moment(value: str | datetime | None, language: str) -> str:
    """A time of the log (UTC, ISO 8601) as Paris reads it: "15 janvier 2026 à 09:00" (the
    minute, as a clerk writes it; the page's ``<time>`` and the JSON keep the second)."""
    if not value:
        return NOTHING
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    if when.tzinfo is None:
        return day(when.date(), language)
    first = language == "fr" and when.astimezone(PARIS).day == 1
    pattern = MOMENT[language].replace("d ", "d'er' ", 1) if first else MOMENT[language]
    return format_datetime(when, pattern, tzinfo=PARIS, locale=LOCALES[language])


def day(value: str | date | None, language: str) -> str:
    """A day in words: "1er mars 2026" (French writes the first of the month as an ordinal)."""
    if not value:
        return NOTHING
    when = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    said = format_date(when, format="long", locale=LOCALES[language])
    return said.replace("1 ", "1er ", 1) if language == "fr" and when.day == 1 else said


def number(value: float | int | None, language: str, digits: int = 0) -> str:
    """A figure with the language's separators: "2 000" (a narrow no-break space) in French."""
    if value is None:
        return NOTHING
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALES[language])


def percent(value: float | None, language: str) -> str:
    if value is None:
        return NOTHING
    return format_percent(value, format=PERCENT[language], locale=LOCALES[language])
