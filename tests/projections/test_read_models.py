"""Read models on events alone: quotas decoded from their wire form, every fact on the timeline,
a fact that cannot be read stops the worker, a changed read model is rebuilt."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from uuid import UUID

import msgspec
import pytest
from sqlalchemy import Engine, update

from core.assembly.membership.facts import MemberSeated
from projections import composition, timeline
from projections.catalogue import READ_MODELS
from projections.changes import Fact, Update
from projections.roster import roster
from projections.schema import positions
from services.adapters.readstore.batch import Batch, ProjectionError
from services.adapters.readstore.database import ensure_schema, read_positions, reading, writing
from tests.core.paris import ASSEMBLY_ID, CLERK, convened, panel_arrived
from tests.projections.support import projector

DRAW = UUID("00000000-0000-4000-8000-00000000d1a0")
AT = datetime(2026, 1, 20, 18, 0, tzinfo=UTC)


def _fact(position: int, event, record=ASSEMBLY_ID) -> Fact:
    data = msgspec.json.encode(event)
    return Fact(position, event.wire, record, event.originator_version, data, event)


def _wire(position: int, topic: str, payload: dict, record=DRAW) -> Fact:
    """A fact this code has no class for: only its wire name and its bytes."""
    return Fact(position, topic, record, position, json.dumps(payload).encode(), None)


def _seat(member: str, version: int) -> MemberSeated:
    return MemberSeated(
        originator_id=ASSEMBLY_ID, originator_version=version, at=AT, by=CLERK, member=member
    )


def _apply(engine: Engine, *facts: Fact) -> None:
    ensure_schema(engine)
    batch = Batch()
    for f in facts:
        for model in READ_MODELS:
            handle = model.handler(f.topic)
            for change in handle(f) if handle else ():
                batch.add(change)
    with writing(engine) as conn:
        batch.write(conn)


def _quotas(subpool: str, seats: int, *quotas: tuple[str, str, int, int]) -> dict:
    return {
        "originator_id": str(DRAW),
        "at": AT.isoformat(),
        "by": CLERK,
        "subpool": subpool,
        "seats": seats,
        "quotas": [{"category": c, "value": v, "min": lo, "max": hi} for c, v, lo, hi in quotas],
    }


def test_given_committed_quotas_when_members_sit_then_composition_counts_against_min_max(
    dbs,
) -> None:
    engine = dbs.engine()
    panel = panel_arrived()
    panel = msgspec.structs.replace(panel, draw=DRAW)
    seated = [p.pseudonym for p in panel.panel if p.subpool == "minors"][:3]
    genders = [p.criteria["gender"] for p in panel.panel if p.pseudonym in seated]

    _apply(
        engine,
        _wire(1, composition.DRAW_OPENED, {"assembly": str(ASSEMBLY_ID), "at": AT.isoformat()}),
        _wire(2, composition.QUOTAS_COMMITTED, _quotas("minors", 5, ("gender", "f", 2, 3))),
        _fact(3, convened()),
        _fact(4, panel),
        *(_fact(5 + i, _seat(m, 3 + i)) for i, m in enumerate(seated)),
    )

    with reading(engine) as conn:
        found = composition.composition(conn, str(ASSEMBLY_ID))
    minors = next(s for s in found["subpools"] if s["subpool"] == "minors")
    women = next(c for c in minors["categories"] if (c["category"], c["value"]) == ("gender", "f"))
    assert found["quotas"] is True and found["draw_id"] == str(DRAW)
    assert (minors["seats"], minors["seated"]) == (5, 3)
    assert (women["seated"], women["min"], women["max"]) == (genders.count("f"), 2, 3)
    assert women["met"] is (2 <= genders.count("f") <= 3)


def test_given_a_fact_of_an_unknown_kind_then_it_is_on_the_timeline_by_its_kind(dbs) -> None:
    engine = dbs.engine()

    _apply(
        engine,
        _wire(1, composition.DRAW_OPENED, {"assembly": str(ASSEMBLY_ID), "at": AT.isoformat()}),
        _wire(2, "assembly.seed_blessed.v1", {"at": AT.isoformat(), "by": CLERK}),
    )

    with reading(engine) as conn:
        entries = timeline.entries(conn, str(ASSEMBLY_ID))
    assert [(e["position"], e["kind"], e["summary"]) for e in entries] == [
        (1, "draw opened", "draw opened"),
        (2, "seed blessed", "seed blessed"),
    ]


def test_given_an_update_of_a_row_that_is_not_there_then_the_worker_stops(dbs) -> None:
    engine = dbs.engine()
    ensure_schema(engine)
    batch = Batch()
    batch.add(Update(roster, (str(ASSEMBLY_ID), "ele-999"), {"status": "seated"}))

    with (
        pytest.raises(ProjectionError, match="roster: 1 of 1 updates found no row"),
        writing(engine) as conn,
    ):
        batch.write(conn)


def test_given_a_read_model_whose_version_changed_then_only_it_starts_again(dbs) -> None:
    engine = dbs.engine()
    ensure_schema(engine)
    with writing(engine) as conn:
        conn.execute(update(positions).values(position=42))
    changed = tuple(
        dataclasses.replace(m, version=m.version + 1) if m.name == "ballots" else m
        for m in READ_MODELS
    )

    ensure_schema(engine, changed)

    with reading(engine) as conn:
        at = read_positions(conn)
    assert at["ballots"] == 0
    assert {n: p for n, p in at.items() if n != "ballots"} == dict.fromkeys(
        (m.name for m in READ_MODELS if m.name != "ballots"), 42
    )


def test_given_a_payload_that_does_not_decode_then_the_worker_names_its_position(app, dbs) -> None:
    worker = projector(dbs.engine(), app)
    [n] = app.recorder.select_notifications(1, 1)
    broken = dataclasses.replace(n, state=b'{"not": "a charter"}')

    with pytest.raises(ProjectionError, match=r"log position 1 \(assembly.assembly_convened.v2\)"):
        worker.apply([broken])

    assert worker.position == 0


def test_given_a_draw_announced_by_the_assembly_then_its_quotas_and_facts_are_the_assemblys(
    dbs,
) -> None:
    engine = dbs.engine()
    announced = {"draw": str(DRAW), "commitment": "ab" * 32, "at": AT.isoformat(), "by": CLERK}

    _apply(
        engine,
        _fact(1, convened()),
        _wire(2, composition.QUOTAS_COMMITTED, _quotas("minors", 5, ("gender", "f", 2, 3))),
        _wire(3, composition.DRAW_ANNOUNCED, announced, record=ASSEMBLY_ID),
    )

    with reading(engine) as conn:
        found = composition.composition(conn, str(ASSEMBLY_ID))
        kinds = [e["kind"] for e in timeline.entries(conn, str(ASSEMBLY_ID))]
    assert found["draw_id"] == str(DRAW) and found["quotas"] is True
    assert kinds == ["assembly convened", "quotas committed", "draw announced"]
