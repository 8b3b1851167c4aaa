"""Errors a user can act on, each one clear sentence.

They subclass the eventsourcing library's persistence errors so that the
library's own code (and its conformance tests) see the category they expect.
"""

from __future__ import annotations

from eventsourcing.persistence import IntegrityError, OperationalError, ProgrammingError


class EventStoreUnavailable(OperationalError):
    """NATS cannot be reached or did not answer in time."""


class EventStoreTimeout(EventStoreUnavailable):
    """NATS did not answer a request in time (the outcome of a write is unknown)."""


class ServerTooOld(OperationalError):
    """The NATS server cannot do atomic batch publish (needs 2.12 or newer)."""


class StreamMissing(OperationalError):
    """The event stream does not exist and we were told not to create it."""


class StreamNotCreated(OperationalError):
    """NATS refused to create (or describe) the event stream."""


class StreamMisconfigured(OperationalError):
    """The event stream exists but is not append-only or lacks a needed feature."""

    def __init__(self, stream: str, problems: list[str]) -> None:
        self.stream = stream
        self.problems = problems
        super().__init__(
            f"stream {stream!r} is not configured as an append-only event log: "
            + "; ".join(problems)
        )


class ConcurrencyConflict(IntegrityError):
    """Someone recorded an event on this aggregate first (optimistic concurrency)."""

    def __init__(self, originator_id: str, version: int, found: int | None) -> None:
        self.originator_id = originator_id
        self.version = version
        self.found = found
        detail = (
            f"it is already at version {found}"
            if found is not None
            else "its last event changed while saving"
        )
        super().__init__(
            f"someone changed {originator_id} first: cannot record version {version}, "
            f"{detail}; reload it and try again"
        )


class BatchTooLarge(ProgrammingError):
    """One save cannot exceed what JetStream accepts in one atomic batch."""


class PublishRefused(OperationalError):
    """JetStream refused a write for a reason other than a concurrency conflict."""


class AccessDenied(PublishRefused):
    """NATS refused this identity: wrong credentials, or an act its role does not allow."""
