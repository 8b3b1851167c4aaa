"""Cells a spreadsheet will not take for formulas: every CSV the project writes for people.

A cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets skip before reading such a sign) is run as a formula when the file is opened
(OWASP, "CSV Injection"). Such a cell is written with a leading apostrophe, which spreadsheets
show as text; every other cell is written as it is.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """``value``, led by an apostrophe when a spreadsheet would take it for a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
