"""The AsyncAPI 3.0 document: where events are published, their headers, payloads and examples."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

import msgspec

from core.events import Event
from services.adapters.eventstore.records import H_ID, H_MSG_ID, H_PREV, H_TOPIC, H_VERSION
from services.adapters.eventstore.stream import StreamSpec
from services.application.contract.examples import example
from services.application.contract.schemas import components, fingerprint

CHANNEL = "assemblyEvents"
_ABOUT = """\
Every act of a citizens' assembly is an immutable event on one NATS JetStream
stream. Each aggregate (an assembly, a draw) is one subject; its events are
numbered from 1 (`Assembly-Version`) and hash-chained (`Assembly-Prev`). The
stream sequence is the event's position in the log: gap-free, in order.

The payload is canonical JSON: keys sorted, no whitespace, no floats (decimals
are strings), datetimes in RFC 3339 UTC, UUIDs in canonical form, enums by
value. The event type is in the `Assembly-Topic` header: a wire name such as
`assembly.member_withdrew.v1` that never changes meaning; a new shape of a fact
gets a new name (`.v2`), and readers upcast the old one. Ignore types you do
not know. Read with a JetStream consumer filtered on `{events}.>`: the same
stream also holds `{tracking}.>` (internal positions) and `{checkpoints}` (the
log's signed Merkle checkpoints, in their own format: see `assembly audit`).
"""


def _headers(wire: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            H_ID: {"type": "string", "description": "the aggregate (record) id, as in the subject"},
            H_VERSION: {
                "type": "string",
                "pattern": "^[1-9][0-9]*$",
                "description": "the event's number within its aggregate, from 1",
            },
            H_TOPIC: {"const": wire, "description": "the event type (wire name)"},
            H_PREV: {
                "type": "string",
                "pattern": "^[0-9a-f]{64}$",
                "description": "SHA-256 of the aggregate's previous record (zeros for the first)",
            },
            H_MSG_ID: {"type": "string", "description": "`<aggregate id>:<version>`"},
        },
        "required": [H_ID, H_VERSION, H_TOPIC, H_PREV],
    }


def _example(wire: str, cls: type[Event]) -> dict[str, Any]:
    event = example(cls)
    return {
        "name": cls.__name__,
        "headers": {
            H_ID: str(event.originator_id),
            H_VERSION: str(event.originator_version),
            H_TOPIC: wire,
            H_PREV: "0" * 64,
            H_MSG_ID: f"{event.originator_id}:{event.originator_version}",
        },
        "payload": msgspec.to_builtins(event, order="sorted"),
    }


def document(events: dict[str, type[Event]], spec: StreamSpec) -> dict[str, Any]:
    """The whole contract in one self-contained document (JSON; YAML readers accept it)."""
    schemas, shared = components(list(events.values()), "#/components/schemas/{name}")
    messages = {
        wire: {
            "name": wire,
            "title": cls.__name__,
            "summary": (cls.__doc__ or cls.__name__).strip().splitlines()[0],
            "contentType": "application/json",
            "headers": _headers(wire),
            "payload": schema,
            "examples": [_example(wire, cls)],
            "x-schema-sha256": fingerprint(cls),
        }
        for (wire, cls), schema in zip(events.items(), schemas, strict=True)
    }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Assembly Record events",
            "version": _version(),
            "description": _ABOUT.format(
                events=spec.events, tracking=spec.tracking, checkpoints=spec.checkpoints
            ),
        },
        "defaultContentType": "application/json",
        "servers": {
            "jetstream": {
                "host": "localhost:4222",
                "protocol": "nats",
                "description": f"stream {spec.name}; read-only credentials for subscribers",
            }
        },
        "channels": {
            CHANNEL: {
                "address": f"{spec.events}.{{aggregateId}}",
                "title": "Events of one aggregate",
                "parameters": {
                    "aggregateId": {"description": "a UUID (an assembly, a draw)"},
                },
                "messages": {w: {"$ref": f"#/components/messages/{w}"} for w in messages},
            }
        },
        "operations": {
            "receiveEvents": {
                "action": "receive",
                "channel": {"$ref": f"#/channels/{CHANNEL}"},
                "summary": f"Consume the log in order from stream {spec.name}",
                "messages": [{"$ref": f"#/channels/{CHANNEL}/messages/{w}"} for w in messages],
            }
        },
        "components": {"messages": messages, "schemas": shared},
    }


def _version() -> str:
    try:
        return version("assembly-record")
    except PackageNotFoundError:
        return "0.0.0"
