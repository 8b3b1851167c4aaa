"""Events as canonical msgspec JSON:
``MAPPER_TOPIC=services.adapters.eventstore.mapper:MsgspecMapper``.

Canonical means one byte string per event: keys sorted, no whitespace,
datetimes in RFC 3339, Decimals as strings, UUIDs in their canonical form,
enums by value, and no floats (their text form is not unique across
languages: use ``Decimal`` or ``int``). Types survive the round trip because
decoding is driven by the event class's annotations, compiled once per class
into a msgspec schema. Older class versions are upcast as the library does.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Hashable
from datetime import datetime
from functools import cache
from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.domain import DomainEventProtocol, Snapshot
from eventsourcing.persistence import (
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    find_id_convertor,
)
from eventsourcing.utils import get_topic, resolve_topic

from core.events import Event, event_type
from services.adapters.eventstore.upcasting import UPCASTERS

_ENVELOPE = frozenset({"originator_id", "originator_version"})
_encoder = msgspec.json.Encoder(order="sorted")
_raw = msgspec.json.Decoder()


class FloatNotCanonical(TypeError):
    """A float in an event: its text form is not canonical."""


def _contains(tp: Any, leaf: Any, seen: frozenset[type] = frozenset()) -> bool:
    """Whether ``leaf`` appears in a type: in unions, containers, nested structs, dataclasses."""
    if tp is leaf:
        return True
    if (
        isinstance(tp, type)
        and tp not in seen
        and (issubclass(tp, msgspec.Struct) or dataclasses.is_dataclass(tp))
    ):
        inner = seen | {tp}
        return any(_contains(h, leaf, inner) for h in _hints(tp).values())
    return any(_contains(arg, leaf, seen) for arg in typing.get_args(tp))


def _has_float(tp: Any) -> bool:
    return _contains(tp, float)


def _has_any(tp: Any) -> bool:
    """Values of this type can hold anything: floats are then checked at run time."""
    return _contains(tp, Any)


def _refuse_float(text: str) -> Any:
    raise FloatNotCanonical(f"a float ({text}) in an event: use Decimal or int")


_float_scan = msgspec.json.Decoder(float_hook=_refuse_float)


@cache
def _needs_scan(cls: type) -> bool:
    return any(_has_any(h) for h in _hints(cls).values())


def _hints(cls: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls)
    except Exception:  # noqa: BLE001 - unresolvable forward refs decode as plain JSON
        return {}


def _field_names(cls: type) -> list[str]:
    if dataclasses.is_dataclass(cls):
        return [f.name for f in dataclasses.fields(cls)]
    return list(_hints(cls))


@cache
def _schema(cls: type) -> tuple[type[msgspec.Struct], msgspec.json.Decoder[Any], tuple[str, ...]]:
    """A msgspec Struct mirroring the event's state fields, and its decoder."""
    hints = _hints(cls)
    fields: list[tuple[str, Any, Any]] = []
    for name in _field_names(cls):
        if name in _ENVELOPE:
            continue
        tp = hints.get(name, Any)
        if _has_float(tp):
            raise FloatNotCanonical(
                f"{cls.__qualname__}.{name} is a float: use Decimal or int in events"
            )
        try:
            msgspec.json.Decoder(tp)
        except TypeError:
            tp = Any  # a type msgspec cannot decode: keep the JSON value
        fields.append((name, tp, msgspec.NODEFAULT))
    fields.append(("class_version", int, 1))
    struct = msgspec.defstruct(f"{cls.__name__}State", fields, kw_only=True)
    names = tuple(name for name, _, _ in fields[:-1])
    return struct, msgspec.json.Decoder(struct), names


_AGGREGATE_BASE = {"_id": UUID, "_version": int, "_created_on": datetime, "_modified_on": datetime}


@cache
def _aggregate_hints(topic: str) -> dict[str, Any]:
    try:
        cls = resolve_topic(topic)
        # Attributes annotated on the class, else those named like __init__'s parameters.
        hints = {**typing.get_type_hints(cls.__init__), **_hints(cls)}
        hints.pop("return", None)
    except Exception:  # noqa: BLE001 - an unknown aggregate keeps its JSON state
        hints = {}
    return {**_AGGREGATE_BASE, **{k: v for k, v in hints.items() if not _has_float(v)}}


def _restore(value: Any, tp: Any) -> Any:
    try:
        return msgspec.convert(value, tp, strict=False)
    except (msgspec.ValidationError, TypeError):
        return value  # e.g. a string aggregate id where a UUID is usual


@cache
def _struct_decoder(cls: type[msgspec.Struct]) -> msgspec.json.Decoder[Any]:
    for name, tp in typing.get_type_hints(cls).items():
        if _has_float(tp):
            raise FloatNotCanonical(f"{cls.__qualname__}.{name} is a float: use Decimal or int")
    return msgspec.json.Decoder(cls)


