"""The structural audit as a streaming checker: feed it every stored message in sequence
order, then finish; each problem is a ``Violation`` naming sequence, record, rule, expected
and found. One pass, one small state per record, so the domain replay can run in the same loop.

Rules (stable names):

- ``stream-config``: the stream is not append-only (``config_problems``: deny_delete,
  deny_purge, limits, discard, rollups...), or its configuration is missing;
- ``sequence-gap`` (a message missing before this one), ``sequence-order`` (a sequence
  repeated or going back);
- ``unknown-subject``: a message outside the events, tracking and checkpoint subjects;
- ``record-headers``: an event without readable Assembly-Id/Version/Topic/Prev;
- ``subject``: an event on another record's subject;
- ``canonical-bytes``: the payload is not canonical JSON (sorted keys, no whitespace, no
  float), i.e. decoding and re-encoding it does not give the stored bytes;
- ``header-payload``: the payload's originator id or version disagrees with the headers;
- ``version-sequence``: a record's versions not consecutive from 1;
- ``hash-chain``: Assembly-Prev is not the digest of the record's previous event;
- ``record-digest``: told at that previous event, the one whose bytes (or whose successor's
  Assembly-Prev) were changed: it does not match the digest its successor holds for it. Not
  told when the versions skip (an event missing between them);
- ``future-dated``: an event dated (``at``) later than JetStream stored it, by more than the
  tolerance for clocks (``core.time_order.FUTURE_TOLERANCE``): it was recorded before it
  happened (the application refuses it; only a forger, or a writer with a wrong clock, gets
  one in);
- ``tracking-position``: a process application's tracking position not increasing;
- ``checkpoint-payload``, ``checkpoint-origin``, ``checkpoint-signature``, ``checkpoint-key``,
  ``checkpoint-size`` (a checkpoint covering itself or more), ``checkpoint-root`` (the root
  recomputed at its size differs): checkpoints recorded in the log;
- ``outside-checkpoint-origin``, ``outside-checkpoint-signature``, ``outside-checkpoint-key``,
  ``log-shorter-than-checkpoint`` (the log ends before a checkpoint kept outside),
  ``outside-checkpoint-root`` (the log's first messages are not the ones it signed).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

import msgspec

from core.audit.violation import Violation
from core.integrity import GENESIS, record_digest
from core.merkle import MerkleLog
from core.time_order import FUTURE_TOLERANCE, is_future, utc
from services.adapters.eventstore.client import RawMessage
from services.adapters.eventstore.records import H_ID, H_PREV, H_TOPIC, H_VERSION
from services.adapters.eventstore.stream import StreamSpec, config_problems
from services.application.audit.checkpoints import (
    CHECKPOINTS_ID,
    TOPIC,
    Checkpoint,
    decode,
    origin_of,
)
from services.application.audit.leaf import leaf_hash

STORED_AT = "Nats-Time-Stamp"  # when JetStream stored the message (a direct get, a consumer)


class _Float(Exception):
    pass


def _no_float(text: str) -> Any:
    raise _Float(text)


_json = msgspec.json.Decoder(float_hook=_no_float).decode
_canonical = msgspec.json.Encoder(order="sorted").encode


def config_violations(config: Any, spec: StreamSpec) -> list[Violation]:
    """The stream configuration, checked as the store checks it (``config_problems``)."""
    if config is None:
        return [
            Violation(
                seq=0,
                aggregate="",
                rule="stream-config",
                expected="the stream's configuration",
                found="none (an export without its first record?)",
            )
        ]
    return [
        Violation(
            seq=0,
            aggregate="",
            rule="stream-config",
            expected="an append-only stream",
            found=problem,
        )
        for problem in config_problems(config, spec)
    ]


def _changed(earlier: int, seq: int, agg: str, digest: bytes, held: str) -> Violation:
    """The record a broken link blames: the one before it, told at its own sequence."""
    return Violation(
        seq=earlier,
        aggregate=agg,
        rule="record-digest",
        expected=f"the digest record #{seq} holds for it ({held[:16]}…)",
        found=f"record #{earlier} does not match it: its bytes digest to {digest.hex()[:16]}…",
    )


class Covered(msgspec.Struct, frozen=True, kw_only=True):
    """A message covered by a checkpoint: the proof an outsider checks with
    ``core.merkle.verify_inclusion(leaf_hash, seq - 1, tree_size, proof, root)``."""

    seq: int
    leaf_hash: str  # hex
    checkpoint_seq: int  # where the checkpoint is recorded in the log
    checkpoint: Checkpoint
    proof: list[str]  # hex, RFC 9162 inclusion path


class LogIntegrity:
    """Feed every message in order (``feed``), then ``finish``; both return the violations."""

    def __init__(
        self,
        spec: StreamSpec,
        *,
        outside: Sequence[Checkpoint] = (),
        trusted_keys: Collection[str] = (),
    ) -> None:
        self.spec = spec
        self.origin = origin_of(spec.name)
        self.outside = list(outside)
        self.trusted = frozenset(trusted_keys)
        self.tree = MerkleLog()
        self.last_seq = 0
        self.records = 0
        self.checkpoints: list[tuple[int, Checkpoint]] = []  # (seq, checkpoint) found in the log
        # subject -> (version, digest, sequence) of its last event
        self._heads: dict[str, tuple[int, bytes, int]] = {}
        self._tracking: dict[str, int] = {}
        self._events = spec.events + "."
        self._tracks = spec.tracking + "."
        self._checkpoints = spec.checkpoints

    @property
    def aggregates(self) -> int:
        return len(self._heads)

    def feed(self, m: RawMessage) -> list[Violation]:
        seq, subject, headers, data = m.seq, m.subject, m.headers, m.data
        found: list[Violation] = []
        if seq != self.last_seq + 1:
            rule = "sequence-gap" if seq > self.last_seq else "sequence-order"
            found.append(
                Violation(
                    seq=seq,
                    aggregate=headers.get(H_ID, ""),
                    rule=rule,
                    expected=f"sequence {self.last_seq + 1}",
                    found=f"sequence {seq}",
                )
            )
        self.last_seq = max(seq, self.last_seq)
        self.records += 1
        self.tree.append(leaf_hash(seq, subject, headers, data))
        if subject.startswith(self._events):
            self._record(seq, subject, headers, data, found)
        elif subject == self._checkpoints:
            if self._record(seq, subject, headers, data, found):
                self._checkpoint(seq, data, found)
        elif subject.startswith(self._tracks):
            self._tracking_position(seq, subject, data, found)
        else:
            found.append(
                Violation(
                    seq=seq,
                    aggregate="",
                    rule="unknown-subject",
                    expected=f"{self._events}<id>, {self._tracks}<name> or {self._checkpoints}",
                    found=subject,
                )
            )
        return found

    def _record(
        self, seq: int, subject: str, h: dict[str, str], data: bytes, found: list[Violation]
    ) -> bool:
        """Headers, subject, canonical payload, versions and the hash chain of one event."""
        agg = h.get(H_ID, "")
        try:
            version, topic, prev_hex = int(h[H_VERSION]), h[H_TOPIC], h[H_PREV]
            prev = bytes.fromhex(prev_hex)
            if not agg or len(prev) != 32:
                raise ValueError
        except (KeyError, ValueError):
            found.append(
                Violation(
                    seq=seq,
                    aggregate=agg,
                    rule="record-headers",
                    expected=(
                        f"{H_ID}, {H_VERSION} (a number), {H_TOPIC}, {H_PREV} (32 bytes in hex)"
                    ),
                    found=", ".join(
                        f"{k}: {v}" for k, v in sorted(h.items()) if k.startswith("Assembly-")
                    )
                    or "none",
                )
            )
            return False
        own = self._checkpoints if agg == CHECKPOINTS_ID else self._events + agg
        if subject != own or (agg == CHECKPOINTS_ID and topic != TOPIC):
            found.append(
                Violation(
                    seq=seq,
                    aggregate=agg,
                    rule="subject",
                    expected=own if subject != own else TOPIC,
                    found=subject if subject != own else topic,
                )
            )
        head = self._heads.get(subject)
        want_version, want_prev = (1, GENESIS) if head is None else (head[0] + 1, head[1])
        if version != want_version:
            found.append(
                Violation(
                    seq=seq,
                    aggregate=agg,
                    rule="version-sequence",
                    expected=f"version {want_version}",
                    found=f"version {version}",
                )
            )
        if prev != want_prev:
            found.append(
                Violation(
                    seq=seq,
                    aggregate=agg,
                    rule="hash-chain",
                    expected=f"{H_PREV} {want_prev.hex()}",
                    found=f"{H_PREV} {prev_hex}",
                )
            )
            if head is not None and version == want_version:
                found.append(_changed(head[2], seq, agg, want_prev, prev_hex))
        self._heads[subject] = (version, record_digest(agg, version, topic, prev, data), seq)
        try:
            payload = _json(data)
            canonical = _canonical(payload) == data
        except (msgspec.DecodeError, _Float) as e:
            payload, canonical = None, False
            why = f"a float ({e})" if isinstance(e, _Float) else f"not JSON ({e})"
        else:
            why = "keys unsorted, whitespace, or another spelling of the same JSON"
        if not canonical:
            found.append(
                Violation(
                    seq=seq,
                    aggregate=agg,
                    rule="canonical-bytes",
                    expected="canonical JSON (re-encoding gives the stored bytes)",
                    found=why,
                )
            )
        if isinstance(payload, dict):
            if agg != CHECKPOINTS_ID:
                self._dated(seq, agg, payload.get("at"), h.get(STORED_AT), found)
            oid, over = payload.get("originator_id"), payload.get("originator_version")
            if (oid is not None and oid != agg) or (over is not None and over != version):
                found.append(
                    Violation(
                        seq=seq,
                        aggregate=agg,
                        rule="header-payload",
                        expected=f"payload of {agg} v{version}",
                        found=f"payload of {oid} v{over}",
                    )
                )
        return True

    @staticmethod
    def _dated(seq: int, agg: str, at: object, stored: str | None, found: list[Violation]) -> None:
        """The fact's time against the time JetStream stored it (when the source says)."""
        if not isinstance(at, str) or not stored:
            return  # no time to compare: decoding the fact reports a missing `at`
        try:
            moment, kept = datetime.fromisoformat(at), datetime.fromisoformat(stored)
            future = is_future(moment, kept)
        except (ValueError, TypeError):
            return  # not a time: decoding the fact reports it
        if future:
            minutes = int(FUTURE_TOLERANCE.total_seconds() // 60)
            found.append(
                Violation(
                    seq=seq,
                    aggregate=agg,
                    rule="future-dated",
                    expected=f"a time at most {minutes} minutes after it was stored ({utc(kept)})",
                    found=f"dated {utc(moment)}",
                )
            )

    def _checkpoint(self, seq: int, data: bytes, found: list[Violation]) -> None:
        def bad(rule: str, expected: str, got: str) -> None:
            found.append(
                Violation(
                    seq=seq, aggregate=CHECKPOINTS_ID, rule=rule, expected=expected, found=got
                )
            )

        try:
            c = decode(data)
        except (msgspec.DecodeError, msgspec.ValidationError) as e:
            bad(
                "checkpoint-payload",
                "a checkpoint (services/application/audit/checkpoints.py)",
                str(e),
            )
            return
        self.checkpoints.append((seq, c))
        if c.origin != self.origin:
            bad("checkpoint-origin", self.origin, c.origin)
        problem = c.signature_problem()
        if problem:
            bad("checkpoint-signature", "a valid signature by the log key", problem)
        if self.trusted and c.key_id not in self.trusted:
            bad("checkpoint-key", f"a key among {', '.join(sorted(self.trusted))}", c.key_id)
        if not 0 <= c.tree_size < self.tree.size:
            bad("checkpoint-size", f"a tree size below {self.tree.size}", str(c.tree_size))
        elif self.tree.root(c.tree_size).hex() != c.root:
            bad(
                "checkpoint-root",
                f"root {self.tree.root(c.tree_size).hex()} of the first {c.tree_size} messages",
                f"root {c.root}",
            )

    def _tracking_position(
        self, seq: int, subject: str, data: bytes, found: list[Violation]
    ) -> None:
        last = self._tracking.get(subject, 0)
        try:
            position = int(data)
        except ValueError:
            position = -1
        if position <= last:
            found.append(
                Violation(
                    seq=seq,
                    aggregate=subject,
                    rule="tracking-position",
                    expected=f"a position after {last}",
                    found=data[:40].decode("utf-8", "replace"),
                )
            )
        self._tracking[subject] = max(position, last)

    def covering(self, seq: int) -> Covered | None:
        """The first checkpoint recorded in the log (so far) whose tree holds message ``seq``."""
        for at, c in self.checkpoints:
            if c.tree_size >= seq >= 1 and c.tree_size <= self.tree.size:
                leaf = self.tree.levels[0][(seq - 1) * 32 : seq * 32]
                proof = self.tree.inclusion_proof(seq - 1, c.tree_size)
                return Covered(
                    seq=seq,
                    leaf_hash=bytes(leaf).hex(),
                    checkpoint_seq=at,
                    checkpoint=c,
                    proof=[h.hex() for h in proof],
                )
        return None

    def finish(self) -> list[Violation]:
        """The checkpoints kept outside, against the whole log as fed."""
        found: list[Violation] = []
        for c in self.outside:

            def bad(rule: str, expected: str, got: str, c: Checkpoint = c) -> None:
                found.append(
                    Violation(
                        seq=0,
                        aggregate=f"checkpoint of {c.tree_size} at {c.at}",
                        rule=rule,
                        expected=expected,
                        found=got,
                    )
                )

            if c.origin != self.origin:
                bad("outside-checkpoint-origin", self.origin, c.origin)
            problem = c.signature_problem()
            if problem:
                bad("outside-checkpoint-signature", "a valid signature by the log key", problem)
            if self.trusted and c.key_id not in self.trusted:
                bad(
                    "outside-checkpoint-key",
                    f"a key among {', '.join(sorted(self.trusted))}",
                    c.key_id,
                )
            if c.tree_size > self.tree.size:
                bad(
                    "log-shorter-than-checkpoint",
                    f"at least {c.tree_size} messages",
                    f"{self.tree.size} messages",
                )
            elif self.tree.root(c.tree_size).hex() != c.root:
                bad(
                    "outside-checkpoint-root",
                    f"root {c.root} signed for the first {c.tree_size} messages",
                    f"root {self.tree.root(c.tree_size).hex()}",
                )
        return found
