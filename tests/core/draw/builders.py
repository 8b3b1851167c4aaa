"""Givens for the draw's tests: a small Paris-like pool with real criteria, quotas, a dice
ceremony, and the facts of a draw committed, revealed and drawn by its own rules."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from uuid import UUID

from core import pool as pools
from core.assembly.convening.facts import AssemblyConvened
from core.assembly.membership import rules as membership
from core.assembly.membership.commands import ReceivePanel
from core.assembly.state import Assembly
from core.draw import rules
from core.draw.events import Ceremony, DiceRolled, Entry
from core.draw.state import Draw, folded
from core.events import Event
from core.sortition import lottery
from core.sortition.leximin import leximin
from core.sortition.model import Quota
from core.vocabulary import PARIS
from tests.core.paris import charter, given
from tests.core.paris import convened as paris_convened

DRAW_ID = UUID("00000000-0000-4000-8000-00000000d4a3")
CLERK = "clerk:greffe"
COMMITTED_AT = datetime(2026, 1, 11, 9, 0, tzinfo=UTC)
CEREMONY_AT = COMMITTED_AT + timedelta(days=2)
BAILIFF = "Maître Durand, commissaire de justice"
WITNESSES = ("Observer, Conseil de Paris", "Observer, Paris&Co")
SEATS = {"electoral-rolls": 8, "non-eu-residents": 2, "minors": 1}
SIZES = {"electoral-rolls": 40, "non-eu-residents": 10, "minors": 6}


def convened() -> AssemblyConvened:
    base = paris_convened()
    return AssemblyConvened(
        originator_id=base.originator_id,
        originator_version=1,
        at=base.at,
        by=base.by,
        charter=charter(seats=sum(SEATS.values()), subpool_seats=SEATS),
    )


def assembly() -> Assembly:
    return given(convened())


def _pick(label: str, values: tuple[str, ...]) -> str:
    return values[hashlib.sha256(label.encode()).digest()[0] % len(values)]


def entries(sizes: dict[str, int] = SIZES) -> list[Entry]:
    """Respondents with few types (two genders, three ages, two diplomas, three districts)."""
    people = []
    for subpool, size in sizes.items():
        for i in range(size):
            name = f"{subpool[:3]}-{i:03d}"
            ages = ("16-17",) if subpool == "minors" else ("25-34", "35-49", "65+")
            criteria = {
                "gender": _pick(name + "g", ("f", "m")),
                "age_band": _pick(name + "a", ages),
                "education": _pick(name + "e", ("bac", "bac+5")),
                "arrondissement": _pick(name + "d", ("11", "15", "20")),
            }
            respondent = pools.Respondent(pseudonym=name, subpool=subpool, criteria=criteria)
            salt = hashlib.sha256(b"salt" + name.encode()).digest()
            people.append(
                Entry(
                    pseudonym=name,
                    subpool=subpool,
                    criteria=criteria,
                    commitment=pools.commit(respondent, salt, PARIS).hex(),
                )
            )
    return people


def quotas() -> dict[str, tuple[Quota, ...]]:
    return {
        "electoral-rolls": (
            Quota(category="gender", value="f", min=3, max=5),
            Quota(category="gender", value="m", min=3, max=5),
            Quota(category="age_band", value="65+", min=1, max=4),
        ),
        "non-eu-residents": (Quota(category="gender", value="f", min=1, max=1),),
        "minors": (),
    }


def ceremony() -> Ceremony:
    return Ceremony(
        starts_at=CEREMONY_AT,
        place="Hôtel de Ville",
        bailiff=BAILIFF,
        witnesses=WITNESSES,
        dice=2,
        sides=10,
        rolls=3,
    )


def rolled(digits: str = "314159") -> DiceRolled:
    return DiceRolled(digits=digits, signed_by=(BAILIFF, *WITNESSES))


def committed(rounding: str = lottery.ROUNDING) -> tuple[Assembly, list[Event]]:
    """The assembly and the draw's facts up to the declaration (the ceremony still to come),
    the ticket lists rounded by `rounding`."""
    a = assembly()
    facts: list[Event] = [
        rules.open_draw(a, new_id=DRAW_ID, reserves=None, tickets=1000, at=COMMITTED_AT, by=CLERK)
    ]
    facts.extend(
        rules.enter_pool(
            folded(None, facts), entries(), vocabulary=PARIS, at=COMMITTED_AT, by=CLERK
        )
    )
    for name, qs in sorted(quotas().items()):
        draw = folded(None, facts)
        q = rules.commit_quotas(draw, name, qs, at=COMMITTED_AT, by=CLERK)
        draw = folded(draw, [q])
        pool = rules.subpool(draw, name)
        solved = leximin(pool, q.quotas, q.seats)
        rounded = lottery.lottery_of(pool, solved, 1000, rounding)  # as commands/drawing.py
        t = rules.commit_tickets(
            draw,
            name,
            rounded.tickets,
            algorithm="leximin",
            version="test",
            optimum=solved.minimum,
            at=COMMITTED_AT,
            by=CLERK,
            rounding=rounded.rounding,
            unrounded=solved.minimum,
            deviation=rounded.deviation,
            bound=rounded.bound,
        )
        facts.extend([q, t])
    declared = rules.declare(
        folded(None, facts), beacon=None, ceremony=ceremony(), at=COMMITTED_AT, by=CLERK
    )
    facts.append(declared)
    announced = rules.announce(a, declared, at=COMMITTED_AT, by=CLERK)
    return given(convened(), announced), facts


def drawn(rounding: str = lottery.ROUNDING) -> tuple[Assembly, Draw, list[Event], list[Event]]:
    """The whole draw: committed, revealed at the ceremony, panels drawn and handed over."""
    a, facts = committed(rounding)
    draw = folded(None, facts)
    revealed = rules.reveal(draw, beacon=None, dice=rolled(), at=CEREMONY_AT, by=CLERK)
    draw = folded(draw, [revealed])
    panels = rules.draw_panels(draw, at=CEREMONY_AT, by=CLERK)
    panel, reserves = rules.handed_over(draw, panels)
    arrived = membership.receive_panel(
        a,
        ReceivePanel(
            assembly_id=a.id, panel=panel, reserves=reserves, draw=draw.id, at=CEREMONY_AT, by=CLERK
        ),
    )
    return a, folded(draw, panels), [*facts, revealed, *panels], [arrived]
