"""The domain replay in a second process, so that the two halves of `audit verify` use both
cores: this process reads the log and checks its integrity while the other re-decides every
fact. Facts cross in batches (sequence, the two headers the replay reads, payload);
the verdict comes back at the end. Same checks, same violations as one process."""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from typing import Any

from core.audit.violation import Violation
from services.adapters.eventstore.client import RawMessage
from services.adapters.eventstore.records import H_ID, H_TOPIC
from services.application.audit.domain import DomainPass

BATCH = 2_000

Row = tuple[int, str, str, bytes]  # sequence, topic, record id, payload


def _replay(conn: Connection, prefix: str) -> None:
    domain = DomainPass(prefix, indexed=False)
    fact = domain.fact
    found: list[Violation] = []
    try:
        while (rows := conn.recv()) is not None:
            for seq, topic, aggregate, data in rows:
                problems = fact(seq, topic, aggregate, data)
                if problems:
                    found += problems
        found += domain.finish()
        conn.send((found, domain.facts))
    except BaseException as e:  # the parent reports it; never hang it
        conn.send(e)
        raise
    finally:
        conn.close()


class DomainProcess:
    """`feed` as DomainPass does, without waiting; `finish_counted` returns (violations,
    facts)."""

    def __init__(self, prefix: str) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_replay, args=(child, prefix), daemon=True)
        self._process.start()
        child.close()
        self._rows: list[Row] = []
        self._events = prefix + "."

    def feed(self, m: RawMessage) -> list[Violation]:
        """Sent on; its violations come back with `finish`."""
        if m.subject.startswith(self._events):
            h = m.headers
            self._rows.append((m.seq, h.get(H_TOPIC, ""), h.get(H_ID, ""), m.data))
            if len(self._rows) >= BATCH:
                self._conn.send(self._rows)
                self._rows = []
        return []

    def finish_counted(self) -> tuple[list[Violation], int]:
        if self._rows:
            self._conn.send(self._rows)
        self._conn.send(None)
        answer: Any = self._conn.recv()
        self._process.join()
        if isinstance(answer, BaseException):
            raise answer
        violations, facts = answer
        return violations, facts

    def close(self) -> None:
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._conn.close()
