"""CSV cells a spreadsheet cannot run: every CSV the project writes passes its cells here.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (OWASP, "CSV Injection"): written as it is,
a text typed by anyone could run when a clerk opens the file. Such a text cell is written with
a leading apostrophe (``'=1+1``), which spreadsheets show as the text and never run. Numbers
are written as they are (``-3`` is a number, not a formula). `pool import` refuses such cells
instead (services/pool/csv.py): it reads what people typed, and refusing tells them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read this text cell as a formula."""
    return text.startswith(FORMULA_STARTS)


def neutralise(cell: Any) -> Any:
    """The cell as it may be written: a formula-like text prefixed with an apostrophe."""
    if isinstance(cell, str) and formula_like(cell):
        return "'" + cell
    return cell


class SafeWriter:
    """`csv.writer` whose rows are neutralised first; same `writerow` and `writerows`."""

    def __init__(self, handle: Any, **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(c) for c in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(handle: Any, **options: Any) -> SafeWriter:
    return SafeWriter(handle, **options)
