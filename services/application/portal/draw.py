"""A draw as the public sees it, from the draw's facts the read models keep
(projections/draws.py): its ceremony and randomness, its seed, each sub-pool's lottery, the
panel's composition against the quotas, every respondent's selection probability, and whether
the whole re-derives (core/draw/verify.py, the auditor's own check)."""

from __future__ import annotations

from collections import Counter
from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.persistence import JSONTranscoder, StoredEvent
from sqlalchemy import Connection

from core.assembly.charter import Charter
from core.assembly.membership.facts import PanelArrived
from core.draw.events import PanelDrawn
from core.draw.state import Draw, project
from core.draw.verify import verify
from core.events import Event
from projections import draws
from services.adapters.eventstore.mapper import MsgspecMapper
from services.application.draw.report import subpool_report

_MAPPER = MsgspecMapper(JSONTranscoder())


def _decoded(row: dict[str, Any]) -> Event:
    stored = StoredEvent(UUID(row["record_id"]), row["version"], row["topic"], row["data"])
    event: Event = _MAPPER.to_domain_event(stored)  # type: ignore[assignment]
    return event


def draw_view(conn: Connection, assembly_id: str, charter: dict[str, Any]) -> dict[str, Any] | None:
    """The assembly's draw (the one it announced last), or None: no draw on this log."""
    found = draws.draws_of(conn, assembly_id)
    if not found:
        return None
    rows = draws.facts_of(conn, found[-1])
    events = [(r["position"], _decoded(r)) for r in rows]
    facts = [e for _, e in events if not isinstance(e, PanelArrived)]
    arrived = [e for _, e in events if isinstance(e, PanelArrived)]
    positions = {
        e.wire if not isinstance(e, PanelDrawn) else f"{e.wire}:{e.subpool}": p for p, e in events
    }
    state = project(None, facts)
    if state is None:
        return None
    vocabulary = msgspec.convert(charter, Charter).vocabulary
    violations = verify(facts, arrived, vocabulary=vocabulary)
    return _view(state, positions, violations, arrived)


def _view(
    state: Draw, positions: dict[str, int], violations: list[Any], arrived: list[Any]
) -> dict[str, Any]:
    declared, revealed = state.declared, state.revealed
    subpools = []
    for name in sorted(state.lotteries):
        report = subpool_report(state, name, legacy_runs=0)
        per_person = report.per_person
        drawn = state.drawn.get(name)
        subpools.append(
            {
                "subpool": name,
                "respondents": report.respondents,
                "seats": report.seats,
                "algorithm": report.algorithm,
                "tickets": report.tickets,
                "ticket": report.ticket,
                "rounding": report.rounding,
                "minimum": state.lotteries[name].minimum,
                "optimum": report.optimum,
                "unrounded": report.unrounded,
                "deviation": report.deviation,
                "bound": report.bound,
                "probabilities": {
                    "minimum": report.probabilities.minimum,
                    "median": report.probabilities.median,
                    "maximum": report.probabilities.maximum,
                    "uniform": report.seats / report.respondents if report.respondents else 0.0,
                    "histogram": _histogram(list(per_person.values())),
                },
                "composition": [msgspec.structs.asdict(r) for r in report.composition],
                "panel": list(drawn.panel) if drawn else [],
                "reserves": list(drawn.reserves) if drawn else [],
                "position": positions.get(f"{PanelDrawn.wire}:{name}"),
            }
        )
    return {
        "draw_id": str(state.id),
        "tickets": state.tickets,
        "replacement": state.replacement.value,
        "respondents": len(state.entries),
        "pool": None
        if state.pool is None
        else {
            "root": state.pool.root,
            "size": state.pool.size,
            "position": positions.get("assembly.pool_committed.v1"),
        },
        "declared": None
        if declared is None
        else {
            "at": declared.at.isoformat(),
            "commitment": declared.commitment,
            "beacon": None if declared.beacon is None else msgspec.structs.asdict(declared.beacon),
            "dice": None
            if declared.dice is None
            else {
                **msgspec.structs.asdict(declared.dice),
                "starts_at": declared.dice.starts_at.isoformat(),
                "witnesses": list(declared.dice.witnesses),
            },
            "position": positions.get("assembly.randomness_declared.v1"),
        },
        "revealed": None
        if revealed is None
        else {
            "at": revealed.at.isoformat(),
            "seed": revealed.seed,
            "beacon_round": None if revealed.beacon is None else revealed.beacon.round,
            "beacon_randomness": None if revealed.beacon is None else revealed.beacon.randomness,
            "dice": None if revealed.dice is None else revealed.dice.digits,
            "signed_by": [] if revealed.dice is None else list(revealed.dice.signed_by),
            "position": positions.get("assembly.randomness_revealed.v1"),
        },
        "subpools": subpools,
        "arrived_position": positions.get(PanelArrived.wire),
        "handed_over": bool(arrived),
        "verified": not violations,
        "violations": [
            {"version": v.version, "rule": v.rule, "expected": v.expected, "found": v.found}
            for v in violations
        ],
    }


BINS = 10


def _histogram(values: list[float]) -> list[dict[str, Any]]:
    """How many respondents fall in each tenth of the range of probabilities."""
    if not values:
        return []
    low, high = min(values), max(values)
    width = (high - low) / BINS or 1.0
    counts: Counter[int] = Counter(min(int((v - low) / width), BINS - 1) for v in values)
    return [
        {"from": low + i * width, "to": low + (i + 1) * width, "count": counts.get(i, 0)}
        for i in range(BINS if high > low else 1)
    ]
