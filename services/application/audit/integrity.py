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
- ``checkpoint-payload`` (not a signed checkpoint note), ``checkpoint-origin``,
  ``checkpoint-signature`` (a pinned key's signature fails), ``checkpoint-key`` (no pinned key
  signed it), ``checkpoint-size`` (a checkpoint covering itself or more), ``checkpoint-root``
  (the root recomputed at its size differs): checkpoints recorded in the log;
- ``outside-checkpoint-origin``, ``outside-checkpoint-signature``, ``outside-checkpoint-key``,
  ``log-shorter-than-checkpoint`` (the log ends before a checkpoint kept outside),
  ``outside-checkpoint-root`` (the log's first messages are not the ones it signed): each
  named by its file and line;
- ``remembered-checkpoint-root``, ``log-shorter-than-remembered``: the last checkpoint this
  auditor accepted (``services.application.audit.memory``) is not a prefix of the log;
  ``log-changed-since-seen``, ``log-shorter-than-seen``: the messages it read last time,
  signed or not, changed or went;
- ``equivocation``: two checkpoints signed by one key that no consistency proof joins (one is
  the log's; the other signs another history). The strongest finding: both signed texts are
  its ``evidence``, proof that the key holder signed two histories;
- ``no-checkpoint``: a log of messages none of which a checkpoint by a pinned key covers;
- ``witness-quorum``: the latest checkpoint accepted lacks the quorum of valid cosignatures
  by the witnesses' keys the auditor gave (``--witness``, ``--quorum``);
- ``tile``, ``tiles-root`` (published tiles only, ``services.application.tiles.source``): a
  hash tile or bundle that is not what the entries give, a root the entries do not give.

Messages after the last checkpoint are not a violation (the checkpointer runs every so
often) but are never passed over: ``uncovered`` says how many, from which and since when.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec

from core.audit.violation import Violation
from core.integrity import GENESIS, record_digest
from core.merkle import MerkleLog, verify_consistency
from core.note import NoteError, Verifier
from core.time_order import FUTURE_TOLERANCE, is_future, utc
from services.adapters.eventstore.client import RawMessage
from services.adapters.eventstore.records import H_ID, H_PREV, H_TOPIC, H_VERSION
from services.adapters.eventstore.stream import StreamSpec, config_problems
from services.application.audit.checkpoints import (
    CHECKPOINTS_ID,
    H_LOG_KEY,
    TOPIC,
    TOPICS,
    SignedCheckpoint,
    decode_event,
    origin_of,
)
from services.application.audit.leaf import leaf_hash
from services.application.audit.memory import Remembered, Seen
from services.application.audit.quorum import cosigned_by
from services.application.audit.trust import Trust

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
        expected=f"the digest record #{seq} holds for it ({held})",
        found=f"record #{earlier} does not match it: its bytes digest to {digest.hex()}",
    )


class Covered(msgspec.Struct, frozen=True, kw_only=True):
    """A message covered by a checkpoint: the proof an outsider checks with
    ``core.merkle.verify_inclusion(leaf_hash, seq - 1, tree_size, proof, root)``."""

    seq: int
    leaf_hash: str  # hex
    checkpoint_seq: int  # where the checkpoint is recorded in the log
    checkpoint: str  # the signed note (or a legacy checkpoint's JSON)
    tree_size: int
    root: str  # hex
    proof: list[str]  # hex, RFC 9162 inclusion path


@dataclass(frozen=True)
class Uncovered:
    """The messages after the last checkpoint: none signed vouches for them yet."""

    first_seq: int
    last_seq: int
    count: int  # not counting checkpoint messages among them
    since: str  # when the first of them was stored ("" when the source does not say)


class LogIntegrity:
    """Feed every message in order (``feed``), then ``finish``; both return the violations."""

    def __init__(
        self,
        spec: StreamSpec,
        *,
        outside: Sequence[SignedCheckpoint] = (),
        trust: Trust | None = None,
        remembered: Remembered | None = None,
    ) -> None:
        self.spec = spec
        self.origin = origin_of(spec.name)
        self.outside = list(outside)
        self.trust = Trust.itself() if trust is None else trust
        self.remembered = remembered or Remembered()
        self.announced: list[Verifier] = []  # keys the log names itself (--trust-any only)
        self.tree = MerkleLog()
        self.last_seq = 0
        self.records = 0
        self.violations = 0  # this checker's own, so far
        self.checkpoints: list[tuple[int, SignedCheckpoint]] = []  # found in the log
        self.signed: list[SignedCheckpoint] = []  # in the log, by a trusted key
        self.latest: SignedCheckpoint | None = None  # the largest signed one the log matches
        self.covered = 0  # its size
        self._checkpoint_seqs: list[int] = []
        self._recent: deque[tuple[int, str]] = deque(maxlen=4096)  # (seq, stored at)
        self._uncovered_from: tuple[int, str] | None = None
        # subject -> (version, digest, sequence) of its last event
        self._heads: dict[str, tuple[int, bytes, int]] = {}
        self._tracking: dict[str, int] = {}
        self._events = spec.events + "."
        self._tracks = spec.tracking + "."
        self._checkpoints = spec.checkpoints

    @property
    def aggregates(self) -> int:
        return len(self._heads)

    @property
    def keys(self) -> list[Verifier]:
        """The keys a checkpoint may be signed by: pinned, or (--trust-any) announced."""
        return [*self.trust.keys, *(self.announced if self.trust.any_key else ())]

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
        if subject == self._checkpoints:
            self._checkpoint_seqs.append(seq)
            if self._record(seq, subject, headers, data, found):
                self._checkpoint(seq, headers, data, found)
            self.violations += len(found)
            return found
        self._recent.append((seq, headers.get(STORED_AT, "")))
        if self._uncovered_from is None:
            self._uncovered_from = self._recent[-1]
        if subject.startswith(self._events):
            self._record(seq, subject, headers, data, found)
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
        self.violations += len(found)
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
        if subject != own or (agg == CHECKPOINTS_ID and topic not in TOPICS):
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
        if agg != CHECKPOINTS_ID or topic != TOPIC:  # a v2 checkpoint is a note, not JSON
            self._payload(seq, agg, version, (h, data), found)
        return True

    def _payload(
        self,
        seq: int,
        agg: str,
        version: int,
        message: tuple[dict[str, str], bytes],
        found: list[Violation],
    ) -> None:
        """Canonical JSON, dated no later than stored, the same record as the headers say."""
        h, data = message
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

    def _checkpoint(
        self, seq: int, headers: dict[str, str], data: bytes, found: list[Violation]
    ) -> None:
        def bad(rule: str, expected: str, got: str) -> None:
            found.append(
                Violation(
                    seq=seq, aggregate=CHECKPOINTS_ID, rule=rule, expected=expected, found=got
                )
            )

        try:
            c = decode_event(headers.get(H_TOPIC, ""), data, f"#{seq}")
        except (msgspec.DecodeError, msgspec.ValidationError, NoteError) as e:
            bad("checkpoint-payload", "a signed checkpoint note (c2sp.org/tlog-checkpoint)", str(e))
            return
        self.checkpoints.append((seq, c))
        if self.trust.any_key:
            self._announce(c, headers.get(H_LOG_KEY, ""))
        if c.origin != self.origin:
            bad("checkpoint-origin", self.origin, c.origin)
        kind, problem = c.check(self.keys)
        if kind:
            bad(f"checkpoint-{kind}", _by_pinned(self.keys), problem)
            return
        if not 0 <= c.tree_size < self.tree.size:
            bad("checkpoint-size", f"a tree size below {self.tree.size}", str(c.tree_size))
            return
        self.signed.append(c)  # its root is checked in ``finish``, beside the others
        if self.tree.root(c.tree_size) == c.root_hash and c.tree_size >= self.covered:
            self.latest, self.covered = c, c.tree_size
            self._uncovered_from = next((r for r in self._recent if r[0] > c.tree_size), None)

    def _announce(self, c: SignedCheckpoint, vkey: str) -> None:
        """--trust-any: the key the log names for this checkpoint joins the trusted ones."""
        try:
            if c.legacy is not None:
                key = Verifier(c.origin, c.legacy.public())
            else:
                key = Verifier.from_vkey(vkey)
        except (NoteError, ValueError):
            return
        if key not in self.announced:
            self.announced.append(key)

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
        """The first checkpoint recorded in the log (so far) whose tree holds message ``seq``
        and whose root the log matches."""
        for at, c in self.checkpoints:
            if (
                c.tree_size >= seq >= 1
                and c.tree_size <= self.tree.size
                and c in self.signed
                and self.tree.root(c.tree_size) == c.root_hash
            ):
                return self.proof(seq, c, at)
        return None

    def proof(self, seq: int, c: SignedCheckpoint, at: int = 0) -> Covered:
        """Message ``seq``'s inclusion proof in checkpoint ``c`` (which must cover it)."""
        leaf = self.tree.levels[0][(seq - 1) * 32 : seq * 32]
        path = self.tree.inclusion_proof(seq - 1, c.tree_size)
        return Covered(
            seq=seq,
            leaf_hash=bytes(leaf).hex(),
            checkpoint_seq=at,
            checkpoint=c.text,
            tree_size=c.tree_size,
            root=c.root,
            proof=[h.hex() for h in path],
        )

    def uncovered(self) -> Uncovered | None:
        """The messages after the last checkpoint the log matches (its own messages aside)."""
        last = self.tree.size
        after = [s for s in self._checkpoint_seqs if s > self.covered]
        count = last - self.covered - len(after)
        if count <= 0:
            return None
        first = self._uncovered_from
        if first is None or first[0] <= self.covered:
            first = next((r for r in self._recent if r[0] > self.covered), None)
        if first is None:
            taken = set(after)
            start = next(s for s in range(self.covered + 1, last + 1) if s not in taken)
            first = (start, "")
        return Uncovered(first_seq=first[0], last_seq=last, count=count, since=first[1])

    def finish(self) -> list[Violation]:
        """The checkpoints kept outside and remembered, against the whole log as fed and each
        other; then what no checkpoint covers."""
        found: list[Violation] = []
        keys = self.keys
        signed = list(self.signed)
        for c in self.outside:
            where = c.where or f"checkpoint of {c.tree_size}"
            if c.origin != self.origin:
                found.append(_v(0, where, "outside-checkpoint-origin", self.origin, c.origin))
            kind, problem = c.check(keys)
            if kind:
                found.append(_v(0, where, f"outside-checkpoint-{kind}", _by_pinned(keys), problem))
            else:
                signed.append(c)
        memory = self.remembered.checkpoint
        if memory is not None and memory.origin == self.origin:
            signed.append(memory)
        for c in signed:
            if c.tree_size > self.tree.size:
                found.append(self._shorter(c, c is memory))
            elif self.tree.root(c.tree_size) != c.root_hash:
                found.append(self._inconsistent(c, signed, keys, c is memory))
            elif c is not memory and (c.tree_size > self.covered or self.latest is None):
                self.latest, self.covered = c, c.tree_size
        if (
            memory is not None
            and self.latest is None
            and self.tree.size >= memory.tree_size
            and self.tree.root(memory.tree_size) == memory.root_hash
        ):
            self.latest, self.covered = memory, memory.tree_size
        found += self._remembered_extended(memory, found)
        found += self._seen_violations()
        found += self._quorum_violations()
        if (
            self.trust.require_checkpoint
            and self.latest is None
            and self.tree.size > len(self._checkpoint_seqs)
        ):
            found.append(
                _v(
                    0,
                    "",
                    "no-checkpoint",
                    f"a checkpoint signed by {'a pinned key' if self.trust.keys else 'the log key'}"
                    " covering the log",
                    f"none covers any of its {self.tree.size} messages: nothing signed vouches "
                    "for them (the operator runs `assembly checkpoint`)",
                )
            )
        self.violations += len(found)
        return found

    def _shorter(self, c: SignedCheckpoint, remembered: bool) -> Violation:
        rule = "log-shorter-than-remembered" if remembered else "log-shorter-than-checkpoint"
        if c.where.startswith("#"):
            rule = "checkpoint-size"
        return _v(
            int(c.where[1:]) if c.where.startswith("#") else 0,
            c.where,
            rule,
            f"at least the {c.tree_size} messages checkpoint {c.where} signed",
            f"{self.tree.size} messages: the log was cut after it was signed",
        )

    def _inconsistent(
        self,
        c: SignedCheckpoint,
        signed: Sequence[SignedCheckpoint],
        keys: Sequence[Verifier],
        remembered: bool,
    ) -> Violation:
        """A checkpoint the log does not match: equivocation when a checkpoint by the same
        key that the log does match cannot be reached from it by a consistency proof."""
        seq = int(c.where[1:]) if c.where.startswith("#") else 0
        actual = self.tree.root(c.tree_size).hex()
        key = c.signed_by(keys) if not remembered else None
        for other in signed:
            if (
                other is c
                or other.tree_size < c.tree_size
                or other.tree_size > self.tree.size
                or self.tree.root(other.tree_size) != other.root_hash
            ):
                continue
            same = _same_key(c, other, key, keys)
            if not same:
                continue
            proof = self.tree.consistency_proof(c.tree_size, other.tree_size)
            if verify_consistency(
                c.tree_size, other.tree_size, c.root_hash, other.root_hash, proof
            ):
                continue  # (cannot happen: the roots differ at its size)
            return Violation(
                seq=seq,
                aggregate=c.where,
                rule="equivocation",
                expected=(
                    f"checkpoint {c.where} (size {c.tree_size}, root {c.root}) consistent with "
                    f"{other.where} (size {other.tree_size}, root {other.root}), both signed by "
                    f"{same}"
                ),
                found=(
                    f"no consistency proof joins them: the first {c.tree_size} messages under "
                    f"{other.where}, which the log holds, have root {actual}; the key holder "
                    "signed two histories"
                ),
                evidence=(c.text, other.text),
            )
        if remembered:
            rule = "remembered-checkpoint-root"
        elif seq:
            rule = "checkpoint-root"
        else:
            rule = "outside-checkpoint-root"
        return _v(
            seq,
            c.where,
            rule,
            f"root {c.root} signed for the first {c.tree_size} messages",
            f"root {actual}",
        )

    def _quorum_violations(self) -> list[Violation]:
        """The latest checkpoint accepted must carry the quorum of witnesses' cosignatures."""
        quorum, witnesses, c = self.trust.quorum, self.trust.witnesses, self.latest
        if not quorum or c is None:
            return []
        good, bad = cosigned_by(c, witnesses)
        if len(good) >= quorum:
            return []
        names = ", ".join(w.name for w in good) or "none"
        return [
            _v(
                int(c.where[1:]) if c.where.startswith("#") else 0,
                c.where or f"checkpoint of {c.tree_size}",
                "witness-quorum",
                f"cosignatures by at least {quorum} of {', '.join(w.vkey for w in witnesses)} "
                f"on the latest checkpoint (size {c.tree_size})",
                f"{len(good)} ({names})"
                + "".join(f"; {b}" for b in bad)
                + ": no quorum of witnesses saw this history",
            )
        ]

    def _remembered_extended(
        self, memory: SignedCheckpoint | None, found: list[Violation]
    ) -> list[Violation]:
        """The latest checkpoint against the one this auditor accepted before, by the RFC
        9162 consistency proof between them (what an auditor without the whole log checks)."""
        latest = self.latest
        if (
            memory is None
            or latest is None
            or latest is memory
            or memory.tree_size > latest.tree_size
            or any(v.aggregate == memory.where for v in found)  # already told
        ):
            return []
        proof = self.tree.consistency_proof(memory.tree_size, latest.tree_size)
        if verify_consistency(
            memory.tree_size, latest.tree_size, memory.root_hash, latest.root_hash, proof
        ):
            return []
        return [self._inconsistent(memory, [latest], self.keys, remembered=True)]

    def _seen_violations(self) -> list[Violation]:
        seen = self.remembered.seen
        if seen is None:
            return []
        if seen.size > self.tree.size:
            return [
                _v(
                    0,
                    seen.where,
                    "log-shorter-than-seen",
                    f"at least the {seen.size} messages this auditor read on {seen.at}",
                    f"{self.tree.size} messages: messages it read have gone",
                )
            ]
        actual = self.tree.root(seen.size).hex()
        if actual != seen.root:
            return [
                _v(
                    0,
                    seen.where,
                    "log-changed-since-seen",
                    f"the first {seen.size} messages as this auditor read them on {seen.at} "
                    f"(root {seen.root})",
                    f"root {actual}: messages it read were changed",
                )
            ]
        return []

    def seen(self, at: str) -> Seen:
        return Seen(self.tree.size, self.tree.root().hex(), at)


def _v(seq: int, where: str, rule: str, expected: str, found: str) -> Violation:
    return Violation(seq=seq, aggregate=where, rule=rule, expected=expected, found=found)


def _by_pinned(keys: Sequence[Verifier]) -> str:
    if not keys:
        return "a signature by a pinned log key (none given)"
    return "a signature by " + " or ".join(k.vkey for k in keys)


def _same_key(
    a: SignedCheckpoint,
    b: SignedCheckpoint,
    key_of_a: Verifier | None,
    keys: Sequence[Verifier],
) -> str:
    """The key both are signed by (its vkey), or "" when it cannot be shown to be one."""
    key_of_b = b.signed_by(keys)
    if key_of_b is None:
        return ""
    if key_of_a is None:  # the auditor's own memory: was it signed by that key?
        key_of_a = key_of_b if a.signed_by([key_of_b]) is not None else None
    if key_of_a is None or key_of_a.public_key != key_of_b.public_key:
        return ""
    return f"key {key_of_b.vkey}"
