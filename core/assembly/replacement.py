"""Which reserve takes a vacated seat: the committed order first, then the committed quotas.

A sub-pool's seats are, at any moment, either held or vacant. A seat is *held* by a member who
is seated, has accepted, or is invited: the drawn panel not yet answered, and every reserve
already called who has not declined (called reserves are invited until they answer). A seat is
*vacant* while the member who had it declined, withdrew or was removed and no reserve has been
called to it yet; a called reserve who then declines leaves their seat vacant again. Several
seats may be vacant at once (several declines on one day): each call is judged on all of them.

A candidate *keeps the quotas* of the sub-pool when, once they are called (holding the seat
being filled, with the other vacant seats still to fill, ``r`` of them):

- no maximum is exceeded: for every quota, the seats held by its value are at most its max;
- every minimum is still reachable: for every quota, the seats its value still needs (min less
  those held, when positive) are at most the reserves left uncalled who have that value; and
  for every category, the needs of its quotas, each capped by those reserves, sum to at most
  ``r`` (one seat gives each category one value).

It does not look further ahead (a maximum that the reserves left would force later is not
foreseen). The *breach* of a candidate is the number of seats by which those conditions fail:
the seats over each maximum, plus, per category, the seats its minimums need that the reserves
and the vacant seats left cannot give. A candidate keeps the quotas exactly when their breach
is 0, so the measure also ranks those who cannot: the rule calls the first in the committed
order who keeps them, else the first of those whose breach is least, and says so in the fact.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from core.assembly.charter import ReplacementRule
from core.assembly.events import QuotaStanding
from core.assembly.members import VACATED, Member, Status
from core.sortition.model import Quota

HOLDING = frozenset({Status.INVITED, Status.ACCEPTED, Status.SEATED})


class Judged(msgspec.Struct, frozen=True, kw_only=True):
    """A candidate's standing against the committed quotas, were they called."""

    breach: int  # seats by which the quotas would fail (0: they are kept)
    breached: tuple[QuotaStanding, ...]  # the quotas over their max or with a min out of reach

    @property
    def keeps(self) -> bool:
        return self.breach == 0


class Standing(msgspec.Struct, frozen=True, kw_only=True):
    """A sub-pool before the call: per quota, the seats held and the reserves left with its
    value; and its vacant seats, the one being filled included."""

    held: tuple[int, ...]
    reserves: tuple[int, ...]
    vacant: int


def in_order(members: Sequence[Member], leaving: Member, rule: ReplacementRule) -> list[Member]:
    """The reserves of the leaving member's sub-pool not yet called, in the committed order:
    reserve rank; under the most-criteria rule, those sharing most criteria with the leaving
    member first, reserve rank breaking ties."""
    candidates = sorted(
        (m for m in members if m.status is Status.RESERVE and m.subpool == leaving.subpool),
        key=lambda m: m.reserve_rank or 0,
    )
    if rule is ReplacementRule.SAME_SUBPOOL_MOST_CRITERIA:

        def shared(m: Member) -> int:
            return sum(m.criteria.get(k) == v for k, v in leaving.criteria.items())

        candidates.sort(key=lambda m: -shared(m))  # stable: reserve order kept among equals
    return candidates


def standing(members: Sequence[Member], subpool: str, quotas: Sequence[Quota]) -> Standing:
    mine = [m for m in members if m.subpool == subpool]
    holding = [m.criteria for m in mine if m.status in HOLDING]
    left = [m.criteria for m in mine if m.status is Status.RESERVE]
    return Standing(
        held=tuple(sum(c.get(q.category) == q.value for c in holding) for q in quotas),
        reserves=tuple(sum(c.get(q.category) == q.value for c in left) for q in quotas),
        vacant=sum(m.status in VACATED and m.replaced_by is None for m in mine),
    )


def judge(before: Standing, candidate: Member, quotas: Sequence[Quota]) -> Judged:
    """The candidate's breach, as this module says: the seats over the maxima, and the seats
    the minima need beyond what the reserves and the vacant seats left can give."""
    seats_left = max(before.vacant - 1, 0)
    into = [candidate.criteria.get(q.category) == q.value for q in quotas]
    held = [h + i for h, i in zip(before.held, into, strict=True)]
    need = [max(q.min - h, 0) for q, h in zip(quotas, held, strict=True)]
    left = [r - i for r, i in zip(before.reserves, into, strict=True)]
    short: dict[str, int] = {}
    fillable: dict[str, int] = {}
    for q, n, r in zip(quotas, need, left, strict=True):
        short[q.category] = short.get(q.category, 0) + n
        fillable[q.category] = fillable.get(q.category, 0) + min(n, r)
    for category, can in fillable.items():
        short[category] -= min(seats_left, can)
    over = [max(h - q.max, 0) for q, h in zip(quotas, held, strict=True)]
    breached = tuple(
        QuotaStanding(category=q.category, value=q.value, min=q.min, max=q.max, holding=h)
        for q, h, o, n in zip(quotas, held, over, need, strict=True)
        if o > 0 or (n > 0 and short[q.category] > 0)
    )
    return Judged(breach=sum(over) + sum(short.values()), breached=breached)


def choose(
    members: Sequence[Member], leaving: Member, rule: ReplacementRule, quotas: Sequence[Quota]
) -> tuple[Member, Judged | None]:
    """The reserve the committed rule calls (there must be one: see ``in_order``), and how they
    stand against the quotas (None when the draw committed none). Deterministic: the same log
    always designates the same reserve, which is how the audit re-derives it."""
    candidates = in_order(members, leaving, rule)
    if not quotas:
        return candidates[0], None
    before = standing(members, leaving.subpool, quotas)
    best, least = candidates[0], judge(before, candidates[0], quotas)
    for m in candidates[1:]:
        if least.keeps:
            break
        judged = judge(before, m, quotas)
        if judged.breach < least.breach:
            best, least = m, judged
    return best, least
