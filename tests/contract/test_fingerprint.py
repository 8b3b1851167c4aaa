"""The fingerprint follows the wire form, not the names or the prose."""

from __future__ import annotations

from typing import ClassVar

from core.events import Event
from services.contract.schemas import fingerprint


class Seated(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "test_fingerprint.seated.v1"

    member: str
    title: str


class SeatedRenamed(Event, frozen=True, kw_only=True):
    """A docstring and another class name: the same wire form."""

    wire: ClassVar[str] = "test_fingerprint.seated_renamed.v1"

    member: str
    title: str


class SeatedWithGroup(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "test_fingerprint.seated_with_group.v1"

    member: str
    title: str
    group: str | None = None


class SeatedTitleAsNumber(Event, frozen=True, kw_only=True):
    wire: ClassVar[str] = "test_fingerprint.seated_title_as_number.v1"

    member: str
    title: int


def test_given_a_renamed_class_with_a_docstring_then_the_fingerprint_is_the_same() -> None:
    assert fingerprint(SeatedRenamed) == fingerprint(Seated)


def test_given_an_added_optional_field_then_the_fingerprint_changes() -> None:
    assert fingerprint(SeatedWithGroup) != fingerprint(Seated)


def test_given_a_field_named_title_that_changes_type_then_the_fingerprint_changes() -> None:
    assert fingerprint(SeatedTitleAsNumber) != fingerprint(Seated)
