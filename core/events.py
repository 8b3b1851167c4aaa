"""Facts of the assembly: frozen, keyword-only msgspec Structs with a stable wire name.

Every event says which record it belongs to (``originator_id``), its place in
that record (``originator_version``), when the act happened (``at``) and who
did it (``by``). ``at`` and ``by`` come from the command: the core never
reads the clock. The wire name (``assembly.member_withdrew.v1``) is what is
stored; a class may be renamed freely, a published wire name never changes:
a new shape gets ``.v2`` and an upcaster.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

import msgspec

_BY_WIRE: dict[str, type[Event]] = {}


class Event(msgspec.Struct, frozen=True, kw_only=True):
    originator_id: UUID
    originator_version: int
    at: datetime
    by: str

    wire: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        wire = cls.__dict__.get("wire", "")
        if not wire:
            return
        if wire in _BY_WIRE and _BY_WIRE[wire].__qualname__ != cls.__qualname__:
            raise TypeError(f"wire name {wire!r} is already used by {_BY_WIRE[wire]}")
        _BY_WIRE[wire] = cls

    @property
    def timestamp(self) -> datetime:
        """When the act happened (eventsourcing reads this name)."""
        return self.at


def event_type(wire: str) -> type[Event] | None:
    """The class stored under a wire name, if the core defines one."""
    return _BY_WIRE.get(wire)


def wire_names() -> dict[str, type[Event]]:
    return dict(_BY_WIRE)
