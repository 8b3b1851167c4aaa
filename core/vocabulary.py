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

# The default of a new charter. Education follows INSEE's "diplôme le plus élevé" (highest
# diploma of those out of school, census table DIPL), grouped as INSEE's own summary does:
#
#   none      aucun diplôme, certificat d'études primaires, brevet des collèges (BEPC, DNB)
#   cap-bep   CAP, BEP or an equivalent vocational diploma (INSEE's level 3, ex-level V)
#   bac       baccalauréat (general, technological or vocational), brevet professionnel
#   bac+2     BTS, DUT, DEUG, a health or social diploma at bac+2 (level 5, ex-III)
#   bac+3-4   licence, licence professionnelle, maîtrise, master 1 (levels 6, ex-II)
#   bac+5     master, DEA, DESS, grande école, doctorate (levels 7-8, ex-I)
#
# PARIS_V1 counted CAP/BEP under "none"; criteria keep the order of PARIS_V1, so a
# respondent's commitment is the same bytes under either.
PARIS = Vocabulary(
    subpools=PARIS_V1.subpools,
    criteria=(
        PARIS_V1.criteria[0],
        PARIS_V1.criteria[1],
        Criterion(name="education", values=("none", "cap-bep", "bac", "bac+2", "bac+3-4", "bac+5")),
        PARIS_V1.criteria[3],
    ),
)

# French labels of the words of the Paris vocabularies, for people (``pool schema``); never
# part of a fact. A word without a label is shown as it is.
LABELS: dict[str, str] = {
    "electoral-rolls": "inscrits sur les listes électorales",
    "non-eu-residents": "résidents étrangers non ressortissants de l'UE",
    "minors": "mineurs de 16 et 17 ans",
    "gender": "genre",
    "gender=f": "femme",
    "gender=m": "homme",
    "gender=x": "autre ou non précisé",
    "age_band": "tranche d'âge",
    "education": "diplôme le plus élevé (INSEE)",
    "education=none": "aucun diplôme, CEP ou brevet des collèges",
    "education=cap-bep": "CAP, BEP ou équivalent",
    "education=bac": "baccalauréat ou brevet professionnel",
    "education=bac+2": "BTS, DUT, DEUG (bac+2)",
    "education=bac+3-4": "licence, maîtrise, master 1 (bac+3 ou bac+4)",
    "education=bac+5": "master, grande école, doctorat (bac+5 ou plus)",
    "arrondissement": "arrondissement de résidence",
}


def label(word: str, value: str | None = None) -> str:
    """The French label of a sub-pool, a criterion or a criterion's value, if it has one."""
    return LABELS.get(word if value is None else f"{word}={value}", "")
