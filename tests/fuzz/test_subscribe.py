"""``assembly subscribe`` given arbitrary options (after --until-caught-up, so that it returns
and no option can swallow the flag as its value): events or a clean refusal, never a write."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.refusals import FUZZ, check

WORDS = [
    "--from", "--type", "--durable", "--count", "--json", "0", "1", "5", "-3", "x", "a.b",
    "member_seated", "assembly.member_seated.v1", "assembly.member_seated", "session", "",
    "fuzz-durable", "--help",
]  # fmt: skip


@settings(FUZZ, max_examples=50)
@given(args=st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=5))
def test_given_any_options_when_subscribing_then_events_or_a_clean_refusal(world, args) -> None:
    before = world.last()

    outcome = check(world, ["subscribe", "--until-caught-up", *args])

    assert world.last() == before
    assert outcome.code in (0, 2)
