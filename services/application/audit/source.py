"""Where an audit reads the log: the live stream, or an export file, through one interface.

``open_source(settings, log, announce)`` gives a ``LogSource``: ``spec`` (stream and subject
prefix), ``config`` (the stream's configuration, or None), ``last_seq`` (for a progress
bar), ``records()`` (every stored message in sequence order, as ``RawMessage``) and
``close()``. A live source reads the stream with batched direct gets and does not refuse a
weakened stream: reporting it is the audit's job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from services.adapters.embedded import resolve_nats_url
from services.adapters.eventstore.client import RawMessage, StreamClient
from services.adapters.eventstore.connect import redact
from services.adapters.eventstore.connection import JetStreamConnection
from services.adapters.eventstore.errors import StreamMissing
from services.adapters.eventstore.stream import StreamSettings, StreamSpec
from services.application.audit.export import ExportFile, LogSource
from services.config import Settings

READ_BATCH = 10_000


class LiveSource:
    """The stream itself, read from sequence 1 to its last message at the time of reading."""

    def __init__(self, url: str, spec: StreamSpec, settings: Settings) -> None:
        self.spec = spec
        self.connection = JetStreamConnection(
            url, spec, auth=settings.nats_auth, patience=settings.nats_retry_seconds
        )
        try:
            info = self.connection.stream_info(spec)
        except BaseException:
            self.connection.close()
            raise
        if info is None:
            self.connection.close()
            raise StreamMissing(
                f"stream {spec.name!r} does not exist on {redact(url)}: nothing to audit "
                "(check ASSEMBLY_STREAM and NATS_URL)"
            )
        self.config: StreamSettings | None = info.settings
        self.last_seq: int = info.last_seq
        self.client = StreamClient(self.connection.transport, spec)

    def records(self) -> Iterator[RawMessage]:
        if self.last_seq:
            yield from self.client.read(1, None, READ_BATCH)

    def close(self) -> None:
        self.connection.close()


def open_source(settings: Settings, log: Path | None, announce: Callable[[str], None]) -> LogSource:
    """The export file ``log`` if given, else the live stream of ``settings``."""
    if log is not None:
        return ExportFile(log)
    spec = StreamSpec(settings.stream, settings.subject_prefix, settings.replicas)
    return LiveSource(resolve_nats_url(settings, announce), spec, settings)
