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
- ``$JS.ACK.<stream>.>`` (acks) and ``$JS.FC.<stream>.>`` (flow control replies of the
  ordered push consumers behind subscriptions).

An atomic batch is plain publishes to the stream's subjects with batch headers, so
the writer needs nothing more for it. Replies come back on ``_INBOX.>``: every role
may subscribe there, and none may publish there, so no role can answer another's
requests in JetStream's name. Readers and auditors may also subscribe to the events'
subjects in core NATS (the projection worker is woken that way): what they already read.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.adapters.eventstore.stream import StreamSpec

ROLES = ("writer", "reader", "auditor", "ops")

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
)

WHAT = {
    "writer": "the command path: records events (publish, atomic batches) and reads them back",
    "reader": "projections and subscribers: consumers and direct gets, never a publish",
    "auditor": "read-only: stream info, direct gets, ordered consumers; no durable state",
    "ops": "creates the streams and looks at them; may not delete, purge or update",
}


@dataclass(frozen=True)
class Permissions:
    publish: tuple[str, ...]
    deny: tuple[str, ...]
    subscribe: tuple[str, ...] = ("_INBOX.>",)


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


def _ordered_consumers(spec: StreamSpec) -> list[str]:
    s = spec.name
    return [
        f"$JS.API.CONSUMER.CREATE.{s}",
        f"$JS.API.CONSUMER.CREATE.{s}.>",
        f"$JS.API.CONSUMER.INFO.{s}.*",
        f"$JS.FC.{s}.>",
    ]


def _stream_subjects(spec: StreamSpec) -> list[str]:
    return [f"{s.prefix}.>" for s in _streams(spec)]


def permissions(spec: StreamSpec) -> dict[str, Permissions]:
    """Each role's permissions on ``spec``'s stream and its snapshot stream."""
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
        ),
        "reader": Permissions(
            subscribe=("_INBOX.>", spec.all_events),
            publish=(
                *_reads(spec),
                *_ordered_consumers(spec),
                f"$JS.API.CONSUMER.DURABLE.CREATE.{s}.*",
                f"$JS.API.CONSUMER.DELETE.{s}.*",
                f"$JS.API.CONSUMER.NAMES.{s}",
                f"$JS.API.CONSUMER.LIST.{s}",
                f"$JS.API.CONSUMER.MSG.NEXT.{s}.*",
                f"$JS.ACK.{s}.>",
            ),
            deny=no_writes,
        ),
        "auditor": Permissions(
            subscribe=("_INBOX.>", spec.all_events),
            publish=(*_reads(spec), *_ordered_consumers(spec)),
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
        ),
    }
