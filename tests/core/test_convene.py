"""An assembly needs a name, seats, themes and a term that ends after it starts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core.assembly import DEFAULT_THEMES, Charter, InvalidTerm, convene

AT = datetime(2026, 1, 10, tzinfo=UTC)


def _convene(**changes):
    args = dict(
        name="Assemblée citoyenne de Paris",
        cohort=2026,
        seats=100,
        themes=DEFAULT_THEMES,
        term_start=date(2026, 1, 15),
        term_end=date(2027, 1, 14),
    )
    return convene(Charter(**{**args, **changes}), at=AT, by="clerk")


def test_given_paris_defaults_when_convened_then_three_themes_and_a_hundred_seats() -> None:
    assembly = _convene()

    assert assembly.charter.seats == 100
    assert assembly.charter.themes == ("social education", "environment", "public space")
    assert assembly.phase is None


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"term_end": date(2025, 1, 1)}, "must end after"),
        ({"seats": 0}, "at least one seat"),
        ({"themes": ()}, "at least one theme"),
        ({"name": " "}, "needs a name"),
    ],
)
def test_given_an_invalid_term_when_convened_then_refused_with_the_reason(changes, reason) -> None:
    with pytest.raises(InvalidTerm, match=reason):
        _convene(**changes)
