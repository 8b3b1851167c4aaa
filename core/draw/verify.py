"""The auditor's re-derivation of a draw from the log alone — no solver, only hashing and
counting: the pool commitment from the entries, every ticket against the quotas, the ticket
list's digest and probabilities, the timing (everything committed before the randomness could
be known), the randomness against its source, the seed, the ticket index, the people chosen
and the panel the assembly received. Every mismatch is named: where, which rule, what was
expected and what was found."""

from __future__ import annotations

import contextlib
import gc
import itertools
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

import msgspec

from core import pool as pools
from core.assembly.membership.facts import PanelArrived
from core.draw import commitment as commit
from core.draw import randomness, rules
from core.draw.events import (
    DrawOpened,
    PanelDrawn,
    PoolCommitted,
    PoolEntered,
    QuotasCommitted,
    RandomnessDeclared,
    RandomnessRevealed,
    TicketsCommitted,
)
from core.draw.state import Draw, evolve
from core.draw.tickets import QuotaCheck, Tickets, chances
from core.errors import DomainError
from core.events import Event
from core.sortition import lottery
from core.sortition.model import Pool
from core.text.words import listed
from core.vocabulary import Vocabulary


class Violation(msgspec.Struct, frozen=True, kw_only=True):
    version: int  # the draw event's place in the draw's record (0: the draw as a whole)
    rule: str
    expected: str
    found: str
    arrival: bool = False  # `version` is the assembly's record's: the panel's arrival


def verify(
    events: Iterable[Event], arrived: Sequence[PanelArrived] = (), *, vocabulary: Vocabulary
) -> list[Violation]:
    """Every violation of the draw's rules in its events (empty: the draw is verified); the
    respondents are checked in the words of the charter of the assembly it served."""
    with _collection_paused():
        return _verify(list(events), arrived, vocabulary=vocabulary)


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while a draw is verified: it builds hundreds of thousands
    of short-lived objects (none in cycles) and each collection walks every live one, which
    cost about a third of the time at 100,000 respondents. Restored as it was."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _verify(
    events: Iterable[Event], arrived: Sequence[PanelArrived], *, vocabulary: Vocabulary
) -> list[Violation]:
    found: list[Violation] = []
    draw: Draw | None = None
    seen = _Seen(vocabulary)
    for event in events:
        if draw is None and not isinstance(event, DrawOpened):
            found.append(_v(event, "draw-order", "the draw opens first", type(event).wire))
            continue
        if isinstance(event, PoolEntered):
            seen.parts.append(event.originator_version)
        if draw is not None:
            try:
                found.extend(_check(draw, event, seen))
            except DomainError as e:
                found.append(_v(event, e.rule, "a lawful fact", str(e)))
            except (ValueError, KeyError, IndexError, TypeError) as e:
                found.append(
                    _v(event, "malformed", "a well-formed fact", f"{type(e).__name__}: {e}")
                )
        draw = evolve(event, draw)
    if draw is None:
        return [Violation(version=0, rule="draw", expected="a draw", found="no draw events")]
    found.extend(_complete(draw))
    try:
        found.extend(_handed_over(draw, arrived))
    except (DomainError, ValueError, KeyError, IndexError, TypeError) as e:
        found.append(
            Violation(
                version=0,
                rule="panel-arrived",
                expected="the drawn panel",
                found=f"{type(e).__name__}: {e}",
            )
        )
    return found


def _v(event: Event, rule: str, expected: object, got: object) -> Violation:
    return Violation(
        version=event.originator_version, rule=rule, expected=str(expected), found=str(got)
    )


