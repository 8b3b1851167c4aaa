"""Reading payloads stored under a retired wire name: upcasters from one version to the next.

A published wire name never changes. When a fact needs a new shape, its class
takes the next name (``assembly.member_withdrew.v2``) and an upcaster turns the
old payload (a JSON object) into the new one::

    @UPCASTERS.register("assembly.member_withdrew.v1", "assembly.member_withdrew.v2")
    def _reason_becomes_optional(old: dict[str, Any]) -> dict[str, Any]:
        return {**old, "reason": old["reason"] or None}

Payloads are never rewritten in the log (its hashes cover them): they are
upcast each time they are read. Chains (v1 → v2 → v3) are followed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

from core.events import Event, event_type
from core.sortition.lottery import LARGEST_REMAINDER
from core.vocabulary import PARIS_V1

Upcast = Callable[[dict[str, Any]], dict[str, Any]]


class UnknownEventType(ValueError):
    """A payload under a wire name that no class and no upcaster knows."""


class Upcasters:
    def __init__(self, lookup: Callable[[str], type[Event] | None] = event_type) -> None:
        self._steps: dict[str, tuple[str, Upcast]] = {}
        self._lookup = lookup  # today's class of a wire name: the core's registry

    def register(self, old: str, new: str) -> Callable[[Upcast], Upcast]:
        def add(step: Upcast) -> Upcast:
            if old in self._steps:
                raise ValueError(f"{old} already has an upcaster, to {self._steps[old][0]}")
            self._steps[old] = (new, step)
            return step

        return add

    def retired(self) -> frozenset[str]:
        return frozenset(self._steps)

    def decode(self, wire: str, data: bytes) -> Event:
        """The event a stored payload says, as today's class (upcast if its name is retired)."""
        cls = self._lookup(wire)
        if cls is not None:
            return msgspec.json.decode(data, type=cls)
        payload: dict[str, Any] = msgspec.json.decode(data, type=dict[str, Any])
        seen = [wire]
        while cls is None:
            if wire not in self._steps:
                path = " -> ".join(seen)
                raise UnknownEventType(f"no event type and no upcaster for {path}")
            wire, step = self._steps[wire]
            payload = step(payload)
            seen.append(wire)
            cls = self._lookup(wire)
        return msgspec.json.decode(msgspec.json.encode(payload), type=cls)

    def current(self, wire: str) -> str:
        """The wire name a payload stored under ``wire`` is read as (itself if not retired)."""
        while wire in self._steps:
            wire = self._steps[wire][0]
        return wire


UPCASTERS = Upcasters()  # the project's own


@UPCASTERS.register("assembly.reserve_called.v1", "assembly.reserve_called.v2")
def _reserve_call_says_how_it_stood(old: dict[str, Any]) -> dict[str, Any]:
    """A v1 call did not record whether it kept the committed quotas: it says nothing (None);
    the audit still re-derives which reserve it had to call."""
    return {**old, "keeps_quotas": None, "breach": 0, "breached": []}


@UPCASTERS.register("assembly.assembly_convened.v1", "assembly.assembly_convened.v2")
def _charter_says_its_vocabulary_and_tellers(old: dict[str, Any]) -> dict[str, Any]:
    """A v1 charter ran under the vocabulary of its day and named no tellers."""
    charter = old["charter"]
    rules = {**charter.get("rules", {}), "tellers": []}
    vocabulary = msgspec.to_builtins(PARIS_V1)
    return {**old, "charter": {**charter, "rules": rules, "vocabulary": vocabulary}}


@UPCASTERS.register("assembly.tickets_committed.v1", "assembly.tickets_committed.v2")
def _tickets_say_their_rounding(old: dict[str, Any]) -> dict[str, Any]:
    """A v1 ticket list was rounded by largest remainders and recorded no figure of it."""
    return {
        **old,
        "rounding": LARGEST_REMAINDER,
        "unrounded": None,
        "deviation": None,
        "bound": None,
    }
