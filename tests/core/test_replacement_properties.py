"""Replacements keep the committed quotas, whatever happens to the panel: many small pools and
quotas their panel meets, then any sequence of declines, acceptances, seats, withdrawals and
replacements, several seats vacant at once included.

The oracle below re-states the rule from the state alone, by folding each candidate's call and
counting again: a call keeps the quotas when, after it, no maximum is exceeded by the seats held
(seated, accepted, invited), and every minimum can still be reached by the reserves left and the
seats still vacant."""

from __future__ import annotations

from datetime import datetime

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from core.assembly.charter import ReplacementRule, Rules
from core.assembly.convening.facts import AssemblyConvened
from core.assembly.fold import evolve, project
from core.assembly.membership import rules as membership
from core.assembly.membership.commands import (
    AcceptInvitation,
    CallReserve,
    DeclineInvitation,
    SeatMember,
    WithdrawMember,
)
from core.assembly.membership.facts import PanelArrived, ReserveCalled
from core.assembly.membership.members import VACATED, Drawn, Status
from core.assembly.state import Assembly
from core.events import Event
from core.sortition.model import Quota
from tests.core.paris import ASSEMBLY_ID, AT, charter

CLERK = "clerk:greffe"
SUBPOOL = "electoral-rolls"
VALUES = {"gender": ("f", "m"), "age": ("18-24", "25-49", "50+")}
HOLDING = (Status.INVITED, Status.ACCEPTED, Status.SEATED)

person = st.fixed_dictionaries({c: st.sampled_from(vs) for c, vs in VALUES.items()})


@st.composite
def drawn_panels(draw: st.DrawFn) -> tuple[Assembly, tuple[Quota, ...]]:
    """A panel, its reserves in order, and quotas the panel meets (bounds around its counts)."""
    panel = draw(st.lists(person, min_size=2, max_size=8))
    reserves = draw(st.lists(person, min_size=1, max_size=10))
    rule = draw(st.sampled_from(ReplacementRule))
    quotas = []
    for category, values in VALUES.items():
        for value in values:
            if draw(st.booleans()):
                n = sum(p[category] == value for p in panel)
                low = draw(st.integers(0, n))
                quotas.append(
                    Quota(category=category, value=value, min=low, max=draw(st.integers(n, 8)))
                )
    seats = len(panel)
    convened = AssemblyConvened(
        originator_id=ASSEMBLY_ID,
        originator_version=1,
        at=AT,
        by=CLERK,
        charter=charter(seats=seats, subpool_seats={SUBPOOL: seats}, rules=Rules(replacement=rule)),
    )
    arrived = PanelArrived(
        originator_id=ASSEMBLY_ID,
        originator_version=2,
        at=AT,
        by=CLERK,
        draw=None,
        panel=tuple(
            Drawn(pseudonym=f"p{i}", subpool=SUBPOOL, criteria=c) for i, c in enumerate(panel)
        ),
        reserves=tuple(
            Drawn(pseudonym=f"r{i}", subpool=SUBPOOL, criteria=c) for i, c in enumerate(reserves)
        ),
    )
    state = project(None, [convened, arrived])
    assert state is not None
    return state, tuple(quotas)


def _with(a: Assembly, status: Status | frozenset[Status]) -> list[str]:
    wanted = status if isinstance(status, frozenset) else frozenset({status})
    return sorted(m.pseudonym for m in a.members.values() if m.status in wanted)


def _vacant(a: Assembly) -> list[str]:
    return sorted(
        m.pseudonym for m in a.members.values() if m.status in VACATED and m.replaced_by is None
    )


def _committed_order(a: Assembly, vacated: str) -> list[str]:
    leaving = a.members[vacated]
    reserves = [m for m in a.members.values() if m.status is Status.RESERVE]

    def key(m):  # reserve rank; under the most-criteria rule, most shared criteria first
        shared = sum(m.criteria[c] == leaving.criteria[c] for c in VALUES)
        most = a.charter.rules.replacement is ReplacementRule.SAME_SUBPOOL_MOST_CRITERIA
        return (-shared if most else 0, m.reserve_rank)

    return [m.pseudonym for m in sorted(reserves, key=key)]


