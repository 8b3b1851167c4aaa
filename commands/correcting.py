"""The clerk's corrections: load, decide (the history decided again with the correction applied,
core.audit.rehearse), save. Mixed into the application, which also uses ``as_it_stands`` to load
an assembly whose history holds corrections."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

import msgspec
from eventsourcing.application import AggregateNotFoundError

from core.assembly.corrections import AT
from core.assembly.state import Assembly
from core.draw.state import Draw
from core.events import Event
from core.time_order import not_future

if TYPE_CHECKING:  # the audit's re-decision is imported when a history holds a correction
    from core.audit.redecide import Context

V = TypeVar("V")


class CorrectFact(msgspec.Struct, frozen=True, kw_only=True):
    assembly_id: UUID
    position: int
    field: str
    value: str
    reason: str
    at: datetime
    by: str


class AnnulFact(msgspec.Struct, frozen=True, kw_only=True):
    assembly_id: UUID
    position: int
    reason: str
    at: datetime
    by: str


class _Loaded(Mapping[UUID, V]):
    """Records loaded from the log when a rule asks for one (none is listed)."""

    def __init__(self, load: Callable[[UUID], V]) -> None:
        self._load = load

    def __getitem__(self, key: UUID) -> V:
        try:
            return self._load(key)
        except AggregateNotFoundError:
            raise KeyError(key) from None

    def __iter__(self) -> Iterator[UUID]:
        return iter(())

    def __len__(self) -> int:
        return 0


class CorrectionCommands:
    """Mixed into the application (which supplies `events`, `recorded`, `save`, `assembly`,
    `draw`, `clock` and `decide`)."""

    def context(self) -> Context:
        """What the rules of a correction read: the log, as the auditor does."""
        from core.audit.redecide import Context  # noqa: PLC0415 - see TYPE_CHECKING above

        app = self

        def fact_at(position: int) -> Event | None:
            try:
                return app.recorded(position)  # type: ignore[attr-defined, no-any-return]
            except LookupError:
                return None

        def history(assembly_id: UUID) -> list[Event]:
            return list(app.events.get(assembly_id))  # type: ignore[attr-defined]

        assemblies: _Loaded[Assembly] = _Loaded(app.assembly)  # type: ignore[attr-defined]
        draws: _Loaded[Draw] = _Loaded(app.draw)  # type: ignore[attr-defined]
        return Context(assemblies, draws, history, fact_at)

    def as_it_stands(self, state: Assembly) -> Assembly:
        from core.audit import rehearse  # noqa: PLC0415 - see TYPE_CHECKING above

        context = self.context()
        return rehearse.as_it_stands(context.history(state.id), context)

    def correct_fact(self, cmd: CorrectFact) -> int:
        from core.audit import rehearse  # noqa: PLC0415 - see TYPE_CHECKING above

        context = self.context()

        def correct(a: Assembly) -> Event:
            event = rehearse.correct(
                a,
                cmd.position,
                cmd.field,
                cmd.value,
                cmd.reason,
                context=context,
                at=cmd.at,
                by=cmd.by,
            )
            fact, clock = context.fact_at(cmd.position), self.clock  # type: ignore[attr-defined]
            if event.field == AT and fact is not None and clock is not None:
                # A corrected time, like any time, is not later than now.
                when = msgspec.convert(event.value, datetime)
                not_future([msgspec.structs.replace(fact, at=when)], clock())
            return event

        return self.decide(cmd.assembly_id, correct)  # type: ignore[attr-defined, no-any-return]

    def annul_fact(self, cmd: AnnulFact) -> int:
        from core.audit import rehearse  # noqa: PLC0415 - see TYPE_CHECKING above

        context = self.context()
        return self.decide(  # type: ignore[attr-defined, no-any-return]
            cmd.assembly_id,
            lambda a: rehearse.annul(
                a, cmd.position, cmd.reason, context=context, at=cmd.at, by=cmd.by
            ),
        )
