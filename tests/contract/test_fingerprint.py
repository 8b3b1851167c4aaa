"""The fingerprint follows the wire form, not the names or the prose. (These classes have no
wire name: they stay out of the core's registry.)"""

from __future__ import annotations

from core.events import Event
from services.application.contract.schemas import fingerprint


class Seated(Event, frozen=True, kw_only=True):
    member: str
    title: str


class SeatedRenamed(Event, frozen=True, kw_only=True):
    """A docstring and another class name: the same wire form."""

    member: str
    title: str


class SeatedWithGroup(Event, frozen=True, kw_only=True):
    member: str
    title: str
    group: str | None = None


class SeatedTitleAsNumber(Event, frozen=True, kw_only=True):
    member: str
    title: int


def test_given_a_renamed_class_with_a_docstring_then_the_fingerprint_is_the_same() -> None:
    assert fingerprint(SeatedRenamed) == fingerprint(Seated)


def test_given_an_added_optional_field_then_the_fingerprint_changes() -> None:
    assert fingerprint(SeatedWithGroup) != fingerprint(Seated)


def test_given_a_field_named_title_that_changes_type_then_the_fingerprint_changes() -> None:
    assert fingerprint(SeatedTitleAsNumber) != fingerprint(Seated)
