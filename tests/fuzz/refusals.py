"""What every fuzzed command must do: finish with 0, 1 or 2; on a refusal say why, print no
traceback, and leave the log as it was (but for what the message says was kept)."""

from __future__ import annotations

import json
import re

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
    message = outcome.out if "--json" in argv else outcome.err
    if "--json" in argv:
        assert json.loads(outcome.out.strip().splitlines()[-1])["ok"] is False, outcome
    assert message.strip(), f"refused with {outcome.code} and no message"
    # `member seat A B C` keeps the seats before a refusal, and says how many (README).
    kept = re.search(r"seated (\d+) of \d+ before this refusal", message)
    appended = int(kept.group(1)) if kept else 0
    assert after - before == appended, f"refused with {outcome.code}: {after - before} appended"
    return outcome
