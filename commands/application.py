"""The assembly's application: every act by one method, ``execute``: load, decide by the act
(core.assembly.acts), save. The draw's commands (commands/drawing.py), the corrections
(commands/correcting.py) and the look-up of contacts, which reads the registry between its rule
and its record, have methods of their own.

Each returns the log position of the last event it recorded, so a caller can wait for the read
side to reach it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import DomainEventProtocol, MutableOrImmutableAggregate
from eventsourcing.persistence import (
    EventStore,
    IntegrityError,
    MapperDeserialisationError,
    PersistenceError,
    Recording,
    StoredEvent,
)
from eventsourcing.utils import EnvType

from commands.correcting import CorrectionCommands
from commands.drawing import DrawCommands
from commands.messages import AssemblyCommand, ConveneAssembly, ConveneNextCohort, LookUpContacts
from commands.snapshots import INTERVAL, AssemblySnapshot, SnapshotRefused
from core.assembly.charter import cohort_id
from core.assembly.convening.facts import AssemblyConvened
from core.assembly.fold import evolve, project
from core.assembly.state import Assembly
from core.events import Event
from core.time_order import not_future

# The acts' rules (core.assembly.acts, actors, contacts, core.text) are imported by the
# commands that decide and save: a command that only reads starts without them.

Decision = Callable[[Assembly], Event | Sequence[Event]]
Command = AssemblyCommand | ConveneAssembly | ConveneNextCohort
T = TypeVar("T")


class AssemblyRecord(CorrectionCommands, DrawCommands, Application[UUID]):
    name = "AssemblyRecord"
    env = {"AGGREGATE_CACHE_MAXSIZE": "64"}  # fast-forwarded from the log on every load

    def __init__(
        self, env: EnvType | None = None, *, clock: Callable[[], datetime] | None = None
    ) -> None:
        """`clock` tells "now" (the composition root gives the wall clock): no fact dated
        later than now, plus a few minutes of drift, is saved. Without one (a scripted year,
        a benchmark, a test building its givens) the dates are not checked against now."""
        self.clock = clock
        self._tellers: dict[UUID, tuple[str, ...]] = {}  # a charter never changes
        self._snapshot_store: EventStore[UUID] | None = None
        self._no_snapshots: str | None = None  # why the snapshot store cannot be used
        self._snapshotted: dict[UUID, int] = {}  # the version of each one's newest snapshot
        self.snapshot_refusals: list[str] = []  # snapshots set aside, and why
        super().__init__(env)

    def save(
        self,
        *objs: MutableOrImmutableAggregate[UUID] | DomainEventProtocol[UUID] | None,
        **kwargs: object,
    ) -> list[Recording[UUID]]:
        """Every save of every command, the draw's included: every fact passes the text check
        (core.text.check), is recorded by whom it may be (core.assembly.actors), and nothing
        is dated in the future."""
        from core.assembly import actors  # noqa: PLC0415 - see the imports above
        from core.text import check as text  # noqa: PLC0415

        facts = [o for o in objs if isinstance(o, Event)]
        text.check_all(facts)
        actors.check_all(facts, self.tellers)
        if self.clock is not None:
            not_future(facts, self.clock())
        recordings = super().save(*objs, **kwargs)
        self._snapshot_after(recordings)
        return recordings

    def assembly(self, assembly_id: UUID) -> Assembly:
        """The assembly's state, folded from its events (immutable: safe to share from cache):
        from its newest snapshot and the events after it when the snapshot agrees with the
        log (commands/snapshots.py), else from all of them."""
        cache = self.repository.cache
        if cache is not None and assembly_id not in self._snapshotted:
            restored = self._restored(assembly_id)
            if restored is not None:
                cache.put(assembly_id, restored)
        state: Assembly = self.repository.get(
            assembly_id, projector_func=project, deepcopy_from_cache=False
        )
        if state.unapplied:  # a correction since: the history as it stands, folded once
            state = self.as_it_stands(state)
        if self.repository.cache is not None:
            # The library fast-forwards a cached immutable aggregate without keeping the
            # result: keep it, so the next load reads only the events after this one.
            self.repository.cache.put(assembly_id, state)
        return state

    def folded(self, assembly_id: UUID) -> Assembly:
        """The assembly's state folded from every one of its events, no snapshot nor cache
        used: what a snapshot and the events after it must give."""
        state = project(None, cast(Iterable[Event], self.events.get(assembly_id)))
        if state is None:
            raise AggregateNotFoundError(assembly_id)
        return self.as_it_stands(state) if state.unapplied else state

    def snapshot_used(self, assembly_id: UUID) -> int:
        """The version of the assembly's snapshot this application loaded or made last (0:
        none, or the one found was set aside)."""
        return self._snapshotted.get(assembly_id, 0)

    def snapshot_store(self) -> EventStore[UUID] | None:
        """Where the snapshots are kept (the persistence module's snapshot recorder: for
        JetStream, the stream beside the log), opened when first needed; None, for the rest
        of this process, when it cannot be (no such stream and no right to create it): the
        assembly is then folded from its whole record, as without snapshots."""
        if self._snapshot_store is None and self._no_snapshots is None:
            try:
                recorder = self.factory.aggregate_recorder(purpose="snapshots")
            except PersistenceError as e:
                self._no_snapshots = str(e)
                self.snapshot_refusals.append(f"no snapshots: {e}")
                return None
            self._snapshot_store = EventStore(mapper=self.mapper, recorder=recorder)
        return self._snapshot_store

    def _restored(self, assembly_id: UUID) -> Assembly | None:
        """The newest snapshot and the events after it, or None (no snapshot, or one set
        aside: see commands/snapshots.py; the next save then makes a new one)."""
        self._snapshotted[assembly_id] = 0
        store = self.snapshot_store()
        if store is None:
            return None
        try:
            found = list(store.get(assembly_id, desc=True, limit=1))
            snapshot = found[0] if found else None
            if snapshot is None:
                return None
            if not isinstance(snapshot, AssemblySnapshot):
                raise SnapshotRefused(f"it is a {type(snapshot).__name__}")
            state = snapshot.restore()
            tail = self._tail(snapshot)
        except (MapperDeserialisationError, SnapshotRefused) as e:
            self.snapshot_refusals.append(f"snapshot of {assembly_id} set aside: {e}")
            return None
        except PersistenceError as e:  # no snapshot stream this identity may read: fold all
            self.snapshot_refusals.append(f"no snapshot of {assembly_id} could be read: {e}")
            return None
        self._snapshotted[assembly_id] = snapshot.originator_version
        return project(state, (cast(Event, self.mapper.to_domain_event(s)) for s in tail))

    def _tail(self, snapshot: AssemblySnapshot) -> Sequence[StoredEvent]:
        """The events after the snapshot's, once the log is seen to hold, at its position,
        the fact it was taken after (the event store reads from there when it can: the
        JetStream recorder's select_events_at; any other reads the aggregate's events)."""
        aid, version = snapshot.originator_id, snapshot.originator_version
        at = getattr(self.recorder, "select_events_at", None)
        stored: Sequence[StoredEvent] = (
            at(aid, snapshot.position)
            if at is not None
            else self.recorder.select_events(aid, gt=version - 1)
        )
        first = stored[0] if stored else None
        if first is None or not snapshot.agrees_with(
            first.originator_id, first.originator_version, first.state
        ):
            raise SnapshotRefused(f"the log holds another fact at position {snapshot.position}")
        return stored[1:]

    def _snapshot_after(self, recordings: Sequence[Recording[UUID]]) -> None:
        """A snapshot of each assembly this save left INTERVAL versions or more past its last
        snapshot. The save is done whatever happens here: a snapshot that cannot be stored
        (another process stored one of this version first, a role that may not) is skipped."""
        if self._no_snapshots is not None:
            return
        last: dict[UUID, Recording[UUID]] = {}
        for r in recordings:
            if type(r.domain_event) in evolve.registry:  # an assembly's fact
                last[r.domain_event.originator_id] = r
        for aid, r in last.items():
            version = r.domain_event.originator_version
            if version - self._snapshotted.get(aid, 0) < INTERVAL:
                continue
            state = self.assembly(aid)  # the events just saved, read back
            if state.version != version or state.unapplied:
                continue  # someone saved after us: the next save snapshots
            snapshot = AssemblySnapshot.take(state, r.notification.id, r.notification.state)
            store = self.snapshot_store()
            if store is None:
                return
            try:
                store.put([snapshot])
            except PersistenceError:
                continue
            self._snapshotted[aid] = version

    def tellers(self, fact: Event) -> tuple[str, ...]:
        """The tellers the charter of a fact's assembly names (asked when a teller acts)."""
        aid = fact.originator_id
        if aid not in self._tellers:
            self._tellers[aid] = self.assembly(aid).charter.rules.tellers
        return self._tellers[aid]

    def recorded(self, position: int) -> Event:
        """The fact at a log position, as today's class: what a command just recorded."""
        found = self.recorder.select_notifications(position, 1)
        if not found or found[0].id != position:
            raise LookupError(f"no fact at log position {position}")
        event: Event = self.mapper.to_domain_event(found[0])  # type: ignore[assignment]
        return event

    def execute(self, cmd: Command) -> int:
        """Load the assembly, decide the command by its act, and record everything decided in
        one atomic save: all of it, or nothing."""
        from core.assembly import acts  # noqa: PLC0415 - see the imports above

        act = acts.of_command(cmd)
        if act.convenes:
            return self._convene(act.decide(None, cmd, self))
        assert isinstance(cmd, AssemblyCommand)
        events = act.decide(self.assembly(cmd.assembly_id), cmd, self)
        return self.save(*events)[-1].notification.id

    def _convene(self, decided: Sequence[Event]) -> int:
        """A convening is decided against the cohorts next to it (``series``), found by their
        ids (name and cohort give them). The cohort itself is never read first: its id being
        the same, a second convening of it is refused by the log's own concurrency check,
        atomically, even when two clerks convene it at once; and the same command run again
        after an unanswered save is recognised by the writer as its own, recorded once
        (services/adapters/eventstore/writer.py)."""
        from core.assembly.convening import rules as convening  # noqa: PLC0415

        (event,) = decided
        assert isinstance(event, AssemblyConvened)
        try:
            return self.save(event)[-1].notification.id
        except IntegrityError:
            c = event.charter
            raise convening.convened_already(c.name, c.cohort, event.originator_id) from None

    def series(self, name: str, cohort: int) -> list[Assembly]:
        """The cohorts just before and just after this one of the series, where convened."""
        neighbours = (self._maybe(cohort_id(name, c)) for c in (cohort - 1, cohort + 1))
        return [a for a in neighbours if a is not None]

    def _maybe(self, assembly_id: UUID) -> Assembly | None:
        try:
            return self.assembly(assembly_id)
        except AggregateNotFoundError:
            return None

    def decide(self, assembly_id: UUID, *decisions: Decision) -> int:
        """Load the assembly, let each rule decide on the state the previous ones left, and
        record everything decided in one atomic save: all of it, or nothing."""
        state = self.assembly(assembly_id)
        events: list[Event] = []
        for decision in decisions:
            decided = decision(state)
            new = [decided] if isinstance(decided, Event) else list(decided)
            state = project(state, new) or state
            events.extend(new)
        return self.save(*events)[-1].notification.id

    def look_up_contacts(self, cmd: LookUpContacts, read: Callable[[], T]) -> tuple[int, T]:
        """The rule first, then the registry (``read``), then the record: what ``read`` returns
        is the caller's to show once the look-up is on the log, never before. A refusal, a
        registry that cannot be read, or a save that fails records and returns nothing."""
        from core.assembly import contacts  # noqa: PLC0415 - see the imports above

        event = contacts.look_up_contacts(self.assembly(cmd.assembly_id), cmd)
        found = read()
        return self.save(event)[-1].notification.id, found
