"""A changed respondent (commitment, criteria) or pool count is named at the record that was
changed, by its sequence, as well as at the records whose chain or counts it breaks: changed in
place (the next record's link names it), or by a forger who recomputed the chain (the pool's
commitment names every part entered before it, the changed one among them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
import pytest

from core.audit.violation import Violation
from tests.audit.drawn import Payload, audited, facts, payload, rewrite
from tests.audit.tamper import Export, header, set_data

ENTERED = "assembly.pool_entered.v1"
COMMITTED = "assembly.pool_committed.v1"


def _flip_commitment(p: Payload) -> None:
    entry = p["respondents"][0]  # [pseudonym, subpool, criteria, commitment]
    entry[3] = ("1" if entry[3][0] == "0" else "0") + entry[3][1:]


def _move_criterion(p: Payload) -> None:
    """The first respondent's gender changed to another value the pool uses."""
    criteria = p["respondents"][0][2]
    others = sorted({e[2]["gender"] for e in p["respondents"]} - {criteria["gender"]})
    criteria["gender"] = others[0]


def _add_to_a_count(p: Payload) -> None:
    counts = p["counts"]["gender"]
    counts[sorted(counts)[0]] += 1


CHANGES: dict[str, tuple[str, Callable[[Payload], None], str]] = {
    "commitment": (ENTERED, _flip_commitment, "draw:pool-commitment"),
    "criteria": (ENTERED, _move_criterion, "draw:pool-counts"),
    "count": (COMMITTED, _add_to_a_count, "draw:pool-counts"),
}


def at(found: list[Violation], seq: int) -> set[str]:
    return {v.rule for v in found if v.seq == seq}


def _next_of_its_record(export: Export, record: dict[str, Any]) -> int:
    events = export.events_of(str(header(record, "Assembly-Id")))
    return int(events[events.index(record) + 1]["seq"])


@pytest.mark.parametrize("what", sorted(CHANGES))
def test_given_a_pool_fact_changed_in_place_when_audited_then_its_own_record_is_named(forged, what):
    wire, change, downstream = CHANGES[what]
    victim = facts(forged, wire)[-1]  # the last part: a pool of 600 is entered in two
    body = payload(victim)
    change(body)
    set_data(victim, msgspec.json.encode(body, order="sorted"))
    forged.save()

    found = audited(forged)

    assert "record-digest" in at(found, victim["seq"]), found[:4]
    assert "hash-chain" in at(found, _next_of_its_record(forged, victim))
    assert downstream in at(found, facts(forged, COMMITTED)[0]["seq"])


@pytest.mark.parametrize("what", ["commitment", "criteria"])
def test_given_a_respondent_changed_and_the_chain_recomputed_when_audited_then_its_part_is_named(
    forged, what
):
    _, change, downstream = CHANGES[what]
    parts = facts(forged, ENTERED)
    victim = parts[-1]

    seq = rewrite(forged, victim, change)
    found = audited(forged)

    assert "draw:pool-entered" in at(found, seq), found[:4]
    assert downstream in at(found, facts(forged, COMMITTED)[0]["seq"])
    assert len(parts) == 2 and "draw:pool-entered" in at(found, parts[0]["seq"])  # or the other
    assert not {"hash-chain", "record-digest"} & {v.rule for v in found}


def test_given_a_count_changed_and_the_chain_recomputed_when_audited_then_the_commitment_is_named(
    forged,
):
    committed = facts(forged, COMMITTED)[0]

    seq = rewrite(forged, committed, _add_to_a_count)
    found = audited(forged)

    [counts] = [v for v in found if v.seq == seq and v.rule == "draw:pool-counts"]
    assert "entered" in counts.found and "{" not in counts.found  # the counts, in words


def test_given_the_panel_changed_on_arrival_when_audited_then_the_arrival_is_named(forged):
    arrived = facts(forged, "assembly.panel_arrived.v1")[0]

    def swap(p: Payload) -> None:
        p["panel"][0], p["reserves"][0] = p["reserves"][0], p["panel"][0]

    seq = rewrite(forged, arrived, swap)
    found = audited(forged)

    assert {"draw:panel-arrived", "draw:reserves-arrived"} <= at(found, seq), found[:4]
