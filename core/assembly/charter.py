"""What an assembly is convened for, and the rules it runs by, as data."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from enum import Enum
from uuid import UUID, uuid5

import msgspec

from core.vocabulary import PARIS, Vocabulary

DEFAULT_THEMES = ("social education", "environment", "public space")

# The French names of Paris's themes, accepted wherever a working group is typed; the record
# keeps the charter's own name.
THEME_ALIASES: dict[str, tuple[str, ...]] = {
    "social education": ("éducation sociale",),
    "environment": ("environnement",),
    "public space": ("espace public",),
}
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def folded(word: str) -> str:
    """A typed word as it is compared: accents, ligatures (vœu: voeu), case and spacing
    ignored, whether the accents came composed (NFC) or not."""
    bare = unicodedata.normalize("NFD", word.translate(_LIGATURES))
    bare = "".join(ch for ch in bare if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


class Phase(Enum):
    DISCOVERY = "discovery"
    RECOMMENDATIONS = "recommendations"


PHASE_ORDER = (Phase.DISCOVERY, Phase.RECOMMENDATIONS)


class Threshold(Enum):
    """What a motion needs to pass. Values are wire codes: never change one."""

    SIMPLE_MAJORITY = "simple-majority"  # more for than against, of votes cast
    ABSOLUTE_MAJORITY = "absolute-majority"  # more than half of the seated members
    TWO_THIRDS = "two-thirds"  # at least two thirds of votes cast
    CONSENSUS = "consensus"  # no vote against


class Abstentions(Enum):
    NOT_COUNTED = "not-counted"  # not votes cast
    COUNTED = "counted"  # votes cast, so they weigh against


class Secrecy(Enum):
    SECRET = "secret"  # noqa: S105 - a ballot, not a password; who took part, never who chose what
    ROLL_CALL = "roll-call"  # each member's choice is recorded


class ReplacementRule(Enum):
    """How a reserve takes a vacant seat; fixed before the draw."""

    SAME_SUBPOOL_IN_RESERVE_ORDER = "same-subpool-in-reserve-order"
    SAME_SUBPOOL_MOST_CRITERIA = "same-subpool-most-criteria"


class Rules(msgspec.Struct, frozen=True, kw_only=True):
    """How the assembly decides. Decimals, never floats: the log must be canonical."""

    quorum: Decimal = Decimal("0.5")  # share of seated members present
    amendment_threshold: Threshold = Threshold.SIMPLE_MAJORITY
    recommendation_threshold: Threshold = Threshold.TWO_THIRDS
    mandate_threshold: Threshold = Threshold.SIMPLE_MAJORITY
    abstentions: Abstentions = Abstentions.NOT_COUNTED
    secrecy: Secrecy = Secrecy.SECRET
    replacement: ReplacementRule = ReplacementRule.SAME_SUBPOOL_IN_RESERVE_ORDER
    replacement_until_phase: Phase = Phase.RECOMMENDATIONS  # no replacement once it opens
    executive_response_days: int = 90
    # who may record a ballot's votes besides each member themself: actors ``teller:<name>``
    tellers: tuple[str, ...] = ()


class Charter(msgspec.Struct, frozen=True, kw_only=True):
    """Who, how many, on what, until when: Paris's defaults."""

    name: str
    cohort: int
    term_start: date
    term_end: date
    seats: int = 100
    subpool_seats: dict[str, int] = msgspec.field(default_factory=dict)
    themes: tuple[str, ...] = DEFAULT_THEMES
    rules: Rules = msgspec.field(default_factory=Rules)
    vocabulary: Vocabulary = PARIS  # the pool's sub-pools, criteria and values


# The namespace of assembly ids: uuid5(SERIES, "<series key>\n<cohort>"). Never change it.
SERIES = UUID("6f1c2a8e-5b0d-5e7a-9c43-2d1f0b7e8a61")


def series_key(name: str) -> str:
    """What makes two names the same series: Unicode NFC, case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def cohort_id(name: str, cohort: int) -> UUID:
    """The id of an assembly is its series and cohort: a second "cohort 2027" of the same
    series is the same record, which the log's concurrency check lets be convened once, even
    by two clerks at the same instant."""
    return uuid5(SERIES, f"{series_key(name)}\n{cohort}")


def theme_of(charter: Charter, typed: str) -> str | None:
    """The charter's theme a typed working group names: itself, however accented or cased, or
    its French name ("espace public" for "public space"); None if it names none."""
    key = folded(typed)
    for theme in charter.themes:
        if key == folded(theme) or key in {folded(a) for a in THEME_ALIASES.get(theme, ())}:
            return theme
    return None
