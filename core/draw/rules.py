"""The draw's rules: commit everything, then declare where the randomness will come from, then
reveal it and draw. Each rule checks the state before it and returns the facts; the optimisation
itself (LEXIMIN) happens before, outside the rules: a rule only accepts a ticket list whose every
ticket meets the committed quotas."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, Decimal
from uuid import UUID

from core import pool as pools
from core.assembly.convening.facts import DrawAnnounced
from core.assembly.convening.rules import within_term
from core.assembly.membership.members import Drawn
from core.assembly.state import Assembly
from core.assembly.state import next_of as assembly_next
from core.draw import commitment as commit
from core.draw import randomness
from core.draw.events import (
    Beacon,
    BeaconRound,
    Ceremony,
    DiceRolled,
    DrawOpened,
    Entry,
    PanelDrawn,
    PoolCommitted,
    PoolEntered,
    QuotasCommitted,
    RandomnessDeclared,
    RandomnessRevealed,
    TicketsCommitted,
)
from core.draw.state import Draw, next_of
from core.draw.tickets import Tickets, chances
from core.errors import DomainError
from core.sortition import lottery
from core.sortition.model import Panel, Pool, Quota, Respondent, pool_of, satisfies
from core.text.words import counted, listed
from core.time_order import after
from core.vocabulary import Vocabulary

RESERVES_PER_SEAT = 3
"""Reserves kept in order per seat, unless the draw says otherwise (fewer if the sub-pool is
smaller): enough for a replacement that keeps the quotas to exist almost always."""

ENTRIES_PER_EVENT = 500
"""Respondents per PoolEntered event (~70 kB), well under the server's 1 MB message limit."""


class DrawRefused(DomainError):
    rule = "draw"


class OutOfOrder(DomainError):
    rule = "draw-order"


def open_draw(
    assembly: Assembly,
    *,
    new_id: UUID,
    reserves: dict[str, int] | None,
    tickets: int,
    at: datetime,
    by: str,
) -> DrawOpened:
    """One draw per assembly, for the sub-pools and seats of its charter."""
    charter = assembly.charter
    if assembly.draw is not None or assembly.panel_arrived:
        if assembly.panel_arrived:
            raise DrawRefused(f"the panel of {charter.name!r} has already been received")
        raise DrawRefused(
            f"{charter.name!r} is already bound to draw {assembly.draw}, committed: "
            "reveal it (`draw reveal`) rather than committing another"
        )
    known = charter.vocabulary.subpools
    seats = dict(charter.subpool_seats) or {known[0]: charter.seats}
    unknown = sorted(set(seats) - set(known))
    if unknown:
        raise DrawRefused(
            f"the charter seats sub-pools {listed(unknown)} that its vocabulary does not know "
            f"({', '.join(known)})"
        )
    kept = {s: RESERVES_PER_SEAT * n for s, n in seats.items()} if reserves is None else reserves
    if set(kept) - set(seats) or any(r < 0 for r in kept.values()):
        raise DrawRefused(
            f"reserves ({counted(kept)}) must be counts >= 0 for the sub-pools "
            f"{listed(sorted(seats))}"
        )
    if not 1 <= tickets <= 100_000:
        raise DrawRefused(f"a lottery has 1 to 100000 tickets, not {tickets}")
    return DrawOpened(
        originator_id=new_id,
        originator_version=1,
        at=at,
        by=by,
        assembly=assembly.id,
        seats=seats,
        reserves=kept,
        replacement=charter.rules.replacement,
        tickets=tickets,
    )


def enter_pool(
    draw: Draw, entries: Sequence[Entry], *, vocabulary: Vocabulary, at: datetime, by: str
) -> list[PoolEntered | PoolCommitted]:
    """The pool, once: pseudonyms, criteria and commitments (never personal data), then its
    Merkle root and counts. Every respondent is described in the words of the charter of the
    assembly the draw serves (its ``vocabulary``)."""
    if draw.pool is not None:
        raise OutOfOrder("the pool is already committed; a draw commits to one pool")
    committed = [
        pools.Committed(
            respondent=pools.Respondent(
                pseudonym=e.pseudonym, subpool=e.subpool, criteria=dict(e.criteria)
            ),
            commitment=_commitment(e),
        )
        for e in entries
    ]
    summary = pools.pool_commitment(committed, vocabulary)
    short = {
        s: summary.counts["subpool"].get(s, 0)
        for s, n in draw.seats.items()
        if summary.counts["subpool"].get(s, 0) < n
    }
    if short:
        raise DrawRefused(
            f"too few respondents for the seats: {counted(short)} respondents, "
            f"for {counted(draw.seats)} seats"
        )
    ordered = sorted(entries, key=lambda e: e.pseudonym)
    version = draw.version
    facts: list[PoolEntered | PoolCommitted] = []
    for part, start in enumerate(range(0, len(ordered), ENTRIES_PER_EVENT), start=1):
        version += 1
        facts.append(
            PoolEntered(
                originator_id=draw.id,
                originator_version=version,
                at=at,
                by=by,
                part=part,
                respondents=tuple(ordered[start : start + ENTRIES_PER_EVENT]),
            )
        )
    facts.append(
        PoolCommitted(
            originator_id=draw.id,
            originator_version=version + 1,
            at=at,
            by=by,
            root=summary.root.hex(),
            size=summary.size,
            counts=summary.counts,
        )
    )
    return facts