class _Seen:
    """What the checks of later facts need from earlier ones: the versions of the pool's
    parts, and each sub-pool's types, built once for its tickets and its panel."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.parts: list[int] = []
        self._pools: dict[tuple[str, int], Pool] = {}

    def pool(self, draw: Draw, name: str) -> Pool:
        key = (name, len(draw.entries))  # entries only grow: a late part gives a new key
        if key not in self._pools:
            self._pools[key] = rules.subpool(draw, name)
        return self._pools[key]


def _check(draw: Draw, event: Event, seen: _Seen) -> list[Violation]:
    committing = (PoolEntered, PoolCommitted, QuotasCommitted, TicketsCommitted)
    if isinstance(event, committing) and draw.declared is not None:
        return [
            _v(
                event,
                "commit-before-randomness",
                "no commitment after the declaration",
                type(event).wire,
            )
        ]
    if isinstance(event, PoolEntered) and draw.pool is not None:
        return [_v(event, "pool", "no respondents entered after the pool commitment", event.part)]
    if isinstance(event, PoolCommitted):
        return _pool(draw, event, seen.vocabulary, seen.parts)
    if isinstance(event, TicketsCommitted):
        return _tickets(draw, event, seen.pool(draw, event.subpool))
    if isinstance(event, RandomnessDeclared):
        return _declared(draw, event)
    if isinstance(event, RandomnessRevealed):
        return _revealed(draw, event)
    if isinstance(event, PanelDrawn):
        return _drawn(draw, event, seen)
    if isinstance(event, QuotasCommitted) and event.seats != draw.seats.get(event.subpool):
        return [_v(event, "quotas", f"{draw.seats.get(event.subpool)} seats", event.seats)]
    return []


def _pool(
    draw: Draw, event: PoolCommitted, vocabulary: Vocabulary, parts: Sequence[int]
) -> list[Violation]:
    """The commitment against the respondents entered; a mismatch is told at the commitment
    and at every part of the pool entered before it, since either may be the one changed (with
    one part, the common case below 500 respondents, that names the record exactly)."""
    summary = pools.commitment_of(
        ((e.pseudonym, e.subpool, e.criteria, bytes.fromhex(e.commitment)) for e in draw.entries),
        vocabulary,
    )
    out = []
    wrong = []
    if summary.root.hex() != event.root:
        out.append(_v(event, "pool-commitment", summary.root.hex(), event.root))
        wrong.append("root")
    if summary.size != event.size or summary.counts != event.counts:
        out.append(
            _v(
                event,
                "pool-counts",
                "the counts of the respondents entered",
                _counts_against(summary.size, summary.counts, event.size, event.counts),
            )
        )
        wrong.append("counts")
    for i, version in enumerate(parts, start=1):
        if wrong:
            out.append(
                Violation(
                    version=version,
                    rule="pool-entered",
                    expected=f"respondents that give the {' and '.join(wrong)} committed in "
                    f"draw event {event.originator_version}",
                    found=f"part {i} of {len(parts)} of the pool, with the others, gives "
                    f"{'another' if len(wrong) == 1 else 'others'}: this part or the "
                    "commitment was changed",
                )
            )
    return out


def _counts_against(
    size: int,
    counts: dict[str, dict[str, int]],
    committed_size: int,
    committed: dict[str, dict[str, int]],
) -> str:
    """Only the counts that differ, in words: what was committed, what the entries give."""
    diffs = [] if size == committed_size else [f"{committed_size} respondents, entered {size}"]
    for name in sorted(set(counts) | set(committed)):
        mine, theirs = counts.get(name, {}), committed.get(name, {})
        diffs += [
            f"{name}={value} {theirs.get(value, 0)}, entered {mine.get(value, 0)}"
            for value in sorted(set(mine) | set(theirs))
            if mine.get(value, 0) != theirs.get(value, 0)
        ]
    return "committed " + ", ".join(diffs)


def _tickets(draw: Draw, event: TicketsCommitted, pool: Pool) -> list[Violation]:
    quotas = draw.quotas.get(event.subpool)
    if quotas is None:
        return [_v(event, "draw-order", f"quotas of {event.subpool} before its tickets", "none")]
    out = []
    digest = commit.tickets_digest(event.panels, event.counts)
    if digest != event.digest:
        out.append(_v(event, "ticket-list-digest", digest, event.digest))
    if sum(event.counts) != draw.tickets or any(c < 1 for c in event.counts):
        out.append(_v(event, "ticket-count", draw.tickets, list(event.counts)[:10]))
    listed = Tickets(event, len(pool.types)).distinct
    if any(a >= b for a, b in itertools.pairwise(listed)):
        out.append(_v(event, "ticket-order", "distinct panels in lexicographic order", "unsorted"))
    check = QuotaCheck(pool, quotas.quotas, quotas.seats)
    for i, panel in enumerate(event.panels):
        if not check.satisfies(panel):
            out.append(
                _v(
                    event,
                    "ticket-quotas",
                    f"panel {i} of {event.subpool} meets the quotas",
                    check.broken(panel),
                )
            )
    if not out:
        seats = chances(event, len(pool.types))
        lowest = min(c / (draw.tickets * n) for c, n in zip(seats, pool.counts, strict=True))
        if rules.decimal(lowest) != event.minimum:
            out.append(_v(event, "ticket-minimum", rules.decimal(lowest), event.minimum))
        out.extend(_rounding(event))
    return out


def _rounding(event: TicketsCommitted) -> list[Violation]:
    """What the rounding says must hold together: its deviation below its proven bound, and
    the committed minimum no further below the unrounded one than the deviation (the
    unrounded distribution itself needs the solver: it is not re-derived here)."""
    if event.rounding not in lottery.ROUNDINGS:
        return [_v(event, "ticket-rounding", listed(list(lottery.ROUNDINGS)), event.rounding)]
    out = []
    deviation = Decimal(event.deviation) if event.deviation is not None else None
    if event.bound is not None and (deviation is None or deviation > Decimal(event.bound)):
        out.append(_v(event, "ticket-bound", f"a deviation below {event.bound}", deviation))
    if event.unrounded is not None and deviation is not None:
        lowest = Decimal(event.unrounded) - deviation - Decimal("1e-9")
        if Decimal(event.minimum) < lowest:
            out.append(_v(event, "ticket-deviation", f"a minimum >= {lowest}", event.minimum))
    return out


def _declared(draw: Draw, event: RandomnessDeclared) -> list[Violation]:
    missing = sorted(set(draw.seats) - set(draw.lotteries))
    if draw.pool is None or missing:
        return [
            _v(
                event,
                "commit-before-randomness",
                "pool, quotas and tickets committed",
                f"missing {listed(missing)}",
            )
        ]
    out = []
    expected = commit.commitment(draw, event.beacon, event.dice)
    if expected != event.commitment:
        out.append(_v(event, "commitment", expected, event.commitment))
    randomness.check_declared(event.beacon, event.dice, at=event.at)
    return out


def _revealed(draw: Draw, event: RandomnessRevealed) -> list[Violation]:
    if draw.declared is None:
        return [_v(event, "draw-order", "randomness declared before revealed", "not declared")]
    randomness.check_revealed(draw.declared, event.beacon, event.dice, at=event.at)
    expected = commit.seed(draw.declared.commitment, event.beacon, event.dice).hex()
    return [] if expected == event.seed else [_v(event, "seed", expected, event.seed)]


def _drawn(draw: Draw, event: PanelDrawn, seen: _Seen) -> list[Violation]:
    if draw.revealed is None or event.subpool not in draw.lotteries:
        return [_v(event, "draw-order", "randomness revealed before the draw", "not revealed")]
    rules.drawn_after_reveal(draw, event.at)
    chosen, chances = rules.select(draw, event.subpool, seen.pool(draw, event.subpool))
    out = []
    if chosen.ticket != event.ticket:
        out.append(_v(event, "ticket-index", chosen.ticket, event.ticket))
    if chosen.panel != event.panel:
        out.append(_v(event, "panel", _diff(chosen.panel, event.panel), "a different panel"))
    if chosen.reserve != event.reserves:
        out.append(
            _v(
                event,
                "reserve-order",
                ",".join(chosen.reserve[:5]) + "…",
                ",".join(event.reserves[:5]) + "…",
            )
        )
    if chances != event.chances:
        out.append(_v(event, "probabilities", "the ticket list's average", "different chances"))
    return out


def _diff(expected: Sequence[str], found: Sequence[str]) -> str:
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    return (
        f"missing {listed(missing[:5])}, not drawn {listed(extra[:5])}"
        if missing or extra
        else "the seeded order"
    )


def _complete(draw: Draw) -> list[Violation]:
    missing = sorted(set(draw.seats) - set(draw.drawn))
    if draw.revealed is not None and missing:
        return [
            Violation(
                version=draw.version,
                rule="draw-complete",
                expected=f"panels of {listed(sorted(draw.seats))}",
                found=f"missing {listed(missing)}",
            )
        ]
    return []


def _handed_over(draw: Draw, arrived: Sequence[PanelArrived]) -> list[Violation]:
    mine = [a for a in arrived if a.draw == draw.id]
    if not draw.drawn:
        return (
            [
                Violation(
                    version=0,
                    rule="panel-arrived",
                    expected="no panel before the draw",
                    found="a panel",
                )
            ]
            if mine
            else []
        )
    drawn = [draw.drawn[s] for s in sorted(draw.drawn)]
    panel, reserves = rules.handed_over(draw, drawn)
    if len(mine) != 1:
        return [
            Violation(
                version=0,
                rule="panel-arrived",
                expected="one panel arrival from this draw",
                found=str(len(mine)),
            )
        ]
    out = []
    if mine[0].panel != panel:
        got = [d.pseudonym for d in mine[0].panel]
        out.append(
            Violation(
                version=mine[0].originator_version,
                arrival=True,
                rule="panel-arrived",
                expected=_diff([d.pseudonym for d in panel], got),
                found="a different panel",
            )
        )
    if mine[0].reserves != reserves:
        out.append(
            Violation(
                version=mine[0].originator_version,
                arrival=True,
                rule="reserves-arrived",
                expected="the drawn reserves in order",
                found="different reserves",
            )
        )
    return out
