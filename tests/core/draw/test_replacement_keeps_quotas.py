"""A replacement after a withdrawal follows the committed rule and keeps the quotas."""

from __future__ import annotations

from core.assembly import membership
from core.assembly.members import Status
from core.assembly.state import project
from core.sortition.model import Quota
from tests.core.draw.builders import CEREMONY_AT, CLERK, drawn


def seated_panel():
    bound, draw, _, arrived = drawn()
    return project(bound, arrived), draw


def test_given_a_withdrawal_when_replacing_then_the_first_reserve_that_keeps_the_quotas_is_called():
    a, draw = seated_panel()
    leaving = next(
        m
        for m in a.members.values()
        if m.subpool == "electoral-rolls" and m.status is Status.INVITED
    )
    a = project(
        a, [membership.decline(a, leaving.pseudonym, "moving away", at=CEREMONY_AT, by=CLERK)]
    )
    quotas = draw.quotas["electoral-rolls"].quotas

    called = membership.call_reserve(a, leaving.pseudonym, quotas=quotas, at=CEREMONY_AT, by=CLERK)

    reserves = sorted(
        (
            m
            for m in a.members.values()
            if m.status is Status.RESERVE and m.subpool == "electoral-rolls"
        ),
        key=lambda m: m.reserve_rank,
    )
    first_keeping = next(m for m in reserves if membership.keeps_quotas(a, leaving, m, quotas))
    assert called.reserve == first_keeping.pseudonym


def test_given_a_quota_at_its_bound_when_replacing_then_a_reserve_that_breaks_it_is_passed_over():
    a, _ = seated_panel()
    leaving = next(
        m
        for m in a.members.values()
        if m.subpool == "electoral-rolls" and m.status is Status.INVITED
    )
    a = project(
        a, [membership.decline(a, leaving.pseudonym, "moving away", at=CEREMONY_AT, by=CLERK)]
    )
    value = leaving.criteria["gender"]
    holding = (
        sum(
            1
            for m in a.members.values()
            if m.subpool == "electoral-rolls"
            and m.status is Status.INVITED
            and m.criteria["gender"] == value
        )
        + 1
    )
    tight = (Quota(category="gender", value=value, min=holding, max=holding),)

    called = membership.call_reserve(a, leaving.pseudonym, quotas=tight, at=CEREMONY_AT, by=CLERK)

    assert a.members[called.reserve].criteria["gender"] == value


def test_given_no_reserve_can_keep_the_quotas_when_replacing_then_the_least_breach_is_called():
    a, _ = seated_panel()
    leaving = next(
        m
        for m in a.members.values()
        if m.subpool == "electoral-rolls" and m.status is Status.INVITED
    )
    a = project(a, [membership.decline(a, leaving.pseudonym, "too busy", at=CEREMONY_AT, by=CLERK)])
    reserves = sorted(
        (
            m
            for m in a.members.values()
            if m.subpool == "electoral-rolls" and m.status is Status.RESERVE
        ),
        key=lambda m: m.reserve_rank,
    )
    gender = leaving.criteria["gender"]
    # an exact count of the leaving member's gender and of their age band: few reserves
    # match both, and the rule must still pick one deterministically
    held = (
        sum(
            1
            for m in a.members.values()
            if m.subpool == "electoral-rolls"
            and m.status is Status.INVITED
            and m.criteria["gender"] == gender
        )
        + 1
    )
    held_age = (
        sum(
            1
            for m in a.members.values()
            if m.subpool == "electoral-rolls"
            and m.status is Status.INVITED
            and m.criteria["age_band"] == leaving.criteria["age_band"]
        )
        + 1
    )
    impossible = (
        Quota(category="gender", value=gender, min=held, max=held),
        Quota(category="age_band", value=leaving.criteria["age_band"], min=held_age, max=held_age),
    )

    called = membership.call_reserve(
        a, leaving.pseudonym, quotas=impossible, at=CEREMONY_AT, by=CLERK
    )

    least = min(membership.breach(a, leaving, m, impossible) for m in reserves)
    first_least = next(m for m in reserves if membership.breach(a, leaving, m, impossible) == least)
    assert called.reserve == first_least.pseudonym
    assert (least == 0) == any(membership.keeps_quotas(a, leaving, m, impossible) for m in reserves)
