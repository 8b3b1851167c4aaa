"""Cells a spreadsheet will not take for formulas: every CSV the project writes for people.

A cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets skip before reading such a sign) is run as a formula when the file is opened
(OWASP, "CSV Injection"). Such a text cell is written with a leading apostrophe, which
spreadsheets show as text; every other cell is written as it is (``-3``, a number, stays a
number). Write a CSV with ``writer(handle)`` (a ``csv.writer`` whose rows are made safe), or
pass each text cell through ``safe_cell``. ``pool import`` refuses such cells instead
(services/application/pool/csv.py): it reads what people typed, and refusing tells them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read this text cell as a formula."""
    return text.startswith(FORMULA_STARTS)


def safe_cell(value: str) -> str:
    """``value``, led by an apostrophe when a spreadsheet would take it for a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def neutralise(cell: Any) -> Any:
    """Any cell as it may be written: a text made safe, anything else as it is."""
    return safe_cell(cell) if isinstance(cell, str) else cell


class SafeWriter:
    """`csv.writer` whose rows are made safe first; same `writerow` and `writerows`."""

    def __init__(self, handle: Any, **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(c) for c in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(handle: Any, **options: Any) -> SafeWriter:
    return SafeWriter(handle, **options)
