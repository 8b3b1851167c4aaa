"""Snapshots (commands/snapshots.py): a load starts from the newest one that agrees with the log,
and gives the very state the whole log folds to; one that does not agree is set aside."""

from __future__ import annotations

import dataclasses
import itertools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import msgspec
import pytest

from commands import snapshots
from commands.application import AssemblyRecord
from commands.snapshots import INTERVAL, AssemblySnapshot
from core.assembly.state import Assembly
from examples.paris_year import DEMO, Year
from tests.support.natsd import unique_stream
from tests.support.store import MAPPER

CHECK_EVERY = 37  # commands: points that fall anywhere between two snapshots


def _app(env: dict[str, str]) -> AssemblyRecord:
    """A fresh application on the stream: what a new `assembly` process starts from."""
    return AssemblyRecord(
        env={"PERSISTENCE_MODULE": "services.adapters.eventstore", "MAPPER_TOPIC": MAPPER, **env}
    )


@dataclasses.dataclass
class Seen:
    version: int
    loaded: Assembly
    folded: Assembly
    snapshot: int
    read_from_start: bool


class CheckedYear(Year):
    """The demo's year; every CHECK_EVERY commands, a fresh application loads the assembly."""

    def __init__(self, app: AssemblyRecord, env: dict[str, str]) -> None:
        super().__init__(app, DEMO, lambda _: None)
        self.env, self.seen = env, list[Seen]()

    def _do(self, command_type: Callable[..., Any], **fields: Any) -> int:
        position = super()._do(command_type, **fields)
        if self.story.commands % CHECK_EVERY == 0:
            self.seen.append(_load(self.env, self.id))
        return position


def _load(env: dict[str, str], assembly_id: UUID) -> Seen:
    fresh = _app(env)
    try:
        loaded = fresh.assembly(assembly_id)
        first_read = fresh.recorder.positions.seq_of(str(assembly_id), 1)  # type: ignore[attr-defined]
        folded = fresh.folded(assembly_id)
        assert fresh.snapshot_refusals == []
        return Seen(
            loaded.version, loaded, folded, fresh.snapshot_used(assembly_id), first_read is not None
        )
    finally:
        fresh.close()


@pytest.fixture(scope="module")
def year() -> Iterator[tuple[dict[str, str], CheckedYear]]:
    env = unique_stream()
    app = _app(env)
    checked = CheckedYear(app, env)
    checked.run()
    yield env, checked
    app.close()


def test_given_the_scripted_year_when_loaded_at_many_points_then_the_state_is_the_full_fold(
    year,
) -> None:
    _, checked = year

    seen = checked.seen

    assert len(seen) >= 10
    for point in seen:
        assert msgspec.structs.asdict(point.loaded) == msgspec.structs.asdict(point.folded)
        assert point.loaded == point.folded, point.version


def test_given_a_long_record_when_loaded_then_from_a_snapshot_and_not_from_its_start(year) -> None:
    _, checked = year

    late = [p for p in checked.seen if p.version >= INTERVAL]

    assert late
    for point in late:
        assert 0 < point.snapshot <= point.version < point.snapshot + 2 * INTERVAL
        assert not point.read_from_start


@pytest.fixture(scope="module")
def genuine(year) -> tuple[AssemblySnapshot, int, Iterator[int]]:
    """The newest snapshot the year left, the assembly's version, and versions after it for
    the spoiled snapshots (each must come after the last on the snapshot stream)."""
    env, checked = year
    app = _app(env)
    try:
        store = app.snapshot_store()
        assert store is not None
        (snapshot,) = store.get(checked.id, desc=True, limit=1)
        assert isinstance(snapshot, AssemblySnapshot)
        version = app.assembly(checked.id).version
    finally:
        app.close()
    return snapshot, version, itertools.count(version + 1)


def _put(env: dict[str, str], snapshot: AssemblySnapshot) -> None:
    app = _app(env)
    try:
        store = app.snapshot_store()
        assert store is not None
        store.put([snapshot])
    finally:
        app.close()


def _flipped(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 1])


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (lambda s: {"state": _flipped(s.state)}, "not the bytes it was made with"),
        (lambda s: {"fold": "0:an-older-fold"}, "made by another fold"),
        (lambda s: {"position": s.position - 1}, "the log holds another fact at position"),
    ],
    ids=["corrupt state", "stale fold", "wrong position"],
)
def test_given_a_snapshot_that_disagrees_with_the_log_when_loaded_then_set_aside(
    year, genuine, spoil, reason
) -> None:
    env, checked = year
    snapshot, version, later = genuine
    ahead = next(later)
    state = msgspec.structs.replace(snapshot.restore(), version=ahead)
    made = dataclasses.replace(
        AssemblySnapshot.take(state, snapshot.position, b""),
        fact_sha256=snapshot.fact_sha256,
    )
    _put(env, dataclasses.replace(made, **spoil(made)))
    fresh = _app(env)

    try:
        loaded = fresh.assembly(checked.id)

        assert loaded == fresh.folded(checked.id)
        assert loaded.version == version
        assert len(fresh.snapshot_refusals) == 1
        assert reason in fresh.snapshot_refusals[0]
        assert fresh.snapshot_used(checked.id) == 0
    finally:
        fresh.close()


def test_given_a_snapshot_when_checked_against_facts_then_only_its_own_fact_agrees(year) -> None:
    env, checked = year
    app = _app(env)
    try:
        state = app.assembly(checked.id)
    finally:
        app.close()
    snapshot = AssemblySnapshot.take(state, 42, b"the fact's bytes")

    assert snapshot.restore() == state
    assert snapshot.agrees_with(state.id, state.version, b"the fact's bytes")
    assert not snapshot.agrees_with(state.id, state.version, b"other bytes")
    assert not snapshot.agrees_with(state.id, state.version - 1, b"the fact's bytes")
    assert not snapshot.agrees_with(str(state.id), state.version, b"the fact's bytes")


def _types(info: msgspec.inspect.Type, seen: set[type]) -> set[type]:
    """Every Struct and Enum class a type holds, however deep."""
    inner: list[msgspec.inspect.Type] = []
    if isinstance(info, msgspec.inspect.StructType | msgspec.inspect.EnumType):
        if info.cls in seen:
            return seen
        seen.add(info.cls)
    if isinstance(info, msgspec.inspect.StructType):
        inner = [f.type for f in info.fields]
    elif isinstance(info, msgspec.inspect.DictType):
        inner = [info.key_type, info.value_type]
    elif isinstance(info, msgspec.inspect.TupleType):
        inner = list(info.item_types)
    elif isinstance(info, msgspec.inspect.UnionType):
        inner = list(info.types)
    elif hasattr(info, "item_type"):
        inner = [info.item_type]
    for t in inner:
        _types(t, seen)
    return seen


def test_given_the_state_when_its_fold_is_named_then_every_module_shaping_it_is_read() -> None:
    read = {Path(p).resolve() for p in snapshots.shaping()}

    held = _types(msgspec.inspect.type_info(Assembly), set())
    folds = [m for m in sys.modules.values() if m.__name__.startswith("core.assembly.")]

    for cls in held:
        assert Path(sys.modules[cls.__module__].__file__ or "").resolve() in read, cls
    for module in folds:
        if module.__name__.endswith(".fold"):
            assert Path(module.__file__ or "").resolve() in read, module.__name__
