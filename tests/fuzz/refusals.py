"""What every fuzzed command must do: finish with 0, 1 or 2; on a refusal say why, print no
traceback, and leave the log as it was."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, settings

from tests.fuzz.world import Outcome, World, cli

# Bounded so that the whole fuzz suite stays well under a minute on two shared cores.
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def check(world: World, argv: list[str]) -> Outcome:
    """Run ``argv`` and check the outcome against the rules above."""
    before = world.last()
    outcome = cli(argv)  # an exception escaping here is a traceback: the test fails with it
    after = world.last()
    assert outcome.code in (0, 1, 2), outcome
    assert "Traceback" not in outcome.out + outcome.err, outcome
    if outcome.code == 0:
        return outcome
    assert after == before, f"refused with {outcome.code}, yet {after - before} event(s) appended"
    if "--json" in argv:
        assert json.loads(outcome.out.strip().splitlines()[-1])["ok"] is False, outcome
    else:
        assert outcome.err.strip(), f"refused with {outcome.code} and no message"
    return outcome