def _commitment(entry: Entry) -> bytes:
    try:
        value = bytes.fromhex(entry.commitment)
    except ValueError:
        raise DrawRefused(f"{entry.pseudonym}: commitment is not hexadecimal") from None
    if len(value) != 32:
        raise DrawRefused(f"{entry.pseudonym}: a commitment is 32 bytes, got {len(value)}")
    return value


def subpool(draw: Draw, name: str) -> Pool:
    """One sub-pool's respondents grouped into types, as the lottery sees them."""
    return pool_of(
        Respondent(pseudonym=e.pseudonym, subpool=e.subpool, criteria=dict(e.criteria))
        for e in draw.subpool_entries(name)
    )


def commit_quotas(
    draw: Draw, name: str, quotas: Sequence[Quota], *, at: datetime, by: str
) -> QuotasCommitted:
    """Quotas are refused before anything is committed if no panel can meet them (with the
    clashing quotas and the smallest relaxation named)."""
    _before_declaration(draw)
    if draw.pool is None:
        raise OutOfOrder("commit the pool before the quotas")
    if name not in draw.seats:
        raise DrawRefused(
            f"sub-pool {name!r} has no seats in this draw ({listed(sorted(draw.seats))})"
        )
    if name in draw.quotas:
        raise OutOfOrder(f"the quotas of {name!r} are already committed")
    from core.sortition.feasibility import feasible_panel  # noqa: PLC0415 - a solver: lazily

    feasible_panel(subpool(draw, name), quotas, draw.seats[name])
    ordered = tuple(sorted(quotas, key=lambda q: (q.category, q.value)))
    return QuotasCommitted(
        **next_of(draw), at=at, by=by, subpool=name, seats=draw.seats[name], quotas=ordered
    )


def commit_tickets(
    draw: Draw,
    name: str,
    tickets: Sequence[Panel],
    *,
    algorithm: str,
    version: str,
    optimum: float,
    at: datetime,
    by: str,
    rounding: str = lottery.LARGEST_REMAINDER,
    unrounded: float | None = None,
    deviation: float | None = None,
    bound: float | None = None,
) -> TicketsCommitted:
    """The ticket list is accepted only if it has the draw's number of tickets, in committed
    order, and every ticket meets the quotas; a rounding that proves a bound must keep to it
    (its measured `deviation` below its `bound`)."""
    _before_declaration(draw)
    if rounding not in lottery.ROUNDINGS:
        raise DrawRefused(f"rounding {rounding!r}: known are {listed(list(lottery.ROUNDINGS))}")
    if bound is not None and (deviation is None or deviation >= bound):
        raise DrawRefused(
            f"the {rounding} rounding moved a probability by {deviation}, "
            f"not below its proven bound {bound}"
        )
    if name not in draw.quotas:
        raise OutOfOrder(f"commit the quotas of {name!r} before its tickets")
    if name in draw.lotteries:
        raise OutOfOrder(f"the tickets of {name!r} are already committed")
    if len(tickets) != draw.tickets:
        raise DrawRefused(f"{len(tickets)} tickets for a lottery of {draw.tickets}")
    if list(tickets) != sorted(tickets):
        raise DrawRefused("tickets must be listed in lexicographic order of their panels")
    pool = subpool(draw, name)
    quotas = draw.quotas[name].quotas
    for i, ticket in enumerate(tickets):
        if not satisfies(ticket, pool, quotas, draw.seats[name]):
            raise DrawRefused(f"ticket {i} of {name!r} does not meet the quotas")
    panels, counts = commit.distinct(tickets)
    sparse = tuple(commit.sparse(p) for p in panels)
    chances = lottery.ticket_probabilities(pool, tickets)
    return TicketsCommitted(
        **next_of(draw),
        at=at,
        by=by,
        subpool=name,
        algorithm=algorithm,
        version=version,
        panels=sparse,
        counts=counts,
        digest=commit.tickets_digest(sparse, counts),
        minimum=decimal(min(chances)),
        optimum=decimal(optimum),
        rounding=rounding,
        unrounded=None if unrounded is None else decimal(unrounded),
        deviation=None if deviation is None else decimal(deviation, up=True),
        bound=None if bound is None else decimal(bound, up=True),
    )


def decimal(value: float, *, up: bool = False) -> str:
    """Nine decimals, to the nearest (or upwards: a deviation or a bound is never understated)."""
    exact = Decimal(value)
    return str(exact.quantize(Decimal("1e-9"), rounding=ROUND_CEILING if up else ROUND_HALF_EVEN))


def _before_declaration(draw: Draw) -> None:
    if draw.declared is not None:
        raise OutOfOrder("the randomness source is declared: the commitments are closed")


