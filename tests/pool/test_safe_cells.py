"""A cell a spreadsheet would run as a formula is written as text; every other cell as it is."""

from __future__ import annotations

import pytest

from services.application.spreadsheet import safe_cell


@pytest.mark.parametrize(
    "cell", ["=1+1", "+33 6 12 34 56 78", "-2", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("x")']
)
def test_given_a_formula_like_cell_when_made_safe_then_led_by_an_apostrophe(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["", "Élodie", "12 rue de la Paix", "06 12 34 56 78", "a=b"])
def test_given_a_plain_cell_when_made_safe_then_unchanged(cell: str) -> None:
    assert safe_cell(cell) == cell