def _checked(cls: type, data: bytes) -> bytes:
    """Refuse floats hidden under ``Any`` (annotations caught the rest before encoding)."""
    if _needs_scan(cls):
        try:
            _float_scan.decode(data)
        except msgspec.ValidationError as e:
            raise FloatNotCanonical(f"{cls.__qualname__}: {e}") from None
    return data


def _filed_as(event: Event, stored: StoredEvent) -> Event:
    """The payload must name the record and version the log files it under."""
    if (str(event.originator_id), event.originator_version) != (
        str(stored.originator_id),
        stored.originator_version,
    ):
        raise ValueError(
            f"payload says {event.originator_id} v{event.originator_version}, "
            f"the log says {stored.originator_id} v{stored.originator_version}"
        )
    return event


class MsgspecMapper(Mapper[UUID]):
    """Assembly events (msgspec Structs with a wire name) are stored whole under that name;
    eventsourcing's own aggregate events are stored by topic, state decoded by annotations."""

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        if isinstance(domain_event, Event) and domain_event.wire:
            _struct_decoder(type(domain_event))  # refuses floats before anything is written
            return self._protect(
                StoredEvent(
                    domain_event.originator_id,
                    domain_event.originator_version,
                    domain_event.wire,
                    _checked(type(domain_event), _encoder.encode(domain_event)),
                )
            )
        cls = type(domain_event)
        _schema(cls)  # refuses floats before anything is written
        state = dict(vars(domain_event))
        originator_id = state.pop("originator_id")
        originator_version = state.pop("originator_version")
        class_version = getattr(cls, "class_version", 1)
        if class_version > 1:
            state["class_version"] = class_version
        data = _checked(cls, _encoder.encode(state))
        return self._protect(StoredEvent(originator_id, originator_version, get_topic(cls), data))

    def _protect(self, stored: StoredEvent) -> StoredEvent:
        data = stored.state
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return (
            stored
            if data is stored.state
            else StoredEvent(stored.originator_id, stored.originator_version, stored.topic, data)
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        struct_cls = event_type(stored_event.topic)
        if struct_cls is None and stored_event.topic in UPCASTERS.retired():
            return self._upcast(stored_event)
        cls = struct_cls or resolve_topic(stored_event.topic)
        data = stored_event.state
        try:
            if self.cipher:
                data = self.cipher.decrypt(data)
            if self.compressor:
                data = self.compressor.decompress(data)
            if struct_cls is not None:
                return self._whole(struct_cls, stored_event, data)
            state = self._decode(cls, data)
        except (msgspec.DecodeError, msgspec.ValidationError, ValueError) as e:
            raise MapperDeserialisationError(
                f"cannot decode {stored_event.topic} {stored_event.originator_id} "
                f"v{stored_event.originator_version}: {e}"
            ) from e
        convert = find_id_convertor(cls, typing.cast(Hashable, type(stored_event.originator_id)))
        state["originator_id"] = convert(stored_event.originator_id)
        state["originator_version"] = stored_event.originator_version
        event = object.__new__(cls)
        object.__setattr__(event, "__dict__", state)
        return typing.cast(DomainEventProtocol[UUID], event)

    def _upcast(self, stored: StoredEvent) -> Event:
        """A fact stored under a retired wire name, read as today's version of it."""
        data = stored.state
        if self.cipher:
            data = self.cipher.decrypt(data)
        if self.compressor:
            data = self.compressor.decompress(data)
        try:
            event = UPCASTERS.decode(stored.topic, data)
        except (msgspec.DecodeError, msgspec.ValidationError, ValueError) as e:
            raise MapperDeserialisationError(
                f"cannot upcast {stored.topic} {stored.originator_id} "
                f"v{stored.originator_version}: {e}"
            ) from e
        return _filed_as(event, stored)

    @staticmethod
    def _whole(event_class: type[Event], stored: StoredEvent, data: bytes) -> Event:
        return _filed_as(_struct_decoder(event_class).decode(data), stored)

    @staticmethod
    def _decode(event_class: type, data: bytes) -> dict[str, Any]:
        cls = event_class
        struct, decoder, names = _schema(cls)
        target = getattr(cls, "class_version", 1)
        try:
            obj = decoder.decode(data)
            version = obj.class_version
        except msgspec.ValidationError:
            obj, version = None, -1
        if obj is None or version < target:
            raw = _raw.decode(data)
            version = raw.pop("class_version", 1)
            while version < target:
                getattr(cls, f"upcast_v{version}_v{version + 1}")(raw)
                version += 1
            obj = msgspec.convert(raw, struct, strict=False)
        state = {name: getattr(obj, name) for name in names}
        if issubclass(cls, Snapshot) and isinstance(state.get("state"), dict):
            hints = _aggregate_hints(state["topic"])
            state["state"] = {
                k: _restore(v, hints[k]) if k in hints else v for k, v in state["state"].items()
            }
        return state
