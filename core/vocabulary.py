"""The words a pool is described in: its sub-pools, and each criterion with its values.

The vocabulary is the charter's data (``Charter.vocabulary``): the CSV import, the quotas and
the registry read it from the assembly they serve. Criteria are a tuple, not a mapping, because
their order is part of every respondent's commitment (core.pool.commitment_bytes).
"""

from __future__ import annotations

import msgspec


class Criterion(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    values: tuple[str, ...]


class Vocabulary(msgspec.Struct, frozen=True, kw_only=True):
    subpools: tuple[str, ...]
    criteria: tuple[Criterion, ...]

    def allowed(self) -> dict[str, tuple[str, ...]]:
        """Criterion name -> its values, in the committed order."""
        return {c.name: c.values for c in self.criteria}


# What every assembly convened under ``assembly.assembly_convened.v1`` was described in: the
# upcaster gives it to them. Never change it (their pools were checked against it).
PARIS_V1 = Vocabulary(
    subpools=("electoral-rolls", "non-eu-residents", "minors"),
    criteria=(
        Criterion(name="gender", values=("f", "m", "x")),
        Criterion(name="age_band", values=("16-17", "18-24", "25-34", "35-49", "50-64", "65+")),
        Criterion(name="education", values=("none", "bac", "bac+2", "bac+3-4", "bac+5")),
        Criterion(name="arrondissement", values=tuple(str(n) for n in range(1, 21))),
    ),
)

PARIS = PARIS_V1  # the default of a new charter
