"""Attacks that keep the log's form intact: a forger rewrites facts in an honest export of a
year drawn by lot, re-encodes them canonically and recomputes the hash chain (no checkpoint
was kept outside). Only the domain replay can tell — and it names the rule each breaks."""

from __future__ import annotations

from typing import Any

import msgspec

from core.audit.violation import Violation
from services.application.audit.export import ExportFile
from services.application.audit.verify import full_audit
from tests.audit.drawn import (
    RESERVE_CALLED,
    Payload,
    audited,
    facts,
    members,
    named,
    payload,
    rewrite,
)
from tests.audit.tamper import Export, header, rechain, renumber, set_data, set_header


def test_given_the_honest_drawn_year_when_fully_audited_then_everything_holds(forged):
    assert audited(forged) == []


def test_given_a_vote_moved_to_a_member_never_seated_when_audited_then_named(forged):
    seated = set(members(forged, "assembly.member_seated.v1"))
    reserve = next(
        d["pseudonym"]
        for r in facts(forged, "assembly.panel_arrived.v1")
        for d in payload(r)["reserves"]
        if d["pseudonym"] not in seated
    )
    vote = facts(forged, "assembly.vote_cast.v1")[0]

    seq = rewrite(forged, vote, lambda p: p.update(member=reserve, by=f"member:{reserve}"))

    assert named(forged, seq) == {"only seated members"}


def test_given_a_second_vote_by_the_same_member_when_audited_then_named(forged):
    votes = facts(forged, "assembly.vote_cast.v1")
    first, second = votes[0], votes[1]
    assert payload(first)["ballot"] == payload(second)["ballot"]
    twice = payload(first)["member"]

    seq = rewrite(forged, second, lambda p: p.update(member=twice, by=f"member:{twice}"))

    assert len(named(forged, seq)) == 1


def test_given_a_failed_ballot_recorded_as_adopted_when_audited_then_the_outcome_is_named(forged):
    failed = next(
        r
        for r in facts(forged, "assembly.ballot_closed.v1")
        if not payload(r)["outcome"]["adopted"]
    )

    seq = rewrite(forged, failed, lambda p: p["outcome"].update(adopted=True))

    assert named(forged, seq) == {"as-decided:ballot_closed"}


def test_given_an_unadopted_text_submitted_when_audited_then_refused(forged):
    rejected = payload(facts(forged, "assembly.amendment_rejected.v1")[0])["amendment"]
    submission = facts(forged, "assembly.recommendations_submitted.v1")[0]

    seq = rewrite(forged, submission, lambda p: p["recommendations"].append(rejected))

    assert named(forged, seq) == {"recommendations"}


def test_given_a_reserve_other_than_the_rule_designates_when_audited_then_named(forged):
    called = facts(forged, RESERVE_CALLED)[0]
    taken = {payload(r)["reserve"] for r in facts(forged, RESERVE_CALLED)}
    other = next(
        d["pseudonym"]
        for r in facts(forged, "assembly.panel_arrived.v1")
        for d in payload(r)["reserves"]
        if d["pseudonym"] not in taken
    )

    seq = rewrite(forged, called, lambda p: p.update(reserve=other))

    assert "as-decided:reserve_called" in named(forged, seq)


def test_given_a_respondent_swapped_after_the_pool_commitment_when_audited_then_named(forged):
    part = facts(forged, "assembly.pool_entered.v1")[0]

    def swap(p: Payload) -> None:
        p["respondents"][0][3] = "00" * 32  # the commitment of the first respondent

    seq = rewrite(forged, part, swap)
    found = audited(forged)

    assert any(v.rule == "draw:pool-commitment" for v in found), found[:3]
    assert any(v.rule == "draw:pool-entered" and v.seq == seq for v in found), found[:3]


def test_given_a_seed_not_from_the_revealed_dice_when_audited_then_named(forged):
    revealed = facts(forged, "assembly.randomness_revealed.v1")[0]

    seq = rewrite(forged, revealed, lambda p: p.update(seed="ab" * 32))

    assert "draw:seed" in named(forged, seq)


