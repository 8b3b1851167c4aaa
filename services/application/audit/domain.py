"""The domain half of the audit, over stored records in sequence order: each fact decoded by
its wire name (the core's own classes), scanned for personal data, re-decided by the domain's
rules (core.audit.replay) and indexed for the trail (core.audit.trail). Headers against the
payload, canonical bytes and chains are the log-integrity half's
(services.application.audit.integrity)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Protocol

import msgspec
import msgspec.inspect

from core.audit import personal
from core.audit.replay import DomainAudit
from core.audit.trail import TrailIndex
from core.audit.violation import Violation
from core.events import Event, event_type
from services.adapters.eventstore.records import H_ID, H_TOPIC
from services.adapters.eventstore.upcasting import UPCASTERS


class Record(Protocol):
    """A stored message as the audit reads it, from the live stream or an export."""

    @property
    def seq(self) -> int: ...
    @property
    def subject(self) -> str: ...
    @property
    def headers(self) -> dict[str, str]: ...
    @property
    def data(self) -> bytes: ...


@cache
def _decoder(cls: type[Event]) -> msgspec.json.Decoder[Event]:
    return msgspec.json.Decoder(cls)


class DomainPass:
    """Feed every record of the log's events subject; read the violations as they come.
    `indexed=False` skips the trail's index (a verdict needs none)."""

    def __init__(self, events_subject_prefix: str, *, indexed: bool = True) -> None:
        self.prefix = events_subject_prefix + "."
        self.audit = DomainAudit()
        self.index = TrailIndex()
        self._indexed = indexed
        self.facts = 0

    def feed(self, record: Record) -> list[Violation]:
        if not record.subject.startswith(self.prefix):
            return []  # tracking positions, checkpoints: the log-integrity half checks them
        h = record.headers
        return self.fact(record.seq, h.get(H_TOPIC, ""), h.get(H_ID, ""), record.data)

    def fact(self, seq: int, topic: str, aggregate: str, data: bytes) -> list[Violation]:
        """One stored fact of the events subject: its sequence, topic, record and payload."""
        cls = event_type(topic)
        if cls is None and topic not in UPCASTERS.retired():
            return [
                Violation(
                    seq=seq,
                    aggregate=aggregate,
                    rule="unknown-fact",
                    expected="a fact of the domain",
                    found=topic or "no topic",
                )
            ]
        try:
            event = (
                _decoder(cls).decode(data)
                if cls is not None
                else UPCASTERS.decode(topic, data)  # an older version, read as today's
            )
        except (msgspec.DecodeError, msgspec.ValidationError, ValueError) as e:
            return [
                Violation(
                    seq=seq,
                    aggregate=aggregate,
                    rule="undecodable",
                    expected=f"a {topic}",
                    found=str(e),
                )
            ]
        self.facts += 1
        if self._indexed:
            self.index.feed(seq, event)
        found = self.audit.feed(seq, event)
        # Every payload, every field of it (the actor's, and any the decoder would not read):
        # personal data is looked for where it could have been typed or forged in.
        if not any(v.rule == "personal-data" for v in found):
            found += [
                Violation(
                    seq=seq,
                    aggregate=aggregate,
                    rule="personal-data",
                    expected="pseudonyms and criteria only",
                    found=hit,
                )
                for hit in personal.found(data)
            ]
        return found

    def finish(self) -> list[Violation]:
        return self.audit.finish()

    def finish_counted(self) -> tuple[list[Violation], int]:
        return self.finish(), self.facts


def audit_domain(
    records: Iterable[Record], events_subject_prefix: str
) -> tuple[DomainPass, list[Violation]]:
    domain = DomainPass(events_subject_prefix)
    found = [v for r in records for v in domain.feed(r)]
    return domain, found + domain.finish()
