"""Small pools for the sortition tests, built by hand or by hypothesis."""

from __future__ import annotations

from hypothesis import strategies as st

from core.sortition.model import Quota, Respondent

GENDERS = ("f", "m")
AREAS = ("north", "south", "east")


def people(rows: list[tuple[str, str]], subpool: str = "rolls") -> list[Respondent]:
    return [
        Respondent(pseudonym=f"r{i:03d}", subpool=subpool, criteria={"gender": g, "area": a})
        for i, (g, a) in enumerate(rows)
    ]


@st.composite
def drawable(draw: st.DrawFn) -> tuple[list[Respondent], list[Quota], int]:
    """A pool of 6-24 respondents, a panel size, and quotas around the pool's own margins."""
    row = st.tuples(st.sampled_from(GENDERS), st.sampled_from(AREAS))
    rows = draw(st.lists(row, min_size=6, max_size=24))
    seats = draw(st.integers(min_value=2, max_value=min(6, len(rows) - 1)))
    quotas = []
    for category, at, values in (("gender", 0, GENDERS), ("area", 1, AREAS)):
        for value in values:
            share = sum(1 for r in rows if r[at] == value) * seats / len(rows)
            slack = draw(st.integers(min_value=0, max_value=2))
            quotas.append(
                Quota(
                    category=category,
                    value=value,
                    min=max(0, int(share) - slack),
                    max=int(share) + 1 + slack,
                )
            )
    return people(rows), quotas, seats
