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


AGES = ("young", "old")


@st.composite
def tangled(draw: st.DrawFn) -> tuple[list[Respondent], list[Quota], int]:
    """Three categories with tight quotas on 6-14 respondents and 2-4 seats: small enough to
    list every panel, tangled enough that the relaxed LEXIMIN is sometimes no lottery over real
    panels (so the column generation path is taken too)."""
    row = st.tuples(st.sampled_from(GENDERS), st.sampled_from(AREAS), st.sampled_from(AGES))
    rows = draw(st.lists(row, min_size=6, max_size=14))
    seats = draw(st.integers(min_value=2, max_value=4))
    quotas = []
    for category, at, values in (("gender", 0, GENDERS), ("area", 1, AREAS), ("age", 2, AGES)):
        for value in values:
            share = sum(1 for r in rows if r[at] == value) * seats / len(rows)
            low = draw(st.integers(min_value=0, max_value=1))
            high = draw(st.integers(min_value=0, max_value=1))
            quotas.append(
                Quota(
                    category=category,
                    value=value,
                    min=max(0, int(share) - low),
                    max=int(share) + high,
                )
            )
    respondents = [
        Respondent(
            pseudonym=f"r{i:03d}",
            subpool="rolls",
            criteria={"gender": g, "area": a, "age": y},
        )
        for i, (g, a, y) in enumerate(rows)
    ]
    return respondents, quotas, seats
