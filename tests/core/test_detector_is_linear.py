"""The personal-data detector examines a number of bytes linear in the payload, whatever it
holds: an adversary who can write a long text cannot make the audit of the record infeasible.
The work is counted (core.text.detector.Meter), never timed."""

from __future__ import annotations

import contextlib
import re
from re import _parser as parser  # type: ignore[attr-defined]

import pytest

from core.audit import personal
from core.text import detector
from core.text.check import TextRefused, check_text
from core.text.detector import Meter
from core.text.limits import LIMITS

N = 120_000
ADVERSARIAL = {
    "a run of word characters": b"a" * N,
    "a run of word characters before an @": b"a" * N + b"@x",
    "many @": b"@" * N,
    "a@ repeated": b"a@" * (N // 2),
    "a.b@ repeated": b"a.b@c" * (N // 5),
    "nested addresses": b"a@b.c@d.e@" * (N // 10),
    "a long domain": b"x@" + b"a." * (N // 2),
    "a long run of digits": b"0" * N,
    "phone-like digits": b"06 12 " * (N // 6),
    "a long run of spaces": b" " * N,
    "numbers before ways": b"1 1, 12 bis " * (N // 12),
    "a canonical payload": b'{"by":"clerk:greffe","reason":"' + b"x@y" * (N // 3) + b'"}',
}
SMALL_CONSTANT = 4  # bytes examined per byte of payload, all scans together


@pytest.mark.parametrize("payload", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_given_an_adversarial_payload_when_scanned_then_the_work_is_linear(payload: bytes) -> None:
    meter = Meter()

    personal.found(payload, meter)

    assert meter.examined <= SMALL_CONSTANT * len(payload)


@pytest.mark.parametrize("payload", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_given_an_adversarial_text_when_scanned_for_names_then_the_work_is_linear(
    payload: bytes,
) -> None:
    text = payload.decode()
    meter = Meter()

    detector.births(text, meter)
    detector.titled_names(text, meter)

    assert meter.examined <= 2 * len(text)


def test_given_doubling_the_at_signs_then_the_work_at_most_doubles() -> None:
    small, large = Meter(), Meter()

    detector.emails(b"ab@" * 10_000, small)
    detector.emails(b"ab@" * 20_000, large)

    assert large.examined <= 2 * small.examined + 2


@pytest.mark.parametrize("pattern", detector.BOUNDED, ids=lambda p: p.pattern[:30])
def test_given_each_pattern_then_its_width_is_bounded(pattern: re.Pattern[bytes]) -> None:
    """A pattern of bounded width costs at most its width at each start position."""
    _, high = parser.parse(pattern.pattern, pattern.flags).getwidth()

    assert high <= 600


def test_given_the_old_quadratic_shape_then_the_address_is_still_found() -> None:
    payload = b"x" * 1_000 + b" write to jeanne.martin@example.org"

    assert personal.found(payload) == ["e-mail address 'jeanne.martin@example.org'"]


@pytest.mark.parametrize("payload", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_given_an_adversarial_text_when_checked_before_recording_then_the_work_is_linear(
    payload: bytes,
) -> None:
    text = payload.decode()[:20_000]  # a recommendation's text at most
    meter = Meter()

    with contextlib.suppress(TextRefused):  # a refusal stops early: less work, never more
        check_text("text", text, LIMITS["text"], meter)

    assert meter.examined <= 2 * SMALL_CONSTANT * len(text.encode())
