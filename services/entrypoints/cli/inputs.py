"""What acts read besides plain options: MEMBER=CHOICE pairs, texts given inline or in a file."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any, TextIO, TypeVar

import click

from services.entrypoints.cli.i18n import _

E = TypeVar("E", bound=Enum)
T = TypeVar("T")


class Assigned(click.ParamType[tuple[str, E]]):
    """``MEMBER=VALUE``, the value one of an enum's wire codes, e.g. ``ele-007=present``."""

    def __init__(self, kind: type[E]) -> None:
        self.kind = kind
        self.codes = [e.value for e in kind]
        self.name = f"member={'|'.join(self.codes)}"

    def convert(
        self, value: tuple[str, E] | str, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, E]:
        if isinstance(value, tuple):
            return value
        member, _sep, code = value.partition("=")
        if not member.strip() or code.strip() not in self.codes:
            self.fail(
                _("{value} is not MEMBER={codes}").format(
                    value=repr(value), codes="|".join(self.codes)
                ),
                param,
                ctx,
            )
        return member.strip(), self.kind(code.strip())


class MaybeAssigned(Assigned[E]):
    """``MEMBER`` alone or ``MEMBER=VALUE``: e.g. who took part in a secret ballot, or how a
    member voted in a roll call (whether a value is wanted is the rule's to say)."""

    def __init__(self, kind: type[E]) -> None:
        super().__init__(kind)
        self.name = f"member[={'|'.join(self.codes)}]"

    def convert(  # type: ignore[override]
        self,
        value: tuple[str, E | None] | str,
        param: click.Parameter | None,
        ctx: click.Context | None,
    ) -> tuple[str, E | None]:
        if isinstance(value, tuple):
            return value
        if "=" in value:
            return super().convert(value, param, ctx)
        if not value.strip():
            self.fail(
                _("{value} is not MEMBER or MEMBER={codes}").format(
                    value=repr(value), codes="|".join(self.codes)
                ),
                param,
                ctx,
            )
        return value.strip(), None


def by_member(pairs: Iterable[tuple[str, T]], hint: str) -> dict[str, T]:
    """One value per member: a member named twice is a typing slip, not a second act."""
    found: dict[str, T] = {}
    for member, value in pairs:
        if member in found:
            raise click.BadParameter(
                _("{member} is named twice").format(member=member), param_hint=hint
            )
        found[member] = value
    if not found:
        raise click.UsageError(_("name at least one member: {hint}").format(hint=hint))
    return found


def text_options(what: str, from_file: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--text TEXT`` or ``--text-file PATH`` (UTF-8), exactly one; read with ``text_of``."""

    def add(command: Callable[..., Any]) -> Callable[..., Any]:
        command = click.option(
            "--text-file", type=click.File("r", encoding="utf-8"), help=from_file
        )(command)
        return click.option("--text", help=what)(command)

    return add


def text_of(text: str | None, text_file: TextIO | None) -> str:
    if text_file is not None and text is None:
        try:
            return text_file.read()
        except UnicodeDecodeError as e:  # found by tests/fuzz: was a traceback
            raise click.BadParameter(
                _("{file} is not UTF-8 text (byte {n})").format(file=text_file.name, n=e.start),
                param_hint="--text-file",
            ) from e
    if text is not None and text_file is None:
        return text
    raise click.UsageError(_("give the text with --text TEXT or --text-file PATH (one of them)"))
