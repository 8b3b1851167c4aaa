"""Which reserve takes a vacated seat: the committed order first, then the committed quotas.

A sub-pool's seats are, at any moment, either held or vacant. A seat is *held* by a member who
is seated, has accepted, or is invited: the drawn panel not yet answered, and every reserve
already called who has not declined (called reserves are invited until they answer). A seat is
*vacant* while the member who had it declined, withdrew or was removed and no reserve has been
called to it yet; a called reserve who then declines leaves their seat vacant again. Several
seats may be vacant at once (several declines on one day): each call is judged on all of them.

A candidate is judged on the sub-pool as it would stand once they are called. For each
committed quota ``q`` (a category, a value, ``[min, max]``):

- ``held(q)``: the seats held by people of that value, the candidate included;
- ``left(q)``: the reserves of that value still uncalled, the candidate no longer among them;
- ``need(q) = max(min - held(q), 0)``, the seats the minimum still needs;
- ``over(q) = max(held(q) - max, 0)``, the seats beyond the maximum;

and ``r``, the seats of the sub-pool still vacant once this one is filled. Per category ``c``
(one seat gives each category one value, so the minimums of a category share the seats left):

    short(c) = sum of need(q) over c  -  min(r, sum of min(need(q), left(q)) over c)

the seats its minimums need that neither the reserves left nor the seats left can give. The
candidate's *breach* is ``sum of over(q) + sum of short(c)``; they *keep the quotas* when it is
0, that is: no maximum is exceeded, every minimum can still be reached (each ``need(q)`` at most
``left(q)``, each category's needs together at most ``r``). The rule looks no further ahead: a
maximum that the reserves left would force on a later call is not foreseen. The quotas a call
breaches are those over their maximum, and those with a need in a category left short.

The rule calls the first reserve, in the committed order, who keeps the quotas; if none can,
the first of those whose breach is least; and the fact says which it was.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from core.assembly.charter import ReplacementRule
from core.assembly.membership.facts import QuotaStanding
from core.assembly.membership.members import VACATED, Member, Status
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