def declare(
    draw: Draw,
    *,
    beacon: Beacon | None,
    ceremony: Ceremony | None,
    at: datetime,
    by: str,
) -> RandomnessDeclared:
    """Once everything is committed, the source of the randomness is fixed: it must not exist
    yet (a future beacon round, a ceremony still to come)."""
    _before_declaration(draw)
    missing = sorted(set(draw.seats) - set(draw.lotteries))
    if draw.pool is None or missing:
        raise OutOfOrder(f"commit the pool, quotas and tickets first (missing: {listed(missing)})")
    randomness.check_declared(beacon, ceremony, at=at)
    return RandomnessDeclared(
        **next_of(draw),
        at=at,
        by=by,
        commitment=commit.commitment(draw, beacon, ceremony),
        beacon=beacon,
        dice=ceremony,
    )


def announce(
    assembly: Assembly, declared: RandomnessDeclared, *, at: datetime, by: str
) -> DrawAnnounced:
    """The assembly binds itself to this draw in the same save as the declaration."""
    if assembly.draw is not None or assembly.panel_arrived:
        raise DrawRefused(f"{assembly.charter.name!r} is already bound to a draw or has its panel")
    within_term(assembly, at)
    after(
        at,
        declared.at,
        act=f"{assembly.charter.name!r} cannot bind itself to draw {declared.originator_id}",
        fact="its randomness source was declared",
        because="the assembly binds itself to a draw once it is declared",
    )
    return DrawAnnounced(
        **assembly_next(assembly),
        at=at,
        by=by,
        draw=declared.originator_id,
        commitment=declared.commitment,
    )


def reveal(
    draw: Draw,
    *,
    beacon: BeaconRound | None,
    dice: DiceRolled | None,
    at: datetime,
    by: str,
) -> RandomnessRevealed:
    """The declared randomness, checked against its declaration; the seed follows from it."""
    if draw.declared is None:
        raise OutOfOrder("declare the randomness source before revealing it")
    if draw.revealed is not None:
        raise OutOfOrder("the randomness is already revealed")
    randomness.check_revealed(draw.declared, beacon, dice, at=at)
    seed = commit.seed(draw.declared.commitment, beacon, dice)
    return RandomnessRevealed(
        **next_of(draw), at=at, by=by, beacon=beacon, dice=dice, seed=seed.hex()
    )


def select(
    draw: Draw, name: str, pool: Pool | None = None
) -> tuple[lottery.Selection, tuple[int, ...]]:
    """What the seed draws in one sub-pool: the same log always gives the same panel.
    `pool`: the sub-pool's types when the caller has them already (``subpool(draw, name)``)."""
    if draw.revealed is None:
        raise OutOfOrder("reveal the randomness before drawing")
    pool = subpool(draw, name) if pool is None else pool
    lottery_ = draw.lotteries[name]
    tickets = Tickets(lottery_, len(pool.types))
    seed = commit.subpool_seed(bytes.fromhex(draw.revealed.seed), name)
    chosen = lottery.select(pool, tickets, seed)
    kept = draw.reserves.get(name, 0)
    return (
        lottery.Selection(ticket=chosen.ticket, panel=chosen.panel, reserve=chosen.reserve[:kept]),
        chances(lottery_, len(pool.types)),
    )


def draw_panels(draw: Draw, *, at: datetime, by: str) -> list[PanelDrawn]:
    """Every sub-pool's panel and reserves, drawn from the revealed seed."""
    if draw.drawn:
        raise OutOfOrder("the panels are already drawn")
    drawn_after_reveal(draw, at)
    facts = []
    version = draw.version
    for name in sorted(draw.seats):
        chosen, chances = select(draw, name)
        version += 1
        facts.append(
            PanelDrawn(
                originator_id=draw.id,
                originator_version=version,
                at=at,
                by=by,
                subpool=name,
                ticket=chosen.ticket,
                panel=chosen.panel,
                reserves=chosen.reserve,
                chances=chances,
            )
        )
    return facts


def drawn_after_reveal(draw: Draw, at: datetime) -> None:
    """The panels are drawn once the seed exists."""
    after(
        at,
        draw.revealed.at if draw.revealed else None,
        act="the panels cannot be drawn",
        fact="the randomness was revealed",
        because="a draw follows the reveal of its seed",
    )


def handed_over(
    draw: Draw, drawn: Sequence[PanelDrawn]
) -> tuple[tuple[Drawn, ...], tuple[Drawn, ...]]:
    """The panel and reserves as the assembly receives them (reserves: sub-pool by sub-pool,
    each in its reserve order)."""
    people = {e.pseudonym: e for e in draw.entries}

    def handed(pseudonym: str) -> Drawn:
        e = people[pseudonym]
        return Drawn(pseudonym=e.pseudonym, subpool=e.subpool, criteria=dict(e.criteria))

    panel = tuple(handed(p) for d in drawn for p in d.panel)
    reserves = tuple(handed(p) for d in drawn for p in d.reserves)
    return panel, reserves
