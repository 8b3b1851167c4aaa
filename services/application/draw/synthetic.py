"""A synthetic pool as the log would know it: the pool synthesiser's respondents (see
services/application/pool/synth.py) under pseudonyms, with salted commitments. The salts are derived
from the seed, so the same size and seed give the same entries; a real pool's salts are
random and kept in the erasable registry (``assembly pool import``)."""

from __future__ import annotations

import hashlib

from core import pool as pools
from core.draw.events import Entry
from core.vocabulary import PARIS, Vocabulary
from services.application.pool import synth


def entries(size: int, seed: str, vocabulary: Vocabulary = PARIS) -> list[Entry]:
    out = []
    for i, row in enumerate(synth.rows(size, seed), start=1):
        criteria = {c.name: row[c.name] for c in vocabulary.criteria}
        who = pools.Respondent(pseudonym=f"p{i:06d}", subpool=row["subpool"], criteria=criteria)
        salt = hashlib.sha256(f"synthetic-salt:{seed}:{i}".encode()).digest()
        out.append(
            Entry(
                pseudonym=who.pseudonym,
                subpool=who.subpool,
                criteria=criteria,
                commitment=pools.commit(who, salt, vocabulary).hex(),
            )
        )
    return out