def test_given_a_panel_not_the_one_the_seed_draws_when_audited_then_named(forged):
    drawn = facts(forged, "assembly.panel_drawn.v1")[0]

    def swap(p: Payload) -> None:
        p["panel"][0], p["reserves"][0] = p["reserves"][0], p["panel"][0]

    seq = rewrite(forged, drawn, swap)

    assert {"draw:panel", "draw:reserve-order"} <= named(forged, seq)


def test_given_a_phone_number_in_a_decline_reason_when_audited_then_named(forged):
    declined = facts(forged, "assembly.invitation_declined.v1")[0]

    seq = rewrite(forged, declined, lambda p: p.update(reason="call me: 06 12 34 56 78"))

    assert named(forged, seq) == {"personal-data"}


def test_given_an_acceptance_replayed_at_the_end_when_audited_then_refused(forged):
    accepted = facts(forged, "assembly.invitation_accepted.v1")[0]
    aggregate = str(header(accepted, "Assembly-Id"))
    last = forged.events_of(aggregate)[-1]
    version = int(header(last, "Assembly-Version") or 0) + 1
    replay = msgspec.json.decode(msgspec.json.encode(accepted))
    body = payload(accepted)
    body["originator_version"] = version
    set_data(replay, msgspec.json.encode(body, order="sorted"))
    set_header(replay, "Assembly-Version", str(version))
    set_header(replay, "Nats-Msg-Id", f"{aggregate}:{version}")
    forged.records.append(replay)
    renumber(forged)
    rechain(forged, aggregate)
    forged.save()

    assert any("accept" in v.found for v in audited(forged) if v.seq == replay["seq"])


def test_given_a_forged_log_when_replayed_in_a_second_process_then_the_same_verdict(forged):
    vote = facts(forged, "assembly.vote_cast.v1")[3]
    rewrite(forged, vote, lambda p: p.update(member="ghost", by="member:ghost"))

    def verdict(apart: bool) -> list[Violation]:
        source = ExportFile(forged.path)
        try:
            return full_audit(source, apart=apart).violations
        finally:
            source.close()

    assert verdict(apart=True) == verdict(apart=False) != []


def _other_reserve(export: Export) -> str:
    taken = {payload(r)["reserve"] for r in facts(export, RESERVE_CALLED)}
    return next(
        d["pseudonym"]
        for r in facts(export, "assembly.panel_arrived.v1")
        for d in payload(r)["reserves"]
        if d["pseudonym"] not in taken and d["subpool"] == "electoral-rolls"
    )


def _kept_call(export: Export) -> dict[str, Any]:
    return next(r for r in facts(export, RESERVE_CALLED) if payload(r)["keeps_quotas"])


def test_given_a_call_that_kept_the_quotas_recorded_as_a_breach_when_audited_then_named(forged):
    called = _kept_call(forged)
    false_breach = [{"category": "gender", "value": "f", "min": 1, "max": 2, "holding": 3}]

    seq = rewrite(
        forged, called, lambda p: p.update(keeps_quotas=False, breach=1, breached=false_breach)
    )

    assert named(forged, seq) == {"as-decided:reserve_called"}


def test_given_a_call_stored_in_its_v1_form_when_audited_then_its_reserve_is_re_derived(forged):
    called = _kept_call(forged)
    other = _other_reserve(forged)  # before the call is renamed: it must count as taken
    headers = called["headers"]
    set_header(called, "Assembly-Topic", "assembly.reserve_called.v1")
    try:
        honest = rewrite(
            forged, called, lambda p: [p.pop(k) for k in ("keeps_quotas", "breach", "breached")]
        )
        assert named(forged, honest) == set()

        seq = rewrite(forged, called, lambda p: p.update(reserve=other))

        assert named(forged, seq) == {"as-decided:reserve_called"}
    finally:
        called["headers"] = headers  # the export is shared by the module's tests


def test_given_an_answer_dated_before_its_submission_when_audited_then_time_order_is_named(
    forged,
):
    submitted = payload(facts(forged, "assembly.recommendations_submitted.v1")[0])["at"]
    answer = facts(forged, "assembly.executive_responded.v1")[0]
    assert submitted == "2025-12-10T10:00:00Z"

    seq = rewrite(forged, answer, lambda p: p.update(at="2025-11-30T10:00:00Z"))

    assert named(forged, seq) == {"time-order"}
    [violation] = [v for v in audited(forged) if v.seq == seq]
    assert "it was submitted at 2025-12-10T10:00:00Z" in violation.found


