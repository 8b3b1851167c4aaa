"""Committing a draw: one per assembly, the pool once, quotas checked before anything is
committed, tickets that meet the quotas, the randomness source still to come."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from core import pool as pools
from core.draw import commitment, rules
from core.draw.events import Beacon, PoolCommitted, PoolEntered
from core.draw.randomness import RandomnessRefused
from core.draw.state import folded
from core.sortition import lottery
from core.sortition.feasibility import QuotasInfeasible
from core.sortition.leximin import maximin
from core.sortition.model import Quota
from core.vocabulary import PARIS
from tests.core.draw.builders import (
    CLERK,
    COMMITTED_AT,
    DRAW_ID,
    SIZES,
    assembly,
    ceremony,
    committed,
    entries,
    quotas,
)


def opened():
    return folded(
        None,
        [
            rules.open_draw(
                assembly(), new_id=DRAW_ID, reserves=None, tickets=1000, at=COMMITTED_AT, by=CLERK
            )
        ],
    )


def with_pool():
    draw = opened()
    return folded(
        draw, rules.enter_pool(draw, entries(), vocabulary=PARIS, at=COMMITTED_AT, by=CLERK)
    )


def test_given_a_charter_when_opening_then_seats_and_reserves_follow_its_subpools():
    draw = opened()

    assert draw.seats == {"electoral-rolls": 8, "non-eu-residents": 2, "minors": 1}
    assert draw.reserves == {s: 3 * n for s, n in draw.seats.items()}


def test_given_an_assembly_bound_to_a_draw_when_opening_another_then_refused():
    bound, _ = committed()

    with pytest.raises(rules.DrawRefused, match=r"already bound to draw .*, committed: reveal it"):
        rules.open_draw(
            bound, new_id=uuid4(), reserves=None, tickets=1000, at=COMMITTED_AT, by=CLERK
        )


def test_given_a_pool_when_entered_then_the_log_gets_pseudonyms_and_the_merkle_root():
    facts = rules.enter_pool(opened(), entries(), vocabulary=PARIS, at=COMMITTED_AT, by=CLERK)

    entered = [f for f in facts if isinstance(f, PoolEntered)]
    root = facts[-1]
    assert isinstance(root, PoolCommitted)
    assert sum(len(f.respondents) for f in entered) == sum(SIZES.values())
    expected = pools.pool_commitment(
        (
            pools.Committed(
                respondent=pools.Respondent(
                    pseudonym=e.pseudonym, subpool=e.subpool, criteria=e.criteria
                ),
                commitment=bytes.fromhex(e.commitment),
            )
            for e in entries()
        ),
        PARIS,
    )
    assert root.root == expected.root.hex()
    assert root.counts["subpool"] == SIZES


def test_given_a_big_pool_when_entered_then_it_is_split_into_parts(monkeypatch):
    monkeypatch.setattr(rules, "ENTRIES_PER_EVENT", 7)

    facts = rules.enter_pool(opened(), entries(), vocabulary=PARIS, at=COMMITTED_AT, by=CLERK)

    parts = [f.part for f in facts if isinstance(f, PoolEntered)]
    assert parts == list(range(1, 1 + -(-sum(SIZES.values()) // 7)))
    assert [f.originator_version for f in facts] == list(range(2, 2 + len(facts)))


def test_given_too_few_respondents_for_the_seats_when_entering_then_refused():
    few = entries({"electoral-rolls": 40, "non-eu-residents": 1, "minors": 6})

    with pytest.raises(rules.DrawRefused, match="non-eu-residents"):
        rules.enter_pool(opened(), few, vocabulary=PARIS, at=COMMITTED_AT, by=CLERK)


def test_given_a_committed_pool_when_entering_again_then_refused():
    with pytest.raises(rules.OutOfOrder, match="already committed"):
        rules.enter_pool(with_pool(), entries(), vocabulary=PARIS, at=COMMITTED_AT, by=CLERK)


def test_given_quotas_no_panel_can_meet_when_committing_then_refused_with_a_relaxation():
    clash = (
        Quota(category="gender", value="f", min=6, max=8),
        Quota(category="gender", value="m", min=6, max=8),
    )

    with pytest.raises(QuotasInfeasible, match="Smallest relaxation"):
        rules.commit_quotas(with_pool(), "electoral-rolls", clash, at=COMMITTED_AT, by=CLERK)


def test_given_a_ticket_that_breaks_a_quota_when_committing_tickets_then_refused():
    draw = with_pool()
    q = rules.commit_quotas(
        draw, "electoral-rolls", quotas()["electoral-rolls"], at=COMMITTED_AT, by=CLERK
    )
    draw = folded(draw, [q])
    pool = rules.subpool(draw, "electoral-rolls")
    good = lottery.tickets_of(maximin(pool, q.quotas, 8), 1000)
    men = pool.types_with("gender", "m")
    bad = [0] * len(pool.types)
    for t in men:  # all seats to men, as far as they go
        bad[t] = min(pool.counts[t], 8 - sum(bad))
    tickets = sorted([*good[:-1], tuple(bad)])

    with pytest.raises(rules.DrawRefused, match="does not meet the quotas"):
        rules.commit_tickets(
            draw,
            "electoral-rolls",
            tickets,
            algorithm="maximin",
            version="t",
            optimum=0.1,
            at=COMMITTED_AT,
            by=CLERK,
        )


def test_given_too_few_tickets_when_committing_then_refused():
    draw = with_pool()
    q = rules.commit_quotas(draw, "minors", (), at=COMMITTED_AT, by=CLERK)
    draw = folded(draw, [q])
    tickets = lottery.tickets_of(maximin(rules.subpool(draw, "minors"), (), 1), 999)

    with pytest.raises(rules.DrawRefused, match="999 tickets for a lottery of 1000"):
        rules.commit_tickets(
            draw,
            "minors",
            tickets,
            algorithm="maximin",
            version="t",
            optimum=0.1,
            at=COMMITTED_AT,
            by=CLERK,
        )


def test_given_everything_committed_when_declaring_then_the_commitment_covers_it_all():
    _, facts = committed()
    draw = folded(None, facts[:-1])

    declared = facts[-1]

    assert declared.commitment == commitment.commitment(draw, None, ceremony())
    assert declared.dice == ceremony()


def test_given_a_declaration_when_the_assembly_is_bound_then_it_names_the_draw():
    bound, _ = committed()

    assert bound.draw == DRAW_ID


def test_given_a_ceremony_already_past_when_declaring_then_refused():
    _, facts = committed()
    draw = folded(None, facts[:-1])

    with pytest.raises(RandomnessRefused, match="not after this declaration"):
        rules.declare(
            draw, beacon=None, ceremony=ceremony(), at=COMMITTED_AT + timedelta(days=3), by=CLERK
        )


def test_given_a_drand_round_already_published_when_declaring_then_refused_with_the_next_round():
    _, facts = committed()
    draw = folded(None, facts[:-1])
    old = Beacon(
        chain="quicknet",
        chain_hash="52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971",
        round=123,
    )

    with pytest.raises(RandomnessRefused, match="declare a future round"):
        rules.declare(draw, beacon=old, ceremony=None, at=COMMITTED_AT, by=CLERK)


def test_given_an_unpinned_chain_when_declaring_then_refused():
    _, facts = committed()
    draw = folded(None, facts[:-1])
    forged = Beacon(chain="quicknet", chain_hash="00" * 32, round=10**9)

    with pytest.raises(RandomnessRefused, match="pinned as"):
        rules.declare(draw, beacon=forged, ceremony=None, at=COMMITTED_AT, by=CLERK)


def test_given_a_declaration_when_committing_more_then_the_commitments_are_closed():
    _, facts = committed()
    draw = folded(None, facts)

    with pytest.raises(rules.OutOfOrder, match="commitments are closed"):
        rules.commit_quotas(draw, "minors", (), at=COMMITTED_AT, by=CLERK)
