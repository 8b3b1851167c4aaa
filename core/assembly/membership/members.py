"""Members as the assembly knows them: pseudonyms, sub-pool, criteria, and where they stand.

Personal data (names, addresses, contacts) never reaches the log: a member is a
pseudonym from the draw, the sub-pool that seated them and their four criteria.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import msgspec


class Status(Enum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    SEATED = "seated"
    WITHDREW = "withdrew"  # their act
    REMOVED = "removed"  # the organisers' act
    RESERVE = "reserve"  # drawn as a reserve, not (yet) called


VACATED = frozenset({Status.DECLINED, Status.WITHDREW, Status.REMOVED})

STANDING = {
    Status.INVITED: "are invited and have not answered",
    Status.ACCEPTED: "have accepted",
    Status.DECLINED: "declined",
    Status.SEATED: "are seated",
    Status.WITHDREW: "withdrew",
    Status.REMOVED: "were removed",
    Status.RESERVE: "are a reserve not yet called",
}
"""Where a member stands, after "they": never "they are withdrew"."""


class Drawn(msgspec.Struct, frozen=True, kw_only=True):
    """One person as the draw hands them over."""

    pseudonym: str
    subpool: str
    criteria: dict[str, str]  # gender, age band, education level, arrondissement


class Member(msgspec.Struct, frozen=True, kw_only=True):
    pseudonym: str
    subpool: str
    criteria: dict[str, str]
    status: Status
    reserve_rank: int | None = None  # 1 = first reserve of the draw
    group: str | None = None  # the working group's theme
    replaces: str | None = None
    replaced_by: str | None = None
    # When each step happened, for the rules of time order (core.time_order):
    invited_at: datetime | None = None  # the panel's arrival, or the reserve's call
    accepted_at: datetime | None = None
    seated_at: datetime | None = None
    left_at: datetime | None = None  # declined, withdrew or was removed
