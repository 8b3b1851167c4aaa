"""A synthetic pool of Paris volunteers, for demonstrations and tests: ``pool synth``.

Each respondent is drawn independently from public margins of the Paris
population aged 16 and over, reweighted by how likely each kind of resident is
to volunteer: older and more educated residents answer calls for citizens'
assemblies more often, so a realistic pool over-represents them and the draw's
quotas must correct it. Names, addresses and contacts are obviously fake
("Résident 00042", "42 rue Fictive"); the person_id is "SYN-00042".

Randomness is SHA-256 in counter mode keyed by the seed (never Python's
``random``, whose algorithms may change between versions): block i is
SHA-256("assembly-record/pool-synth/v1" ‖ 0x00 ‖ seed ‖ i as 8 bytes big-endian),
each 8-byte slice an unsigned integer, mapped to a weighted choice by rejection
(no modulo bias). The same size and seed give the same file, byte for byte.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from services.application import spreadsheet
from services.application.pool.csv import COLUMNS

DOMAIN = b"assembly-record/pool-synth/v1"

# Municipal population by arrondissement, INSEE "populations légales" of the
# 2020 census (in force from 1 January 2023; insee.fr, "Populations légales 2020,
# arrondissements municipaux de Paris"), rounded to the hundred. Approximate, good
# for weighting a demonstration; check the table before quoting them. Total ~2.15 M.
ARRONDISSEMENTS: dict[str, int] = {
    "1": 15_900,
    "2": 20_700,
    "3": 33_800,
    "4": 28_300,
    "5": 56_800,
    "6": 40_500,
    "7": 48_800,
    "8": 35_400,
    "9": 59_300,
    "10": 83_500,
    "11": 142_600,
    "12": 140_000,
    "13": 178_400,
    "14": 135_900,
    "15": 229_500,
    "16": 162_800,
    "17": 166_300,
    "18": 190_900,
    "19": 181_600,
    "20": 192_500,
}

# Sex of residents aged 16+ (INSEE: about 53 % women in Paris). INSEE records no
# third option; "x" is self-declared and assumed rare (0.5 %), an assumption.
GENDERS: dict[str, int] = {"f": 525, "m": 470, "x": 5}

# Residents 16+ by age band, per thousand (approximate, from INSEE 2020 age
# pyramids for Paris: about 1.8 million aged 16 and over).
AGE_BANDS: dict[str, int] = {
    "16-17": 22,
    "18-24": 128,
    "25-34": 200,
    "35-49": 233,
    "50-64": 200,
    "65+": 217,
}

# Highest diploma of Parisians out of school, per thousand (approximate, INSEE
# 2020 census, table "diplôme le plus élevé de la population non scolarisée de 15 ans
# ou plus", Paris; grouped as core.vocabulary.PARIS says): "none" is no diploma, CEP
# and brevet; "cap-bep" is CAP, BEP or equivalent. The split of the quarter without
# a baccalauréat into those two is an approximation: check the table before quoting.
EDUCATION: dict[str, int] = {
    "none": 160,
    "cap-bep": 90,
    "bac": 130,
    "bac+2": 100,
    "bac+3-4": 170,
    "bac+5": 350,
}

# Those still studying: 16-17 have no baccalauréat yet; 18-24 are mostly bac or
# on their way to a first degree.
EDUCATION_BY_AGE: dict[str, dict[str, int]] = {
    "16-17": {"none": 1000, "cap-bep": 0, "bac": 0, "bac+2": 0, "bac+3-4": 0, "bac+5": 0},
    "18-24": {"none": 100, "cap-bep": 50, "bac": 450, "bac+2": 150, "bac+3-4": 200, "bac+5": 50},
}

# Self-selection: relative propensity to volunteer, in tenths. Assumed for the
# demonstration (the direction is well documented, these magnitudes are not measured).
VOLUNTEER_BY_AGE: dict[str, int] = {
    "16-17": 6,
    "18-24": 6,
    "25-34": 8,
    "35-49": 10,
    "50-64": 14,
    "65+": 16,
}
VOLUNTEER_BY_EDUCATION: dict[str, int] = {
    "none": 5,
    "cap-bep": 5,  # as "none" was before it split: every age band weighs what it did
    "bac": 8,
    "bac+2": 10,
    "bac+3-4": 13,
    "bac+5": 16,
}

# Share of adults outside the electoral rolls because they hold no EU
# citizenship, per thousand (Paris: about 10 % of residents are non-EU foreigners).
NON_EU: dict[str, int] = {"non-eu-residents": 100, "electoral-rolls": 900}


class _Stream:
    """Uniform integers from SHA-256 in counter mode (see the module docstring)."""

    def __init__(self, seed: str) -> None:
        self._key = DOMAIN + b"\x00" + seed.encode("utf-8")
        self._counter = 0
        self._buffer = b""

    def below(self, n: int) -> int:
        """Uniform in [0, n), by rejection over 64-bit draws."""
        limit = (1 << 64) - (1 << 64) % n
        while True:
            if len(self._buffer) < 8:
                block = self._key + self._counter.to_bytes(8, "big")
                self._buffer += hashlib.sha256(block).digest()
                self._counter += 1
            value, self._buffer = int.from_bytes(self._buffer[:8], "big"), self._buffer[8:]
            if value < limit:
                return value % n

    def choose(self, weights: Mapping[str, int]) -> str:
        total = sum(weights.values())
        pick = self.below(total)
        for value, weight in weights.items():
            if pick < weight:
                return value
            pick -= weight
        raise AssertionError("unreachable: pick < total")


def volunteer_weights() -> dict[tuple[str, str], int]:
    """Joint weight of (age band, education) among volunteers: population times propensity."""
    return {
        (age, education): AGE_BANDS[age]
        * VOLUNTEER_BY_AGE[age]
        * EDUCATION_BY_AGE.get(age, EDUCATION)[education]
        * VOLUNTEER_BY_EDUCATION[education]
        for age in AGE_BANDS
        for education in EDUCATION
    }


def rows(size: int, seed: str) -> Iterator[dict[str, str]]:
    """The synthetic respondents as CSV rows (columns of ``services.application.pool.csv``)."""
    stream = _Stream(seed)
    joint = {f"{a}|{e}": w for (a, e), w in volunteer_weights().items()}
    for n in range(1, size + 1):
        arrondissement = stream.choose(ARRONDISSEMENTS)
        gender = stream.choose(GENDERS)
        age_band, education = stream.choose(joint).split("|")
        subpool = "minors" if age_band == "16-17" else stream.choose(NON_EU)
        yield {
            "person_id": f"SYN-{n:05d}",
            "first_name": "Résident",
            "last_name": f"{n:05d}",
            "address": f"{n} rue Fictive",
            "postcode": f"750{int(arrondissement):02d}",
            "email": f"resident{n:05d}@example.invalid",
            "phone": "",
            "gender": gender,
            "age_band": age_band,
            "education": education,
            "arrondissement": arrondissement,
            "subpool": subpool,
        }


def synth(size: int, seed: str, out: Path) -> int:
    """Write ``size`` synthetic respondents to ``out``; returns how many."""
    if size < 0:
        raise ValueError(f"a pool cannot have {size} respondents")
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = spreadsheet.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows([row[c] for c in COLUMNS] for row in rows(size, seed))
    return size
