"""Saving events: one checked publish, or one atomic batch, retried safely.

A save names, for each aggregate, the events it appends. The first event of
each aggregate carries ``Nats-Expected-Last-Subject-Sequence`` (0 for a new
aggregate) and every event carries the digest of the one before it. If the
server says the subject moved (10071/10164), or that the batch repeats a
stored ``Nats-Msg-Id`` (10201), or does not answer, we read the true heads
from the stream leader and decide: our own save already landed (a retry after
a lost acknowledgement: success), someone else recorded these versions
(``IntegrityError``), or our cached head was just stale (try again).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import nats.errors
from eventsourcing.persistence import IntegrityError, StoredEvent, Tracking

from core.integrity import GENESIS, record_digest
from services.eventstore.client import (
    CONFLICT_CODES,
    DUPLICATE_IN_BATCH,
    MAX_BATCH,
    JetStreamError,
    Outgoing,
    StreamClient,
)
from services.eventstore.errors import (
    BatchTooLarge,
    ConcurrencyConflict,
    EventStoreUnavailable,
    PublishRefused,
)
from services.eventstore.records import (
    H_EXPECTED,
    H_ID,
    H_MSG_ID,
    H_PREV,
    H_TOPIC,
    H_VERSION,
    Head,
    Heads,
    Positions,
    digest_of,
    message_id,
)

ATTEMPTS = 5


@dataclass
class _Group:
    key: str  # aggregate id as a string, or a tracking application name
    subject: str
    events: list[StoredEvent]


def plan_groups(js: StreamClient, stored_events: Sequence[StoredEvent]) -> list[_Group]:
    """Group a save by aggregate; versions must strictly increase within each."""
    groups: dict[str, _Group] = {}
    for event in stored_events:
        key = str(event.originator_id)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(key, js.spec.event_subject(key), [])
        elif group.events[-1].originator_version >= event.originator_version:
            raise IntegrityError(
                f"a save repeats or reorders versions of {key}: "
                f"{group.events[-1].originator_version} then {event.originator_version}"
            )
        group.events.append(event)
    return list(groups.values())


class Writer:
    def __init__(
        self, js: StreamClient, heads: Heads, tracking_heads: Heads, positions: Positions
    ) -> None:
        self.js = js
        self.heads = heads
        self.tracking_heads = tracking_heads
        self.positions = positions

    def save(
        self, stored_events: Sequence[StoredEvent], tracking: Tracking | None = None
    ) -> list[int]:
        groups = plan_groups(self.js, stored_events)
        if len(stored_events) + (tracking is not None) > MAX_BATCH:
            raise BatchTooLarge(
                f"one save holds {len(stored_events)} events; JetStream's atomic batch "
                f"takes at most {MAX_BATCH}: split the work into several commands"
            )
        for _attempt in range(ATTEMPTS):
            if tracking is not None:
                self._check_tracking(tracking)
            outgoing, new_heads = self._messages(groups, tracking)
            try:
                if len(outgoing) == 1:
                    ack = self.js.publish(outgoing[0])
                else:
                    ack = self.js.publish_batch(outgoing)
            except JetStreamError as e:
                if e.err_code not in CONFLICT_CODES and e.err_code != DUPLICATE_IN_BATCH:
                    raise PublishRefused(f"JetStream refused the save: {e.description}") from e
                last_seq = self._landed(groups, outgoing, tracking)
            except (nats.errors.TimeoutError, nats.errors.NoRespondersError):
                last_seq = self._landed(groups, outgoing, tracking)
            else:
                last_seq = ack.seq
            if last_seq is None:
                continue  # heads refreshed: the checks above decide on the next round
            first_seq = last_seq - len(outgoing) + 1
            self._remember(groups, first_seq)
            for key, (index, version, digest) in new_heads.items():
                self.heads.put(key, Head(first_seq + index, version, digest))
            if tracking is not None:
                self.tracking_heads.put(
                    tracking.application_name, Head(last_seq, tracking.notification_id, b"")
                )
            return list(range(first_seq, first_seq + len(stored_events)))
        raise EventStoreUnavailable(
            f"could not record the save after {ATTEMPTS} attempts; nothing was half-written"
        )

    def _remember(self, groups: list[_Group], first_seq: int) -> None:
        """Each saved version's stream sequence (a batch's messages are consecutive)."""
        seq = first_seq
        for group in groups:
            pairs = [(e.originator_version, seq + i) for i, e in enumerate(group.events)]
            self.positions.record(group.key, pairs)
            seq += len(group.events)

    def _messages(
        self, groups: list[_Group], tracking: Tracking | None
    ) -> tuple[list[Outgoing], dict[str, tuple[int, int, bytes]]]:
        outgoing: list[Outgoing] = []
        new_heads: dict[str, tuple[int, int, bytes]] = {}
        for group in groups:
            head = self.heads.get(group.key)
            first = group.events[0].originator_version
            if head is not None and head.position >= first:
                raise ConcurrencyConflict(group.key, first, head.position)
            prev = head.digest if head is not None else GENESIS
            for i, e in enumerate(group.events):
                headers = {
                    H_ID: group.key,
                    H_VERSION: str(e.originator_version),
                    H_TOPIC: e.topic,
                    H_PREV: prev.hex(),
                    H_MSG_ID: message_id(group.key, e.originator_version),
                }
                if i == 0:
                    headers[H_EXPECTED] = str(head.seq if head is not None else 0)
                prev = record_digest(group.key, e.originator_version, e.topic, prev, e.state)
                outgoing.append(Outgoing(group.subject, e.state, headers))
            new_heads[group.key] = (len(outgoing) - 1, group.events[-1].originator_version, prev)
        if tracking is not None:
            head = self.tracking_heads.get(tracking.application_name)
            outgoing.append(
                Outgoing(
                    self.js.spec.tracking_subject(tracking.application_name),
                    str(tracking.notification_id).encode(),
                    {
                        H_EXPECTED: str(head.seq if head is not None else 0),
                        H_MSG_ID: f"tracking:{tracking.application_name}:"
                        f"{tracking.notification_id}",
                    },
                )
            )
        return outgoing, new_heads

    def _check_tracking(self, tracking: Tracking) -> None:
        head = self.tracking_heads.get(tracking.application_name)
        if head is None:
            head = self.refresh_tracking(tracking.application_name)
        if head is not None and head.position >= tracking.notification_id:
            raise IntegrityError(
                f"tracking {tracking.application_name} at {tracking.notification_id} "
                f"is not after the recorded position {head.position}"
            )

    def refresh_tracking(self, application_name: str) -> Head | None:
        last = self.js.last_on_subject(self.js.spec.tracking_subject(application_name))
        head = None if last is None else Head(last.seq, int(last.data), b"")
        self.tracking_heads.put(application_name, head)
        return head

    def refresh(self, group: _Group) -> Head | None:
        last = self.js.last_on_subject(group.subject)
        if last is None:
            self.heads.put(group.key, None)
            return None
        head = Head(last.seq, int(last.headers[H_VERSION]), digest_of(last.headers, last.data))
        self.heads.put(group.key, head)
        return head

    def _landed(
        self, groups: list[_Group], outgoing: list[Outgoing], tracking: Tracking | None
    ) -> int | None:
        """Refresh every head from the leader; the last sequence if our save is stored."""
        try:
            heads = [self.refresh(g) for g in groups]
            if tracking is not None:
                self.refresh_tracking(tracking.application_name)
        except (nats.errors.TimeoutError, nats.errors.NoRespondersError) as e:
            raise EventStoreUnavailable(
                "NATS did not answer; the save may or may not be recorded: "
                "run the same command again, it will not be recorded twice"
            ) from e
        if tracking is not None:
            return self._tracking_landed(tracking, outgoing)
        last_group, last_head = groups[-1], heads[-1]
        if last_head is None:
            return None
        expected = outgoing[-1]
        ours = last_head.position == last_group.events[
            -1
        ].originator_version and last_head.digest == digest_of(expected.headers, expected.data)
        return last_head.seq if ours else None

    def _tracking_landed(self, tracking: Tracking, outgoing: list[Outgoing]) -> int | None:
        last = self.js.last_on_subject(self.js.spec.tracking_subject(tracking.application_name))
        if last is not None and last.headers.get(H_MSG_ID) == outgoing[-1].headers[H_MSG_ID]:
            return last.seq
        return None


__all__ = ["Writer", "plan_groups"]
