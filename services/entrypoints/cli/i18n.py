"""The clerks' language: French when ``--lang fr`` is given or the locale is French (``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG`` starting with ``fr``), English otherwise.

Messages go through the stdlib ``gettext`` with the catalogue of the domain ``cli`` (extracted
and compiled by ``make cli-catalogue``, shipped in ``locale/``), loaded on the first message
asked for: a cold ``assembly --help`` reads one small .mo file and imports nothing else.
English is the source language. Help texts (docstrings and ``help=``, written once when a
command's module is imported) are translated when they are shown, so that one process can
answer in both languages (the tests do). ``--json`` output is data and never translated.
"""

from __future__ import annotations

import gettext
import inspect
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from decimal import Decimal
    from zoneinfo import ZoneInfo

LANGUAGES = ("en", "fr")
DOMAIN = "cli"
LOCALE_DIR = Path(__file__).with_name("locale")

_state: dict[str, Any] = {"language": "en", "catalogue": None}


def N_(message: str) -> str:
    """A message marked for the catalogue, translated later where it is shown."""
    return message


def chosen(argv: Sequence[str], environ: os._Environ[str] | dict[str, str]) -> str:
    """The language of this run: ``--lang`` on the command line, else the locale."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return _language(argv[i + 1])
        if arg.startswith("--lang="):
            return _language(arg.partition("=")[2])
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "").split(":")[0]
        if value:
            return _language(value)
    return "en"


def without_lang(argv: Sequence[str]) -> list[str]:
    """The command line without ``--lang fr|en``, wherever it was typed (it is read first, by
    ``chosen``): ``assembly status --lang fr`` works as ``assembly --lang fr status``."""
    kept: list[str] = []
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if arg == "--":
            return [*kept, *argv[i:]]
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGUAGES:
            skip = True
            continue
        if arg.startswith("--lang=") and arg.partition("=")[2] in LANGUAGES:
            continue
        kept.append(arg)
    return kept


def _language(tag: str) -> str:
    return "fr" if tag.strip().lower().startswith("fr") else "en"


def use(language: str) -> None:
    """Speak ``language`` from now on, click's own messages included."""
    _state["language"] = language if language in LANGUAGES else "en"
    _state["catalogue"] = None
    catalogue = _catalogue()
    for name in ("core", "exceptions", "types", "decorators", "formatting", "parser", "termui"):
        module = sys.modules.get(f"click.{name}")
        if module is not None and hasattr(module, "_"):
            # click's messages go through gettext's global domain ("messages", which no
            # package here has); its own usage errors and help headings are in our catalogue
            module._ = _path_noun if name == "types" else catalogue.gettext  # type: ignore[attr-defined]
            if hasattr(module, "ngettext"):
                module.ngettext = catalogue.ngettext  # type: ignore[attr-defined]


class _Noun(str):
    """click's name of a path type ("file"), kept in English and said when shown, in the
    language of that moment: as a metavar (``FICHIER``) and, capitalised by click's
    ``title()``, at the head of its messages with its article (« Le fichier « x » n'existe
    pas »; fichier, dossier, chemin: all masculine)."""

    def upper(self) -> str:
        return _(str(self)).upper()

    def title(self) -> str:
        if language() == "fr":
            noun = _(str(self))
            return f"Le {noun}"
        return str(self).title()


def _path_noun(message: str) -> str:
    return _Noun(message) if message in ("file", "directory", "path") else _(message)


# From the first import on: a path type made before the language is chosen names itself too.
click.types._ = _path_noun  # type: ignore[attr-defined]


def language() -> str:
    return str(_state["language"])


def _catalogue() -> gettext.NullTranslations:
    found = _state["catalogue"]
    if found is None:
        if _state["language"] == "en":
            found = gettext.NullTranslations()
        else:
            found = gettext.translation(
                DOMAIN, LOCALE_DIR, languages=[_state["language"]], fallback=True
            )
        _state["catalogue"] = found
    return found  # type: ignore[no-any-return]


def _(message: str) -> str:
    """``message`` in the language of this run (itself, in English or if not translated)."""
    if _state["language"] == "en" or not message:
        return message
    return _catalogue().gettext(message)


def known(message: str) -> bool:
    """Whether the catalogue of this run's language holds ``message`` (English holds all)."""
    if _state["language"] == "en":
        return True
    return message in getattr(_catalogue(), "_catalog", {})


def ngettext(singular: str, plural: str, n: int) -> str:
    if _state["language"] == "en":
        return singular if n == 1 else plural
    return _catalogue().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    if _state["language"] == "en":
        return message
    return _catalogue().pgettext(context, message)


def value(code: str | None, of: str | None = None) -> str:
    """A code of the record (a status, a kind, a phase: ``seated``, ``plenary``) as a word of
    the language, agreeing with what it qualifies (``of="session"``: "ouverte", a ballot
    "ouvert"); the code itself in English. ``--json`` keeps the code."""
    if not code:
        return code or ""
    if of is not None and _state["language"] != "en":
        said = _catalogue().pgettext(of, code)
        if said != code:
            return said
    return _(code)


_PARIS: list[ZoneInfo] = []