def test_given_an_acceptance_dated_before_the_panel_arrived_when_audited_then_named(forged):
    arrived = payload(facts(forged, "assembly.panel_arrived.v1")[0])["at"]
    accepted = facts(forged, "assembly.invitation_accepted.v1")[0]

    seq = rewrite(forged, accepted, lambda p: p.update(at="2025-01-14T09:00:00Z"))

    [violation] = [v for v in audited(forged) if v.seq == seq]
    assert violation.rule == "time-order"
    assert violation.found.endswith(
        f"the panel arrived at {arrived}; an answer comes after the invitation"
    )


def test_given_a_fact_dated_after_it_was_stored_when_audited_then_future_dated_is_named(forged):
    last = facts(forged, "assembly.implementation_reported.v1")[-1]

    seq = rewrite(forged, last, lambda p: p.update(at="2099-01-01T00:00:00Z"))

    assert named(forged, seq) == {"future-dated"}


def test_given_a_vote_forged_by_another_member_when_audited_then_who_may_act_is_named(forged):
    votes = facts(forged, "assembly.vote_cast.v1")
    vote, other = votes[0], payload(votes[1])["member"]
    assert payload(vote)["by"] == f"member:{payload(vote)['member']}"

    seq = rewrite(forged, vote, lambda p: p.update(by=f"member:{other}"))

    found = [v for v in audited(forged) if v.seq == seq]
    assert [v.rule for v in found] == ["who-may-act"]
    assert f"member:{other} may not record" in found[0].found


def test_given_a_vote_forged_by_the_clerk_when_audited_then_who_may_act_is_named(forged):
    vote = facts(forged, "assembly.vote_cast.v1")[3]

    seq = rewrite(forged, vote, lambda p: p.update(by="clerk:greffe"))

    assert named(forged, seq) == {"who-may-act"}


def test_given_a_fact_whose_actor_is_an_e_mail_address_when_audited_then_named(forged):
    opened = facts(forged, "assembly.session_opened.v1")[0]

    seq = rewrite(forged, opened, lambda p: p.update(by="jeanne.martin@example.org"))

    found = [v for v in audited(forged) if v.seq == seq]
    assert {v.rule for v in found} == {"personal-data", "who-may-act"}
    assert any("jeanne.martin@example.org" in v.found for v in found)


def test_given_an_attendance_moved_to_the_cancelled_session_when_audited_then_named(forged):
    [cancelled] = [payload(r)["session"] for r in facts(forged, "assembly.session_cancelled.v1")]
    attendance = facts(forged, "assembly.attendance_recorded.v1")[-1]

    seq = rewrite(forged, attendance, lambda p: p.update(session=cancelled))

    [violation] = [v for v in audited(forged) if v.seq == seq]
    assert violation.rule == "sessions"
    assert "'Site visit' was cancelled (the venue closed for safety works)" in violation.line()


def test_given_training_attendance_dated_before_the_training_starts_when_audited_then_named(
    forged,
):
    attended = facts(forged, "assembly.training_attended.v1")[0]
    training = payload(attended)["training"]
    [scheduled] = [
        r
        for r in facts(forged, "assembly.training_scheduled.v1")
        if payload(r)["training"] == training
    ]
    starts = payload(scheduled)["starts_at"]
    before = starts.replace("T18:", "T17:")
    assert before != starts

    seq = rewrite(forged, attended, lambda p: p.update(at=before))

    assert named(forged, seq) == {"time-order"}


def test_given_training_attendance_of_a_member_never_seated_when_audited_then_named(forged):
    seated = set(members(forged, "assembly.member_seated.v1"))
    reserve = next(
        d["pseudonym"]
        for r in facts(forged, "assembly.panel_arrived.v1")
        for d in payload(r)["reserves"]
        if d["pseudonym"] not in seated
    )
    attended = facts(forged, "assembly.training_attended.v1")[0]

    seq = rewrite(forged, attended, lambda p: p.update(member=reserve))

    assert named(forged, seq) == {"only seated members"}
