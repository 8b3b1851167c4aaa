"""Time order: every fact is dated after the facts it depends on, and none after "now".

A clerk often records an act after it happened (``--at``), so the order of the log is not the
order of time, and the rules do not ask it to be; but no fact may be dated before a fact it
depends on (an acceptance before the invitation, a seat before the acceptance, an answer before
the submission): such a record tells an impossible story, and immutability would keep it
forever. Equal times are allowed: a clerk records several acts "now".

The core never reads the clock: "now" is given to ``not_future`` by whoever saves (the
application, given a clock by the composition root), and the auditor uses the time JetStream
stored each message.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from core.errors import DomainError
from core.events import Event

FUTURE_TOLERANCE = timedelta(minutes=5)
"""How far after "now" a fact may be dated. The clerk's machine, the server that saves and the
JetStream server that stores do not share one clock: NTP keeps them within a second, a laptop
long off the network drifts by minutes, and a clerk types "now" as the minute about to come.
Five minutes absorbs that and is still far too short to record anything that has not happened
(a Council decision, an answer "within the deadline")."""


class OutOfTimeOrder(DomainError):
    """A fact dated before a fact it depends on."""

    rule = "time-order"


class FutureDated(DomainError):
    """A fact dated after now (plus the tolerance): it has not happened yet."""

    rule = "future-dated"


def utc(moment: datetime) -> str:
    """A time as the messages show it: ISO 8601 in UTC, ``2026-01-20T10:00:00Z`` (as given,
    when UTC falls outside the calendar: ``0001-01-01T00:00:00+14:00``)."""
    try:
        return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    except OverflowError:
        return moment.isoformat()


def after(at: datetime, earlier: datetime | None, *, act: str, fact: str, because: str) -> None:
    """Refuse ``act`` dated ``at`` before ``fact`` happened at ``earlier`` (None: no such fact
    recorded, nothing to compare). The refusal is one sentence naming both facts and times:
    "ele-007 cannot accept at 2026-01-10T09:00:00Z: the panel arrived at 2026-01-20T10:00:00Z;
    an answer comes after the invitation"."""
    if earlier is not None and at < earlier:
        raise OutOfTimeOrder(f"{act} at {utc(at)}: {fact} at {utc(earlier)}; {because}")


def after_each(
    at: datetime,
    facts: Iterable[tuple[datetime | None, str]],
    *,
    act: str,
    because: str,
) -> None:
    """``after`` the last of several facts, each (its time or None, what it was)."""
    known = [(moment, fact) for moment, fact in facts if moment is not None]
    if known:
        moment, fact = max(known, key=lambda f: f[0])
        after(at, moment, act=act, fact=fact, because=because)


def latest(*moments: datetime | None) -> datetime | None:
    """The last of the times recorded (None if none is)."""
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def is_future(at: datetime, now: datetime) -> bool:
    """Whether a fact dated ``at`` is later than ``now`` by more than the tolerance."""
    return at - now > FUTURE_TOLERANCE  # a difference: no overflow at the calendar's ends


def not_future(events: Iterable[Event], now: datetime) -> None:
    """Refuse to record any fact dated after ``now`` plus the tolerance."""
    for event in events:
        if is_future(event.at, now):
            what = type(event).wire.split(".")[1].replace("_", " ") if event.wire else "the act"
            minutes = int(FUTURE_TOLERANCE.total_seconds() // 60)
            raise FutureDated(
                f"this act ({what}) is dated {utc(event.at)}, later than now "
                f"({utc(now)}) by more than the {minutes} minutes clocks may drift: "
                "record an act once it has happened, with the time it happened"
            )