def paris() -> ZoneInfo:
    if not _PARIS:
        from zoneinfo import ZoneInfo  # noqa: PLC0415 - only for the commands that show times

        _PARIS.append(ZoneInfo("Europe/Paris"))
    return _PARIS[0]


def moment(when: datetime | None) -> str:
    """A time of the record (kept in UTC) as Paris reads it: 07/02/2026 10:00 in French,
    2026-02-07 10:00 in English, both Paris time."""
    if when is None:
        return "-"
    if when.tzinfo is None:
        return day(when.date())
    local = when.astimezone(paris())
    return f"{local:%d/%m/%Y %H:%M}" if language() == "fr" else f"{local:%Y-%m-%d %H:%M}"


def day(when: date | datetime | None) -> str:
    if when is None:
        return "-"
    if isinstance(when, datetime):
        when = when.date()
    return f"{when:%d/%m/%Y}" if language() == "fr" else when.isoformat()


def number(x: float | Decimal, digits: int | None = None) -> str:
    """A number as the language writes it: 0,0340 and 12\u202f345 in French (a decimal comma,
    thousands apart by a narrow no-break space), 0.0340 and 12,345 in English; ``digits``
    after the decimal mark (none for a count). ``--json`` keeps the number."""
    shown = f"{x:,}" if digits is None else f"{x:,.{digits}f}"
    if language() != "fr":
        return shown
    return shown.replace(",", "\u202f").replace(".", ",")


def percent(text: str) -> str:
    """A percentage a read model wrote ("87.5%") as the language writes it: 87,5 % in French
    (a no-break space before the sign)."""
    if language() != "fr" or not text.endswith("%"):
        return text
    return f"{text[:-1].replace('.', ',')}\u00a0%"


def clauses(parts: Iterable[str]) -> str:
    """Clauses of one sentence apart by semicolons, as the language sets them: « a ; b » in
    French (a no-break space before the semicolon), "a; b" in English."""
    return ("\u00a0; " if language() == "fr" else "; ").join(parts)


# Help texts: translated when shown, in whatever language this run speaks.


def _help(text: str | None, facts: dict[str, str] | None = None) -> str | None:
    """A help text translated; ``facts`` fill a text made when shown (``{columns}``)."""
    if not text:
        return text
    shown = _(inspect.cleandoc(text))
    return shown.format(**facts) if facts else shown


@contextmanager
def _swapped(thing: Any, names: tuple[str, ...]) -> Iterator[None]:
    saved = {n: getattr(thing, n, None) for n in names}
    facts = getattr(thing, "help_facts", None)
    for n, v in saved.items():
        if isinstance(v, str):
            setattr(thing, n, _help(v, facts() if facts else None))
    try:
        yield
    finally:
        for n, v in saved.items():
            setattr(thing, n, v)


class _Translated:
    """A command whose help, options' help and sub-commands' short help are shown translated."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _swapped(self, ("help",)):
            super().format_help_text(ctx, formatter)  # type: ignore[misc]

    def get_short_help_str(self, limit: int = 45) -> str:
        with _swapped(self, ("help", "short_help")):
            return super().get_short_help_str(limit)  # type: ignore[misc, no-any-return]

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _swapped(self, ("epilog",)):
            super().format_epilog(ctx, formatter)  # type: ignore[misc]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        params = self.get_params(ctx)  # type: ignore[attr-defined]
        with _all_swapped(params, ("help", "show_default")):
            super().format_options(ctx, formatter)  # type: ignore[misc]


@contextmanager
def _all_swapped(things: list[Any], names: tuple[str, ...]) -> Iterator[None]:
    if not things:
        yield
        return
    with _swapped(things[0], names), _all_swapped(things[1:], names):
        yield


def translated_short_help(command: click.Command, limit: int) -> str:
    """The short help of any command (lazy placeholders included), translated."""
    with _swapped(command, ("help", "short_help")):
        return command.get_short_help_str(limit)


class _Formatter(click.HelpFormatter):
    """Headings as the language writes them: "Options :" in French (a no-break space)."""

    def write_heading(self, heading: str) -> None:
        colon = "\u00a0:" if language() == "fr" else ":"
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")


class _Context(click.Context):
    formatter_class = _Formatter


class Command(_Translated, click.Command):
    """A command whose help is shown in the language of the run. ``help_facts``, if given,
    returns what fills the placeholders of a help made when shown (a table of the code's)."""

    def __init__(
        self, *args: Any, help_facts: Callable[[], dict[str, str]] | None = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        if help_facts is not None:
            self.help_facts = help_facts

    context_class = _Context


class Group(_Translated, click.Group):
    command_class = Command
    group_class = type
    context_class = _Context

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _cmd in rows)
            with formatter.section(_("Commands")):
                formatter.write_dl([(n, translated_short_help(c, limit)) for n, c in rows])


_FRENCH: list[gettext.NullTranslations] = []


def french_word(code: str) -> str:
    """A code's French word whatever this run speaks (a clerk types « plénière » in a
    ``--json`` run too); read only when what was typed is not a code."""
    if not _FRENCH:
        _FRENCH.append(gettext.translation(DOMAIN, LOCALE_DIR, languages=["fr"], fallback=True))
    return _FRENCH[0].gettext(code)
