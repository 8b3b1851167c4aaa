"""What the seed is bound to, in bytes anyone can recompute in any language.

- Ticket list digest: SHA-256 of the MessagePack array
  ``[1, [[[type, seats], ...] per distinct panel, in the committed order], [tickets per panel]]``.
- Commitment: SHA-256 of the MessagePack array
  ``[1, draw id, assembly id, pool root, pool size, tickets per lottery, replacement rule,
  [[sub-pool, seats, reserves, [[category, value, min, max], ...], algorithm, version,
  ticket list digest] per sub-pool in name order], beacon, ceremony]``
  where beacon is ``[chain, chain hash, round]`` or nil and ceremony is
  ``[starts at (ISO 8601), place, bailiff, [witnesses], dice, sides, rolls]`` or nil;
  quotas in (category, value) order.
- Seed: SHA-256(commitment ‖ revealed material); the revealed material is
  core.sortition.dice.revealed_material: the MessagePack array
  ``[1, [round, signature hex] or nil, [digits, [bailiff, witnesses…]] or nil]``.
- Each sub-pool's lottery is keyed by SHA-256(seed ‖ "subpool:" ‖ its name in UTF-8), so the
  sub-pools' selections are independent.
MessagePack writes every string and small integer in exactly one shortest form."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import msgspec

from core.draw.events import Beacon, BeaconRound, Ceremony, DiceRolled
from core.draw.state import Draw
from core.sortition import dice as dice_module
from core.sortition.beacon import VerifiedBeacon
from core.sortition.model import Panel

FORMAT = 1
_encode = msgspec.msgpack.Encoder().encode

Sparse = tuple[tuple[int, int], ...]


def sparse(panel: Panel) -> Sparse:
    return tuple((t, x) for t, x in enumerate(panel) if x)


def dense(panel: Sparse, types: int) -> Panel:
    seats = [0] * types
    for t, x in panel:
        if not 0 <= t < types:
            raise ValueError(f"a ticket names type {t}; the sub-pool has {types} types")
        seats[t] = x
    return tuple(seats)


def distinct(tickets: Sequence[Panel]) -> tuple[tuple[Panel, ...], tuple[int, ...]]:
    """The committed form of a ticket list: each distinct panel once, in order, and its count."""
    panels: list[Panel] = []
    counts: list[int] = []
    for ticket in tickets:
        if panels and panels[-1] == ticket:
            counts[-1] += 1
        else:
            panels.append(ticket)
            counts.append(1)
    return tuple(panels), tuple(counts)


def tickets_digest(panels: Sequence[Sparse], counts: Sequence[int]) -> str:
    body = [FORMAT, [[list(pair) for pair in p] for p in panels], list(counts)]
    return hashlib.sha256(_encode(body)).hexdigest()


def commitment(draw: Draw, beacon: Beacon | None, ceremony: Ceremony | None) -> str:
    """The digest the randomness declaration records: everything committed before it, and the
    source it declares."""
    if draw.pool is None:
        raise ValueError("nothing to commit to before the pool is committed")
    lotteries = []
    for subpool in sorted(draw.seats):
        quotas = draw.quotas[subpool]
        lottery = draw.lotteries[subpool]
        bounds = sorted([q.category, q.value, q.min, q.max] for q in quotas.quotas)
        lotteries.append(
            [
                subpool,
                draw.seats[subpool],
                draw.reserves.get(subpool, 0),
                bounds,
                lottery.algorithm,
                lottery.version,
                lottery.digest,
            ]
        )
    body = [
        FORMAT,
        str(draw.id),
        str(draw.assembly),
        draw.pool.root,
        draw.pool.size,
        draw.tickets,
        draw.replacement.value,
        lotteries,
        [beacon.chain, beacon.chain_hash, beacon.round] if beacon else None,
        [
            ceremony.starts_at.isoformat(),
            ceremony.place,
            ceremony.bailiff,
            list(ceremony.witnesses),
            ceremony.dice,
            ceremony.sides,
            ceremony.rolls,
        ]
        if ceremony
        else None,
    ]
    return hashlib.sha256(_encode(body)).hexdigest()


def revealed_material(beacon: BeaconRound | None, dice: DiceRolled | None) -> bytes:
    verified = (
        VerifiedBeacon(
            chain_hash="",
            round=beacon.round,
            signature=beacon.signature,
            randomness=beacon.randomness,
        )
        if beacon
        else None
    )
    return dice_module.revealed_material(verified, dice)


def seed(commitment_hex: str, beacon: BeaconRound | None, dice: DiceRolled | None) -> bytes:
    return hashlib.sha256(bytes.fromhex(commitment_hex) + revealed_material(beacon, dice)).digest()


def subpool_seed(seed_bytes: bytes, subpool: str) -> bytes:
    return hashlib.sha256(seed_bytes + b"subpool:" + subpool.encode("utf-8")).digest()
