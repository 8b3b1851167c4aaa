"""The domain replayed: an honest year passes; each forged fact is named by the rule it breaks."""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from core.assembly.ballots.facts import BallotClosed, BallotOpened, VoteCast
from core.assembly.ballots.model import Choice
from core.assembly.charter import Secrecy
from core.assembly.followup.facts import RecommendationsSubmitted
from core.assembly.membership.facts import InvitationAccepted, ReserveCalled
from core.assembly.membership.members import Status
from core.assembly.recommendations.facts import AmendmentRejected
from core.audit.replay import DomainAudit
from core.audit.violation import Violation
from core.draw.events import PanelDrawn, PoolEntered, RandomnessRevealed
from core.events import Event
from tests.audit.honest import honest_year

replace = msgspec.structs.replace
Log = list[tuple[int, Event]]


def audited(log: Log) -> list[Violation]:
    audit = DomainAudit()
    found = [v for seq, event in log for v in audit.feed(seq, event)]
    return found + audit.finish()


def rules(log: Log) -> set[str]:
    return {v.rule for v in audited(log)}


def changed(
    log: Log, pick: Callable[[Event], bool], change: Callable[[Event], Event], nth: int = 0
) -> Log:
    hits = [i for i, (_, e) in enumerate(log) if pick(e)]
    i = hits[nth]
    seq, event = log[i]
    return [*log[:i], (seq, change(event)), *log[i + 1 :]]


def final_state(log: Log):
    audit = DomainAudit()
    for seq, event in log:
        audit.feed(seq, event)
    return audit


def test_given_an_honest_year_when_replayed_then_every_fact_is_lawful():
    log = list(honest_year())

    assert audited(log) == []


def test_given_a_vote_by_a_member_not_seated_when_replayed_then_refused_by_the_voting_rule():
    log = list(honest_year())
    state = next(iter(final_state(log).assemblies.values()))
    outsider = next(m.pseudonym for m in state.members.values() if m.status is Status.RESERVE)

    forged = changed(
        log,
        lambda e: isinstance(e, VoteCast),
        lambda e: replace(e, member=outsider, by=f"member:{outsider}"),
    )

    found = [v for v in audited(forged) if outsider in v.found]
    assert found and found[0].rule not in ("as-decided", "")


def test_given_a_double_vote_when_replayed_then_refused():
    log = list(honest_year())
    first = next(e for _, e in log if isinstance(e, VoteCast))

    forged = changed(
        log,
        lambda e: isinstance(e, VoteCast) and e.ballot == first.ballot,
        lambda e: replace(e, member=first.member, by=first.by),
        nth=1,
    )

    assert any("already" in v.found and first.member in v.found for v in audited(forged))


def _secret_ballot(log: Log):
    return next(
        e.ballot for _, e in log if isinstance(e, BallotOpened) and e.secrecy is Secrecy.SECRET
    )


def test_given_a_choice_recorded_in_a_secret_ballot_when_replayed_then_named():
    log = list(honest_year())
    secret = _secret_ballot(log)

    forged = changed(
        log,
        lambda e: isinstance(e, VoteCast) and e.ballot == secret,
        lambda e: replace(e, choice=Choice.AGAINST),
    )

    found = [v for v in audited(forged) if v.rule == "secret ballot"]
    assert len(found) == 1 and "without a choice" in found[0].found


def test_given_a_secret_tally_that_does_not_add_up_to_who_took_part_when_replayed_then_named():
    log = list(honest_year())
    secret = _secret_ballot(log)

    def padded(e):
        t = e.outcome.tally
        return replace(e, outcome=replace(e.outcome, tally=replace(t, against=t.against + 1)))

    forged = changed(log, lambda e: isinstance(e, BallotClosed) and e.ballot == secret, padded)

    assert any("members took part" in v.found for v in audited(forged))


def test_given_a_failed_ballot_recorded_as_adopted_when_replayed_then_the_outcome_is_named():
    log = list(honest_year())

    def adopted(e: Event) -> Event:
        return replace(e, outcome=replace(e.outcome, adopted=True))

    forged = changed(log, lambda e: isinstance(e, BallotClosed) and not e.outcome.adopted, adopted)

    assert "as-decided:ballot_closed" in rules(forged)


def test_given_a_rejected_amendments_text_submitted_when_replayed_then_refused():
    log = list(honest_year())
    rejected = next(e.amendment for _, e in log if isinstance(e, AmendmentRejected))

    forged = changed(
        log,
        lambda e: isinstance(e, RecommendationsSubmitted),
        lambda e: replace(e, recommendations=(*e.recommendations, rejected)),
    )

    found = [v for v in audited(forged) if str(rejected) in v.found]
    assert found and found[0].rule == "recommendations"
    assert "no recommendation" in found[0].found or "not" in found[0].found


def test_given_a_replayed_acceptance_when_replayed_then_refused():
    log = list(honest_year())
    i, (_, accepted) = next(
        (i, x) for i, x in enumerate(log) if isinstance(x[1], InvitationAccepted)
    )
    later = next(
        j for j in range(i + 1, len(log)) if log[j][1].originator_id == accepted.originator_id
    )
    version = log[later][1].originator_version
    again = replace(accepted, originator_version=version)

    forged = [*log[:later], (log[later][0], again), *log[later + 1 :]]

    assert any(accepted.member in v.found and "accept" in v.found for v in audited(forged))


def test_given_a_reserve_not_the_one_the_rule_designates_when_replayed_then_named():
    log = list(honest_year())
    state = next(iter(final_state(log).assemblies.values()))
    called = next(e for _, e in log if isinstance(e, ReserveCalled))
    other = next(
        m.pseudonym
        for m in state.members.values()
        if m.status is Status.RESERVE and m.subpool == state.members[called.replaces].subpool
    )

    forged = changed(
        log, lambda e: isinstance(e, ReserveCalled), lambda e: replace(e, reserve=other)
    )

    assert "as-decided:reserve_called" in rules(forged)


def test_given_a_call_that_misstates_how_it_stood_against_the_quotas_when_replayed_then_named():
    log = list(honest_year())

    def misstated(e: ReserveCalled) -> ReserveCalled:
        if e.keeps_quotas:  # claims a breach that was not there
            return replace(e, keeps_quotas=False, breach=1, breached=())
        return replace(e, keeps_quotas=True, breach=0, breached=())  # hides the breach

    forged = changed(log, lambda e: isinstance(e, ReserveCalled), misstated)

    assert "as-decided:reserve_called" in rules(forged)


def test_given_the_pool_changed_after_its_commitment_when_replayed_then_the_draw_fails():
    log = list(honest_year())

    def moved(e: Event) -> Event:
        first = e.respondents[0]
        return replace(e, respondents=(replace(first, commitment="00" * 32), *e.respondents[1:]))

    forged = changed(log, lambda e: isinstance(e, PoolEntered), moved)

    assert "draw:pool-commitment" in rules(forged)


def test_given_a_seed_not_from_the_revealed_material_when_replayed_then_the_draw_fails():
    log = list(honest_year())

    forged = changed(
        log, lambda e: isinstance(e, RandomnessRevealed), lambda e: replace(e, seed="11" * 32)
    )

    assert "draw:seed" in rules(forged)


def test_given_a_panel_not_the_derived_one_when_replayed_then_the_draw_fails():
    log = list(honest_year())

    def swapped(e: Event) -> Event:
        return replace(
            e, panel=(e.reserves[0], *e.panel[1:]), reserves=(e.panel[0], *e.reserves[1:])
        )

    forged = changed(log, lambda e: isinstance(e, PanelDrawn), swapped)

    assert "draw:panel" in rules(forged)