def _kept(after: Assembly, quotas: tuple[Quota, ...]) -> bool:
    """The oracle: the quotas as the state after a call leaves them."""
    members = list(after.members.values())
    holding = [m.criteria for m in members if m.status in HOLDING]
    left = [m.criteria for m in members if m.status is Status.RESERVE]
    vacant = len(_vacant(after))
    needs: dict[str, int] = {}
    for q in quotas:
        held = sum(c[q.category] == q.value for c in holding)
        if held > q.max:
            return False
        need = max(q.min - held, 0)
        if need > sum(c[q.category] == q.value for c in left):
            return False
        needs[q.category] = needs.get(q.category, 0) + need
    return all(n <= vacant for n in needs.values())


def _call_of(a: Assembly, reserve: str, vacated: str) -> ReserveCalled:
    return ReserveCalled(
        originator_id=a.id,
        originator_version=a.version + 1,
        at=AT,
        by=CLERK,
        reserve=reserve,
        replaces=vacated,
        rule=a.charter.rules.replacement,
        keeps_quotas=None,
        breach=0,
        breached=(),
    )


def _met(a: Assembly, quotas: tuple[Quota, ...]) -> bool:
    holding = [m.criteria for m in a.members.values() if m.status in HOLDING]
    return all(q.min <= sum(c[q.category] == q.value for c in holding) <= q.max for q in quotas)


ACTS = ("decline", "decline", "accept", "seat", "withdraw", "replace", "replace", "replace")


def _act(a: Assembly, act: str, pick: int, at: datetime) -> Event | None:
    """The act on the pick-th member it applies to, or None when it applies to nobody."""
    who = {
        "decline": _with(a, Status.INVITED),
        "accept": _with(a, Status.INVITED),
        "seat": _with(a, Status.ACCEPTED),
        "withdraw": _with(a, frozenset({Status.ACCEPTED, Status.SEATED})),
    }.get(act, [])
    if not who:
        return None
    member = who[pick % len(who)]
    if act == "decline":
        return membership.decline(
            a,
            DeclineInvitation(
                assembly_id=a.id,
                member=member,
                reason="cannot attend",
                at=at,
                by=f"member:{member}",
            ),
        )
    if act == "accept":
        return membership.accept(
            a, AcceptInvitation(assembly_id=a.id, member=member, at=at, by=f"member:{member}")
        )
    if act == "seat":
        return membership.seat(a, SeatMember(assembly_id=a.id, member=member, at=at, by=CLERK))
    return membership.withdraw(
        a,
        WithdrawMember(
            assembly_id=a.id, member=member, reason="moving away", at=at, by=f"member:{member}"
        ),
    )


@settings(max_examples=300, deadline=None)
@given(
    drawn_panels(),
    st.lists(st.tuples(st.sampled_from(ACTS), st.integers(0, 20)), min_size=2, max_size=30),
)
def test_given_any_life_of_a_panel_when_seats_are_refilled_then_the_committed_quotas_hold(
    panel, acts
) -> None:
    a, quotas = panel
    every_call_kept = True

    for act, pick in acts:
        if act != "replace":
            fact = _act(a, act, pick, AT)
            if fact is not None:
                a = evolve(fact, a)
            continue
        vacant, order = _vacant(a), []
        if vacant:
            vacated = vacant[pick % len(vacant)]
            order = _committed_order(a, vacated)
        if not order:
            continue
        called = membership.call_reserve(
            a, CallReserve(assembly_id=a.id, vacated=vacated, at=AT, by=CLERK), quotas=quotas
        )
        keeping = [r for r in order if _kept(evolve(_call_of(a, r, vacated), a), quotas)]

        if keeping:
            assert called.reserve == keeping[0]
            said = True if quotas else None  # None: no quotas were committed to keep
            assert (called.keeps_quotas, called.breach, called.breached) == (said, 0, ())
        else:
            assert called.keeps_quotas is False and called.breach > 0 and called.breached
            least = min(
                membership.breach(a, a.members[vacated], a.members[r], quotas) for r in order
            )
            assert called.breach == least
            assert called.reserve == next(
                r
                for r in order
                if membership.breach(a, a.members[vacated], a.members[r], quotas) == least
            )
        every_call_kept = every_call_kept and called.keeps_quotas is not False
        a = evolve(called, a)
        if every_call_kept and not _vacant(a):
            assert _met(a, quotas), msgspec.to_builtins(a.members)
