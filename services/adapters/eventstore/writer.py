"""Saving events: one checked publish, or one atomic batch, retried safely.

Events are published in the order the save gives them. The first event of each
aggregate carries ``Nats-Expected-Last-Subject-Sequence`` (0 for a new
aggregate) and every event carries the digest of the previous event of its
aggregate. When the outcome is unclear (the subject moved: 10071/10164; the
batch repeats a stored ``Nats-Msg-Id``: 10201; a duplicate acknowledgement, as
a cluster gives before checking sequences; or no answer at all) we ask the
stream leader for the message that follows the sequence we expected on the
save's first subject: if it is ours, byte for byte, the save is stored (a
retry after a lost acknowledgement); otherwise we refresh the heads, and the
version check decides between someone else's write (``IntegrityError``) and a
merely stale cache (try again).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from eventsourcing.persistence import IntegrityError, StoredEvent, Tracking

from core.integrity import GENESIS, record_digest
from services.adapters.eventstore.client import (
    CONFLICT_CODES,
    DUPLICATE_IN_BATCH,
    MAX_BATCH,
    JetStreamError,
    Outgoing,
    StreamClient,
)
from services.adapters.eventstore.errors import (
    AccessDenied,
    BatchTooLarge,
    ConcurrencyConflict,
    EventStoreTimeout,
    EventStoreUnavailable,
    PublishRefused,
)
from services.adapters.eventstore.records import (
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

ATTEMPTS = 5  # rounds after a stale cached head
RETRY_PAUSE = 0.05  # first pause before publishing again when NATS did not answer
MAX_RETRY_PAUSE = 1.0


class _Unanswered(Exception):
    """Neither an acknowledgement nor a refusal: whether the save is stored is unknown."""


@dataclass
class _Group:
    key: str  # the aggregate id as a string
    subject: str
    events: list[StoredEvent]


def plan_groups(
    js: StreamClient, stored_events: Sequence[StoredEvent], keys: Sequence[str]
) -> list[_Group]:
    """The save's aggregates in order of first appearance; versions strictly increase."""
    groups: dict[str, _Group] = {}
    for event, key in zip(stored_events, keys, strict=True):
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


