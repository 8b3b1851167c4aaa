"""A violation's line names its place once: a checkpoint's place is its log position."""

from core.audit.violation import Violation


def test_given_a_checkpoint_violation_when_shown_then_its_position_is_said_once() -> None:
    v = Violation(seq=2158, aggregate="#2158", rule="witness-quorum", expected="1", found="0")

    assert v.line() == "#2158: witness-quorum: expected 1; found 0"


def test_given_a_record_violation_when_shown_then_position_and_record() -> None:
    v = Violation(seq=7, aggregate="rec-1", rule="hash-chain", expected="a", found="b")

    assert v.line() == "#7 rec-1: hash-chain: expected a; found b"
