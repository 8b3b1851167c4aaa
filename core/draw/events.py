"""The draw's facts, in the order they must happen: the draw is opened for an assembly, the
pool is entered (pseudonyms, criteria, salted commitments — never personal data) and committed,
each sub-pool's quotas and ticket list are committed, the randomness source is declared (and
with it the digest of everything committed so far), the randomness is revealed, and each
sub-pool's panel is drawn from it.

No floats: probabilities are exact fractions (seats summed over the ticket list, over tickets
times respondents of the type), bounds are decimal strings."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

import msgspec

from core.assembly.charter import ReplacementRule
from core.events import Event
from core.sortition.dice import DiceCeremony as Ceremony
from core.sortition.dice import DiceRolled
from core.sortition.model import Quota

# The ceremony's facts are the dice module's own, named here as the draw's events name them.
__all__ = ["Ceremony", "DiceRolled"]


class Entry(msgspec.Struct, frozen=True, kw_only=True, array_like=True):
    """One respondent as the log knows them; `commitment` is SHA-256(salt ‖ their record)."""

    pseudonym: str
    subpool: str
    criteria: dict[str, str]
    commitment: str  # hex


class Beacon(msgspec.Struct, frozen=True, kw_only=True):
    """A future round of a drand chain, pinned by name and chain hash."""

    chain: str
    chain_hash: str
    round: int


class BeaconRound(msgspec.Struct, frozen=True, kw_only=True):
    """The drand round as its chain published it."""

    round: int
    randomness: str
    signature: str
    previous_signature: str = ""


class DrawOpened(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.draw_opened.v1"

    assembly: UUID
    seats: dict[str, int]  # sub-pool -> seats, from the charter
    reserves: dict[str, int]  # sub-pool -> reserves kept in order
    replacement: ReplacementRule
    tickets: int


class PoolEntered(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.pool_entered.v1"

    part: int
    respondents: tuple[Entry, ...]


class PoolCommitted(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.pool_committed.v1"

    root: str  # RFC 9162 Merkle root of the commitments in pseudonym order (hex)
    size: int
    counts: dict[str, dict[str, int]]  # criterion or "subpool" -> value -> respondents


class QuotasCommitted(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.quotas_committed.v1"

    subpool: str
    seats: int
    quotas: tuple[Quota, ...]


class TicketsCommitted(Event, frozen=True, kw_only=True):
    """The uniform lottery over `tickets` panels, each a quota-satisfying count of seats per
    type (types: the sub-pool's distinct criteria, sorted). Panels are listed once, in
    lexicographic order, sparse as [type, seats] pairs, with their number of tickets.

    v2 names the rounding that made the ticket list from the optimised distribution
    (core.sortition.lottery.ROUNDINGS) and what it says: the distribution's minimum before
    rounding, the largest deviation of any person's probability from the distribution's
    (measured), and the bound the rounding proves for it (None: it proves none). A v1 fact is
    read as rounded by largest remainders, with none of these figures."""

    wire: ClassVar[str] = "assembly.tickets_committed.v2"

    subpool: str
    algorithm: str
    version: str
    panels: tuple[tuple[tuple[int, int], ...], ...]
    counts: tuple[int, ...]
    digest: str  # SHA-256 of the ticket list (see core.draw.commitment)
    minimum: str  # the lowest selection probability the ticket list gives
    optimum: str  # the best minimum any lottery could give (an upper bound), for comparison
    rounding: str  # e.g. "iterated/1"; "largest-remainder/1" for v1 facts
    unrounded: str | None  # the optimised distribution's minimum, before rounding
    deviation: str | None  # the largest |committed - optimised| probability of any person
    bound: str | None  # proven: every person's deviation is below this


class RandomnessDeclared(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.randomness_declared.v1"

    commitment: str  # SHA-256 over everything committed before (hex)
    beacon: Beacon | None = None
    dice: Ceremony | None = None


class RandomnessRevealed(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.randomness_revealed.v1"

    beacon: BeaconRound | None = None
    dice: DiceRolled | None = None
    seed: str  # SHA-256(commitment ‖ revealed material) (hex)


class PanelDrawn(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "assembly.panel_drawn.v1"

    subpool: str
    ticket: int
    panel: tuple[str, ...]
    reserves: tuple[str, ...]  # in reserve order
    chances: tuple[int, ...]
    """Per type: seats over the whole ticket list; a respondent's probability of selection is
    chances[t] / (tickets * respondents of type t)."""


FACTS: tuple[type[Event], ...] = tuple(
    cls
    for cls in list(globals().values())
    if isinstance(cls, type) and issubclass(cls, Event) and cls.wire
)
"""Every fact of a draw's record (what the audit hands to the draw's own checks)."""
