"""The auditor's re-derivation: an honest draw verifies; each kind of tampering is named."""

from __future__ import annotations

import msgspec

from core.assembly.membership.members import Drawn
from core.draw.events import (
    Entry,
    PanelDrawn,
    PoolCommitted,
    PoolEntered,
    QuotasCommitted,
    RandomnessDeclared,
    RandomnessRevealed,
    TicketsCommitted,
)
from core.draw.verify import verify
from core.sortition.model import Quota
from core.vocabulary import PARIS
from tests.core.draw.builders import drawn

replace = msgspec.structs.replace


def honest():
    _, _, facts, arrived = drawn()
    return facts, arrived


def rules_broken(facts, arrived) -> set[str]:
    return {v.rule for v in verify(facts, arrived, vocabulary=PARIS)}


def swap(facts, kind, change):
    i = next(i for i, f in enumerate(facts) if isinstance(f, kind))
    return [*facts[:i], change(facts[i]), *facts[i + 1 :]]


def test_given_an_honest_draw_when_verified_then_nothing_is_wrong():
    facts, arrived = honest()

    assert verify(facts, arrived, vocabulary=PARIS) == []


def test_given_a_respondent_changed_after_the_commitment_when_verified_then_the_pool_root_fails():
    facts, arrived = honest()

    def older(e: PoolEntered) -> PoolEntered:
        first = e.respondents[0]
        moved = Entry(
            pseudonym=first.pseudonym,
            subpool=first.subpool,
            criteria={
                **first.criteria,
                "age_band": "65+" if first.criteria["age_band"] != "65+" else "25-34",
            },
            commitment=first.commitment,
        )
        return replace(e, respondents=(moved, *e.respondents[1:]))

    assert "pool-counts" in rules_broken(
        swap(facts, PoolEntered, older), arrived
    ) or "pool-commitment" in rules_broken(swap(facts, PoolEntered, older), arrived)


def test_given_a_commitment_swapped_when_verified_then_the_pool_commitment_fails():
    facts, arrived = honest()

    def forged(e: PoolEntered) -> PoolEntered:
        first = e.respondents[0]
        return replace(e, respondents=(replace(first, commitment="ab" * 32), *e.respondents[1:]))

    assert "pool-commitment" in rules_broken(swap(facts, PoolEntered, forged), arrived)


def test_given_quotas_changed_after_the_declaration_when_verified_then_the_commitment_fails():
    facts, arrived = honest()

    def looser(q: QuotasCommitted) -> QuotasCommitted:
        return replace(
            q, quotas=(*q.quotas, Quota(category="education", value="bac", min=0, max=8))
        )

    assert "commitment" in rules_broken(swap(facts, QuotasCommitted, looser), arrived)


def test_given_a_ticket_list_rewritten_when_verified_then_its_digest_fails():
    facts, arrived = honest()

    def rewritten(t: TicketsCommitted) -> TicketsCommitted:
        return replace(
            t,
            counts=(t.counts[0] + 1, *t.counts[1:-1], t.counts[-1] - 1)
            if len(t.counts) > 1
            else t.counts,
            panels=t.panels[::-1],
        )

    assert "ticket-list-digest" in rules_broken(swap(facts, TicketsCommitted, rewritten), arrived)


def test_given_a_seed_not_from_the_revealed_material_when_verified_then_the_seed_fails():
    facts, arrived = honest()

    broken = rules_broken(
        swap(facts, RandomnessRevealed, lambda r: replace(r, seed="00" * 32)), arrived
    )

    assert "seed" in broken


def test_given_a_panel_not_the_derived_one_when_verified_then_the_panel_fails():
    facts, arrived = honest()

    def other(d: PanelDrawn) -> PanelDrawn:
        return replace(
            d, panel=(d.reserves[0], *d.panel[1:]), reserves=(d.panel[0], *d.reserves[1:])
        )

    broken = rules_broken(swap(facts, PanelDrawn, other), arrived)

    assert {"panel", "reserve-order"} <= broken


def test_given_a_commitment_after_the_declaration_when_verified_then_timing_fails():
    facts, arrived = honest()
    i = next(i for i, f in enumerate(facts) if isinstance(f, RandomnessDeclared))
    late = facts[i - 1]
    reordered = [*facts[: i - 1], facts[i], late, *facts[i + 1 :]]

    assert "commit-before-randomness" in rules_broken(reordered, arrived)


def test_given_a_different_panel_handed_to_the_assembly_when_verified_then_the_arrival_fails():
    facts, arrived = honest()
    stranger = Drawn(pseudonym="ele-999", subpool="electoral-rolls", criteria={})
    forged = replace(arrived[0], panel=(stranger, *arrived[0].panel[1:]))

    assert "panel-arrived" in rules_broken(facts, [forged])


def test_given_probabilities_misreported_when_verified_then_they_fail():
    facts, arrived = honest()

    def inflated(d: PanelDrawn) -> PanelDrawn:
        return replace(d, chances=(d.chances[0] + 1, *d.chances[1:]))

    assert "probabilities" in rules_broken(swap(facts, PanelDrawn, inflated), arrived)


def test_given_a_commitment_swapped_when_verified_then_the_part_entered_is_named_too():
    facts, arrived = honest()
    part = next(f for f in facts if isinstance(f, PoolEntered))

    def forged(e: PoolEntered) -> PoolEntered:
        first = e.respondents[0]
        return replace(e, respondents=(replace(first, commitment="ab" * 32), *e.respondents[1:]))

    found = verify(swap(facts, PoolEntered, forged), arrived, vocabulary=PARIS)

    assert {(v.version, v.rule) for v in found} >= {
        (part.originator_version, "pool-entered"),
        (part.originator_version + 1, "pool-commitment"),
    }


def test_given_a_count_changed_in_the_commitment_when_verified_then_the_counts_differing_are_said():
    facts, arrived = honest()

    def more(c: PoolCommitted) -> PoolCommitted:
        return replace(c, counts={**c.counts, "gender": {**c.counts["gender"], "x": 99}})

    found = verify(swap(facts, PoolCommitted, more), arrived, vocabulary=PARIS)

    [counts] = [v for v in found if v.rule == "pool-counts"]
    assert counts.found.startswith("committed gender=x 99, entered ")
    assert "{" not in counts.found


def test_given_a_ticket_outside_the_quotas_when_verified_then_the_quota_broken_is_said():
    facts, arrived = honest()

    def short(t: TicketsCommitted) -> TicketsCommitted:
        first = t.panels[0]
        return replace(t, panels=(first[1:], *t.panels[1:]))  # one type's seats gone

    found = verify(swap(facts, TicketsCommitted, short), arrived, vocabulary=PARIS)

    quotas = [v.found for v in found if v.rule == "ticket-quotas"]
    assert quotas and "seats, for" in quotas[0]


def test_given_a_different_panel_handed_over_when_verified_then_the_arrival_is_told_as_such():
    facts, arrived = honest()
    stranger = Drawn(pseudonym="ele-999", subpool="electoral-rolls", criteria={})
    forged = replace(arrived[0], panel=(stranger, *arrived[0].panel[1:]))

    [v] = [v for v in verify(facts, [forged], vocabulary=PARIS) if v.rule == "panel-arrived"]

    assert v.arrival and v.version == forged.originator_version
