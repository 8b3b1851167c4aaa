"""A small aggregate whose events carry a UUID, a datetime, a Decimal, a str and a tuple."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event


class Motion(Aggregate):
    @event("Tabled")
    def __init__(
        self, ref: UUID, tabled_at: datetime, weight: Decimal, title: str, tags: tuple[str, ...]
    ) -> None:
        self.ref = ref
        self.tabled_at = tabled_at
        self.weight = weight
        self.title = title
        self.tags = tags
        self.amendments = 0

    @event("Amended")
    def amend(
        self, ref: UUID, amended_at: datetime, weight: Decimal, text: str, tags: tuple[str, ...]
    ) -> None:
        self.weight = weight
        self.tags = tags
        self.amendments += 1


NOW = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)
TAGS = ("housing", "transport", "arrondissement-11")


def new_motion() -> Motion:
    return Motion(uuid4(), NOW, Decimal("0.0500"), "Rent caps for the 11th arrondissement", TAGS)


def amend(motion: Motion) -> None:
    motion.amend(uuid4(), NOW, Decimal("0.0750"), "Extend to the 12th arrondissement", TAGS)
