"""Who may do what on NATS: the four roles and the subjects each may publish to.

Only the command path writes; nobody at all may rewrite. The stream's own flags
(deny_delete, deny_purge) can be lifted by a stream update, so the JetStream API
subjects that delete, purge, update, restore or delete messages are denied to
every role here, including ops. Subjects, from nats-server's JetStream API:

- ``$JS.API.STREAM.{INFO,CREATE,UPDATE,DELETE,PURGE}.<stream>``,
  ``$JS.API.STREAM.MSG.{GET,DELETE}.<stream>``, ``$JS.API.DIRECT.GET.<stream>[.<subject>]``;
- ``$JS.API.CONSUMER.CREATE.<stream>[.<consumer>.<filter>]``,
  ``$JS.API.CONSUMER.DURABLE.CREATE.<stream>.<durable>``,
  ``$JS.API.CONSUMER.{INFO,DELETE,MSG.NEXT}.<stream>.<consumer>``;
- ``$JS.ACK.<stream>.<consumer>.>`` (acks) and ``$JS.FC.<stream>.>`` (flow control replies
  of the ordered push consumers behind subscriptions).

Consumers: only the reader makes any, so every consumer of the stream is the reader's.
``$JS.API.CONSUMER.CREATE.<stream>`` (no name) creates only ephemeral consumers (nats-server
refuses a durable name on it): the reader's ordered consumers and read-path pulls. But a
consumer named in its body replaces the settings of an existing consumer of that name, so
no other role gets it: the auditor reads by direct gets, and may only look at consumers
(``INFO``). A durable is named in its subjects, and nats-server's wildcards match whole
tokens only (no ``reader-*``), so the durables the reader may create are listed by name
(``security config --durable NAME``), with their acks; it may create no other.

Replies. Each role has its own inbox prefix (``_INBOX_<role>``, set by the client in
:func:`services.adapters.eventstore.connect.connect_options`): it may subscribe there only,
so no role reads another's replies, and no role may publish to any inbox, so none can
answer another's requests in JetStream's name.

An atomic batch is plain publishes to the stream's subjects with batch headers, so
the writer needs nothing more for it. Readers and auditors may also subscribe to the events'
subjects in core NATS (the projection worker is woken that way): what they already read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from services.adapters.eventstore.connect import inbox_prefix
from services.adapters.eventstore.stream import StreamSpec

ROLES = ("writer", "reader", "auditor", "ops")
INBOXES = tuple(f"{inbox_prefix(role)}.>" for role in ROLES)

# Denied to every role, whatever its allow list says (deny wins in nats-server).
FORBIDDEN = (
    "$JS.API.STREAM.DELETE.>",
    "$JS.API.STREAM.PURGE.>",
    "$JS.API.STREAM.UPDATE.>",
    "$JS.API.STREAM.MSG.DELETE.>",
    "$JS.API.STREAM.RESTORE.>",
    "$JS.API.STREAM.PEER.REMOVE.>",
    "$JS.API.STREAM.TEMPLATE.>",
    "$JS.API.ACCOUNT.>",
    "$JS.API.META.>",
    "$JS.API.SERVER.>",
    "_INBOX.>",
    *INBOXES,
)

WHAT = {
    "writer": "the command path: records events (publish, atomic batches) and reads them back",
    "reader": "projections and subscribers: ordered consumers, its own durables, direct gets",
    "auditor": "read-only: stream info, direct gets; no consumer, so no durable state",
    "ops": "creates the streams and looks at them; may not delete, purge or update",
}


@dataclass(frozen=True)
class Permissions:
    publish: tuple[str, ...]
    deny: tuple[str, ...]
    subscribe: tuple[str, ...]


def _streams(spec: StreamSpec) -> tuple[StreamSpec, StreamSpec]:
    return spec, spec.snapshots()


def _reads(spec: StreamSpec) -> list[str]:
    out = ["$JS.API.INFO"]
    for s in _streams(spec):
        out += [
            f"$JS.API.STREAM.INFO.{s.name}",
            f"$JS.API.STREAM.MSG.GET.{s.name}",
            f"$JS.API.DIRECT.GET.{s.name}",
            f"$JS.API.DIRECT.GET.{s.name}.>",
        ]
    return out


def _ephemeral_consumers(spec: StreamSpec) -> list[str]:
    """Ephemeral consumers (ordered, and the read path's pulls): the create subject that names
    no consumer, on which nats-server refuses a durable; pulls from and deletes of consumers
    of this stream, which only this role makes."""
    s = spec.name
    return [
        f"$JS.API.CONSUMER.CREATE.{s}",
        f"$JS.API.CONSUMER.INFO.{s}.*",
        f"$JS.API.CONSUMER.MSG.NEXT.{s}.*",
        f"$JS.API.CONSUMER.DELETE.{s}.*",
        f"$JS.FC.{s}.>",
    ]


def _durables(spec: StreamSpec, names: Iterable[str]) -> list[str]:
    """Create, change and ack these durables, by name, and no other."""
    s = spec.name
    out: list[str] = []
    for d in names:
        out += [
            f"$JS.API.CONSUMER.DURABLE.CREATE.{s}.{d}",
            f"$JS.API.CONSUMER.CREATE.{s}.{d}",
            f"$JS.API.CONSUMER.CREATE.{s}.{d}.>",
            f"$JS.ACK.{s}.{d}.>",
        ]
    return out


def _inbox(role: str) -> str:
    return f"{inbox_prefix(role)}.>"


def _stream_subjects(spec: StreamSpec) -> list[str]:
    return [f"{s.prefix}.>" for s in _streams(spec)]


def permissions(spec: StreamSpec, durables: Iterable[str] = ()) -> dict[str, Permissions]:
    """Each role's permissions on ``spec``'s stream and its snapshot stream; ``durables``:
    the durable consumers the reader keeps."""
    s = spec.name
    no_writes = (*_stream_subjects(spec), *FORBIDDEN)
    return {
        "writer": Permissions(
            publish=(
                *(f"{x.events}.>" for x in _streams(spec)),
                *(f"{x.tracking}.>" for x in _streams(spec)),
                spec.checkpoints,  # the checkpointer runs as writer: signed checkpoints
                *_reads(spec),
            ),
            deny=FORBIDDEN,
            subscribe=(_inbox("writer"),),
        ),
        "reader": Permissions(
            subscribe=(_inbox("reader"), spec.all_events),
            publish=(
                *_reads(spec),
                *_ephemeral_consumers(spec),
                *_durables(spec, durables),
                f"$JS.API.CONSUMER.NAMES.{s}",
                f"$JS.API.CONSUMER.LIST.{s}",
            ),
            deny=no_writes,
        ),
        "auditor": Permissions(
            subscribe=(_inbox("auditor"), spec.all_events),
            publish=(*_reads(spec), f"$JS.API.CONSUMER.INFO.{s}.*"),
            deny=no_writes,
        ),
        "ops": Permissions(
            publish=(
                "$JS.API.INFO",
                "$JS.API.STREAM.NAMES",
                "$JS.API.STREAM.LIST",
                "$JS.API.STREAM.INFO.*",
                *(f"$JS.API.STREAM.CREATE.{x.name}" for x in _streams(spec)),
                *(f"$JS.API.STREAM.LEADER.STEPDOWN.{x.name}" for x in _streams(spec)),
                "$JS.API.CONSUMER.NAMES.*",
                "$JS.API.CONSUMER.LIST.*",
                "$JS.API.CONSUMER.INFO.*.*",
                f"$JS.API.CONSUMER.DELETE.{s}.*",
            ),
            deny=no_writes,
            subscribe=(_inbox("ops"),),
        ),
    }