@dataclass
class _Plan:
    outgoing: list[Outgoing]
    expected: dict[str, int]  # the sequence each aggregate's subject was expected at
    heads: dict[str, Head]  # each aggregate's new head, seq as an offset in the batch


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
        keys = [str(e.originator_id) for e in stored_events]
        groups = plan_groups(self.js, stored_events, keys)
        if len(stored_events) + (tracking is not None) > MAX_BATCH:
            raise BatchTooLarge(
                f"one save holds {len(stored_events)} events; JetStream's atomic batch "
                f"takes at most {MAX_BATCH}: split the work into several commands"
            )
        deadline = time.monotonic() + self.js.patience
        pause, stale = RETRY_PAUSE, 0
        while True:
            if tracking is not None:
                self._check_tracking(tracking)
            plan = self._plan(stored_events, keys, groups, tracking)
            try:
                last_seq = self._send(plan, groups, tracking)
            except _Unanswered as e:
                # No answer at all (a leader election, a node or the server restarting):
                # publish the very same messages again. JetStream recognises them (the
                # same Nats-Msg-Id, the same expected sequence), so this never duplicates.
                left = deadline - time.monotonic()
                if left <= 0:
                    raise EventStoreUnavailable(
                        f"NATS did not answer for {self.js.patience:g} s; the save may or may "
                        "not be recorded: run the same command again, it will not be "
                        "recorded twice"
                    ) from e.__cause__
                time.sleep(min(pause, left))
                pause = min(pause * 2, MAX_RETRY_PAUSE)
                continue
            if last_seq is None:
                stale += 1
                if stale >= ATTEMPTS:
                    raise EventStoreUnavailable(
                        f"could not record the save after {ATTEMPTS} attempts; "
                        "nothing was half-written"
                    )
                continue  # heads refreshed: the version checks decide on the next round
            first_seq = last_seq - len(plan.outgoing) + 1
            self._remember(
                stored_events, keys, first_seq, plan, tracking=tracking, last_seq=last_seq
            )
            return list(range(first_seq, first_seq + len(stored_events)))

    def _send(self, plan: _Plan, groups: list[_Group], tracking: Tracking | None) -> int | None:
        try:
            if len(plan.outgoing) == 1:
                ack = self.js.publish(plan.outgoing[0])
            else:
                ack = self.js.publish_batch(plan.outgoing)
        except JetStreamError as e:
            if e.err_code not in CONFLICT_CODES and e.err_code != DUPLICATE_IN_BATCH:
                raise PublishRefused(f"JetStream refused the save: {e.description}") from e
            return self._landed(plan, groups, tracking)
        except EventStoreUnavailable as e:  # no answer, or no server reachable right now
            landed = self._landed(plan, groups, tracking)
            if landed is None:  # not stored: publish again while the patience lasts
                raise _Unanswered from e
            return landed
        if ack.duplicate or ack.stream != self.js.spec.name:
            return self._landed(plan, groups, tracking)  # stored before: by us, or not?
        return ack.seq

    def _remember(
        self,
        stored_events: Sequence[StoredEvent],
        keys: Sequence[str],
        first_seq: int,
        plan: _Plan,
        *,
        tracking: Tracking | None,
        last_seq: int,
    ) -> None:
        """Each saved version's stream sequence (a batch's messages are consecutive)."""
        pairs: dict[str, list[tuple[int, int]]] = {}
        for i, (e, key) in enumerate(zip(stored_events, keys, strict=True)):
            pairs.setdefault(key, []).append((e.originator_version, first_seq + i))
        for key, seen in pairs.items():
            self.positions.record(key, seen)
        for key, head in plan.heads.items():
            self.heads.put(key, Head(first_seq + head.seq, head.position, head.digest))
        if tracking is not None:
            self.tracking_heads.put(
                tracking.application_name, Head(last_seq, tracking.notification_id, b"")
            )

    def _plan(
        self,
        stored_events: Sequence[StoredEvent],
        keys: Sequence[str],
        groups: list[_Group],
        tracking: Tracking | None,
    ) -> _Plan:
        expected: dict[str, int] = {}
        prev: dict[str, bytes] = {}
        for group in groups:
            head = self.heads.get(group.key)
            first = group.events[0].originator_version
            if head is not None and head.position >= first:
                raise ConcurrencyConflict(group.key, first, head.position)
            expected[group.key] = head.seq if head is not None else 0
            prev[group.key] = head.digest if head is not None else GENESIS
        subjects = {g.key: g.subject for g in groups}
        outgoing: list[Outgoing] = []
        heads: dict[str, Head] = {}
        for e, key in zip(stored_events, keys, strict=True):
            version = e.originator_version
            headers = {
                H_ID: key,
                H_VERSION: str(version),
                H_TOPIC: e.topic,
                H_PREV: prev[key].hex(),
                H_MSG_ID: message_id(key, version),
            }
            if key not in heads:
                headers[H_EXPECTED] = str(expected[key])
            prev[key] = record_digest(key, version, e.topic, prev[key], e.state)
            heads[key] = Head(len(outgoing), version, prev[key])
            outgoing.append(Outgoing(subjects[key], e.state, headers))
        if tracking is not None:
            head = self.tracking_heads.get(tracking.application_name)
            expected[""] = head.seq if head is not None else 0
            name, position = tracking.application_name, tracking.notification_id
            outgoing.append(
                Outgoing(
                    self.js.spec.tracking_subject(name),
                    str(position).encode(),
                    {H_EXPECTED: str(expected[""]), H_MSG_ID: f"tracking:{name}:{position}"},
                )
            )
        return _Plan(outgoing, expected, heads)

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

    def _landed(self, plan: _Plan, groups: list[_Group], tracking: Tracking | None) -> int | None:
        """The last sequence of our save if it is stored; else refresh the heads, None."""
        first = plan.outgoing[0]
        key = first.headers.get(H_ID, "")
        try:
            found = self.js.next_on_subject(first.subject, plan.expected[key] + 1)
            if found is not None and self._same(found.headers, found.data, first):
                return found.seq + len(plan.outgoing) - 1  # an atomic batch is consecutive
            for group in groups:
                self.refresh(group)
            if tracking is not None:
                self.refresh_tracking(tracking.application_name)
        except (EventStoreTimeout, EventStoreUnavailable) as e:
            if isinstance(e, AccessDenied):
                raise
            raise _Unanswered from e  # still unknown: the caller tries again, or gives up
        return None

    @staticmethod
    def _same(headers: dict[str, str], data: bytes, ours: Outgoing) -> bool:
        if headers.get(H_MSG_ID) != ours.headers[H_MSG_ID] or data != ours.data:
            return False
        if H_ID not in ours.headers:
            return True  # a tracking position: the same message is the same fact
        return digest_of(headers, data) == digest_of(ours.headers, ours.data)


__all__ = ["Writer", "plan_groups"]
