"""A choice typed as a clerk writes it: the code (``plenary``), or its French word
(« plénière »), in any case, with or without accents ("vœu", "Voeu")."""

from __future__ import annotations

from typing import Any

import click

from core.assembly.charter import folded
from services.entrypoints.cli.i18n import french_word


class Word(click.Choice[str]):
    def convert(self, given: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if isinstance(given, str):
            typed = folded(given)
            codes = [str(c) for c in self.choices]
            for code in codes:
                if typed == folded(code):
                    return code
            for code in codes:
                if typed == folded(french_word(code)):
                    return code
        return str(super().convert(given, param, ctx))
