"""Messages in words: the check every test's refusals pass through (tests/conftest.py) finds
the reprs it is meant to find, and collections are written as people write them."""

from __future__ import annotations

import pytest

from core.assembly.ballots.model import Tally
from core.assembly.membership.members import STANDING, Status
from core.text.words import counted, listed
from tests.support.words import reprs


@pytest.mark.parametrize(
    "message",
    [
        f"the count {Tally(in_favour=1, against=2, abstentions=0)} differs",
        f"ele-001 is {Status.WITHDREW!r}",
        f"ele-001 is {Status.WITHDREW}",
        f"sub-pools {['foreigners']} are unknown",
        f"reserves {dict(minors=-1)} must be counts",
        f"no seats {[]}",
    ],
)
def test_given_a_python_repr_in_a_message_when_checked_then_it_is_found(message) -> None:
    found = reprs(message)

    assert found


@pytest.mark.parametrize(
    "message",
    [
        "the ballot on 'Invite (the) mayor' is closed",
        "the count (1 in favour, 2 against, 0 abstentions) differs from the recorded votes",
        "ele-001 cannot accept: they declined, and only a member who is invited can",
        "the title “Status.SEATED [x]” is fine when quoted",
    ],
)
def test_given_a_message_in_words_when_checked_then_nothing_is_found(message) -> None:
    found = reprs(message)

    assert found == []


def test_given_collections_when_written_then_in_words() -> None:
    assert listed(["a"]) == "a"
    assert listed(["a", "b", "c"]) == "a, b and c"
    assert listed([]) == "none"
    assert counted({"minors": 5, "electoral-rolls": 80}) == "electoral-rolls 80, minors 5"


def test_every_standing_reads_after_they() -> None:
    assert set(STANDING) == set(Status)
    assert "they are withdrew" not in {f"they {s}" for s in STANDING.values()}


def test_given_a_json_path_in_a_message_when_checked_then_it_is_not_a_repr() -> None:
    found = reprs("panel.json is not a panel: Object missing field `subpool` - at `$.panel[0]`")

    assert found == []
