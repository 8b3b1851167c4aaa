"""Every attack of tests/audit/ on an honest export, played the same way on the vectors' honest
logs (tests/audit/tamper.py, drawn.py): each returns the vector, with what the attack is about
(``expect``: the rule, and the sequence where tests/audit/ names one).

``year`` attacks are an outsider's (or a careless copy's) against a log checkpointed outside;
``drawn`` attacks are an insider's: the operator rewrites facts, recomputes the chains and
re-signs the checkpoint with their own key, so that only the draw's re-derivation, the ballots'
tallies and the domain rules can tell (no outside checkpoint, no witness required)."""

from __future__ import annotations

import base64
import gzip
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from core.merkle import MerkleLog
from core.note import Checkpoint as NoteBody
from core.note import Signer, sign_note
from services.application.audit.checkpoints import TOPIC_V1, LegacyCheckpoint, encode_legacy
from services.application.audit.keys import key_id
from services.application.audit.leaf import leaf_hash
from tests.audit.drawn import RESERVE_CALLED, Payload, facts, members, payload
from tests.audit.tamper import (
    Export,
    cut,
    data,
    header,
    rechain,
    renumber,
    resign,
    set_data,
    set_header,
)
from tests.vectors.exports import DRAWN, YEAR, Vector, vkey
from tests.vectors.spec_vectors import LOG_SEED, OTHER_SEED, log_signer, witness_signer

Expect = list[dict[str, Any]]


class Workshop:
    """Copies of the honest logs to tamper with, written as cases/<name>.jsonl.gz."""

    def __init__(self, folder: Path, scratch: Path) -> None:
        self.folder = folder
        self.cases = folder / "cases"
        self.scratch = scratch
        self.cases.mkdir(exist_ok=True)

    def copy(self, base: str, name: str) -> Export:
        path = self.scratch / f"{name}.jsonl"
        shutil.copy(self.folder / f"{base}.jsonl", path)
        return Export(path)

    def keep(self, export: Export, name: str) -> str:
        """The tampered log, gzip-compressed (no name, no time: the same bytes each run)."""
        target = self.cases / f"{name}.jsonl.gz"
        target.write_bytes(gzip.compress(export.path.read_bytes(), compresslevel=9, mtime=0))
        return f"cases/{name}.jsonl.gz"

    def outside(self, name: str, text: str) -> str:
        (self.cases / f"{name}.checkpoints").write_text(text, "utf-8")
        return f"cases/{name}.checkpoints"


def _origin(stream: str) -> str:
    return f"assembly-record/{stream}"


def owner(stream: str) -> Signer:
    return log_signer(LOG_SEED, _origin(stream))


def first_record(export: Export) -> str:
    return str(header(export.records[0], "Assembly-Id"))


def checkpoint_record(export: Export) -> dict[str, Any]:
    return next(r for r in export.records if r["subject"].endswith(".checkpoints"))


def _e(rule: str, seq: int | None = None) -> dict[str, Any]:
    return {"rule": rule, "seq": seq}


# -- the year: an outsider's attacks, a checkpoint kept outside -----------------------------

YEAR_TRUST = [vkey(YEAR[0])]
YEAR_OUT = ["year.checkpoints"]


def _year(name: str, attack: str, log: str, expect: Expect, **more: Any) -> Vector:
    fields: dict[str, Any] = {"outside": YEAR_OUT, "trust": YEAR_TRUST, **more}
    return Vector(name, "year", attack, log, expect=expect, **fields)


def _rewritten(export: Export) -> dict[str, Any]:
    """One fact before the checkpoint changed, its record's chain recomputed (test_auditor)."""
    aggregate = first_record(export)
    victim = next(r for r in export.events_of(aggregate)[10:] if b"clerk:greffe" in data(r))
    set_data(victim, data(victim).replace(b"clerk:greffe", b"clerk:mayor"))
    rechain(export, aggregate)
    return victim


def year_cases(w: Workshop) -> list[Vector]:
    out = [_year("year", "", "year.jsonl", [])]

    name = "year-payload-changed"
    export = w.copy("year", name)
    events = export.events_of(first_record(export))
    victim = next(r for r in events[10:] if b'"by":"clerk:greffe"' in data(r))
    set_data(victim, data(victim).replace(b'"by":"clerk:greffe"', b'"by":"clerk:mayor"'))
    export.save()
    following = events[events.index(victim) + 1]
    out.append(
        _year(
            name,
            "one fact's payload changed in place (by: clerk:greffe -> clerk:mayor)",
            w.keep(export, name),
            [
                _e("hash-chain", following["seq"]),
                _e("record-digest", victim["seq"]),
                _e("outside-checkpoint-root"),
            ],
        )
    )

    name = "year-payload-respelled"
    export = w.copy("year", name)
    victim = export.events_of(first_record(export))[5]
    set_data(victim, data(victim).replace(b'{"', b'{ "', 1))
    export.save()
    out.append(
        _year(
            name,
            "one payload respelled: a space after its first brace",
            w.keep(export, name),
            [_e("canonical-bytes", victim["seq"])],
        )
    )

    name = "year-rechained-checkpoint-dropped"
    export = w.copy("year", name)
    aggregate = first_record(export)
    victim = next(r for r in export.events_of(aggregate)[10:] if b"clerk:greffe" in data(r))
    set_data(victim, data(victim).replace(b"clerk:greffe", b"clerk:mayor"))
    rechain(export, aggregate)
    export.records = [r for r in export.records if not r["subject"].endswith(".checkpoints")]
    renumber(export)
    export.save()
    out.append(
        _year(
            name,
            "one fact changed, its record's chain recomputed, the checkpoint message removed "
            "and the log renumbered: only the outside checkpoint catches it",
            w.keep(export, name),
            [_e("outside-checkpoint-root")],
        )
    )

    name = "year-event-deleted"
    export = w.copy("year", name)
    victim = export.events_of(first_record(export))[100]
    export.records.remove(victim)
    export.save()
    out.append(
        _year(
            name,
            "a message in the middle deleted",
            w.keep(export, name),
            [_e("sequence-gap", victim["seq"] + 1)],
        )
    )

    name = "year-tail-cut"
    export = w.copy("year", name)
    size = int(data(checkpoint_record(export)).decode().split("\n")[1])
    export.records = export.records[: size - 50]
    export.save()
    out.append(
        _year(
            name,
            "the log cut 50 messages short of the checkpoint kept outside (the trailer redone)",
            w.keep(export, name),
            [_e("log-shorter-than-checkpoint")],
        )
    )

    name = "year-events-swapped"
    export = w.copy("year", name)
    i = export.records.index(export.events_of(first_record(export))[50])
    export.records[i], export.records[i + 1] = export.records[i + 1], export.records[i]
    export.save()
    out.append(
        _year(
            name,
            "two consecutive messages swapped",
            w.keep(export, name),
            [_e("sequence-order")],
        )
    )

    name = "year-events-swapped-renumbered"
    export = w.copy("year", name)
    i = export.records.index(export.events_of(first_record(export))[50])
    export.records[i], export.records[i + 1] = export.records[i + 1], export.records[i]
    renumber(export)
    export.save()
    out.append(
        _year(
            name,
            "two consecutive messages swapped and the sequences renumbered",
            w.keep(export, name),
            [_e("hash-chain"), _e("version-sequence")],
        )
    )

    name = "year-event-inserted"
    export = w.copy("year", name)
    model = export.events_of(first_record(export))[60]
    forged = json.loads(json.dumps(model))
    set_data(forged, data(model).replace(b"clerk:greffe", b"clerk:forger"))
    export.records.insert(export.records.index(model) + 1, forged)
    export.save()
    out.append(
        _year(
            name,
            "a forged copy of a message inserted after it (same sequence, same version)",
            w.keep(export, name),
            [_e("sequence-order"), _e("hash-chain"), _e("version-sequence")],
        )
    )

    name = "year-event-inserted-new-version"
    export = w.copy("year", name)
    aggregate = first_record(export)
    events = export.events_of(aggregate)
    forged = json.loads(json.dumps(events[60]))
    export.records.insert(export.records.index(events[60]) + 1, forged)
    for r in export.events_of(aggregate)[61:]:
        set_header(r, "Assembly-Version", str(int(header(r, "Assembly-Version") or 0) + 1))
    renumber(export)
    export.save()
    out.append(
        _year(
            name,
            "a copy of a message inserted, the later versions and all sequences renumbered",
            w.keep(export, name),
            [_e("hash-chain")],
        )
    )

    name = "year-config-weakened"
    export = w.copy("year", name)
    export.head["config"].update(deny_delete=False, max_age=86_400_000_000_000)
    export.save()
    out.append(
        _year(
            name,
            "the export's stream configuration says deny_delete off and max_age one day",
            w.keep(export, name),
            [_e("stream-config", 0)],
        )
    )

    name = "year-checkpoint-root-changed"
    export = w.copy("year", name)
    mark = checkpoint_record(export)
    origin, size_line, _root, rest = data(mark).decode().split("\n", 3)
    zero = base64.b64encode(bytes(32)).decode()
    set_data(mark, "\n".join([origin, size_line, zero, rest]).encode())
    export.save()
    out.append(
        _year(
            name,
            "the checkpoint recorded in the log given another root (its signature kept)",
            w.keep(export, name),
            [_e("checkpoint-signature", mark["seq"])],
        )
    )

    name = "year-outside-forged"
    origin_line, size_line, rest = (w.folder / "year.checkpoints").read_text().split("\n", 2)
    forged_file = w.outside(name, "\n".join([origin_line, str(int(size_line) - 1), rest]))
    out.append(
        _year(
            name,
            "the honest log, and an outside checkpoint whose tree size was changed",
            "year.jsonl",
            [_e("outside-checkpoint-signature", 0)],
            outside=[forged_file],
        )
    )

    name = "year-resigned-other-key"
    export = w.copy("year", name)
    _rewritten(export)
    resign(export, log_signer(OTHER_SEED, _origin(YEAR[0])))
    export.save()
    out.append(
        _year(
            name,
            "a fact rewritten, the chain recomputed, the checkpoint re-signed with another key "
            "under the log's name; the owner's key pinned",
            w.keep(export, name),
            [_e("checkpoint-key"), _e("no-checkpoint", 0)],
            outside=[],
        )
    )

    name = "year-other-key-pinned"
    other = log_signer(OTHER_SEED, _origin(YEAR[0])).verifier.vkey
    out.append(
        _year(
            name,
            "the honest log and its outside file, another key pinned",
            "year.jsonl",
            [_e("checkpoint-key"), _e("outside-checkpoint-key", 0)],
            trust=[other],
        )
    )

    name = "year-trailer-cut"
    export = w.copy("year", name)
    lines = export.path.read_text().splitlines()
    export.path.write_text("\n".join(lines[:-100]) + "\n")
    out.append(
        _year(
            name,
            "the last 100 lines of the file cut (trailer included)",
            w.keep(export, name),
            [_e("export-trailer", 0)],
        )
    )

    name = "year-no-checkpoint"
    export = w.copy("year", name)
    export.records = [r for r in export.records if not r["subject"].endswith(".checkpoints")]
    renumber(export)
    cut(export, len(export.records))
    export.save()
    out.append(
        _year(
            name,
            "the checkpoint message removed and the log renumbered; no outside file",
            w.keep(export, name),
            [_e("no-checkpoint", 0)],
            outside=[],
        )
    )

    name = "year-equivocation"
    export = w.copy("year", name)
    _rewritten(export)
    resign(export, owner(YEAR[0]))
    export.save()
    out.append(
        _year(
            name,
            "a fact rewritten, the chain recomputed, the checkpoint re-signed with the owner's "
            "key: the outside file holds the first history, the log the second",
            w.keep(export, name),
            [_e("equivocation", 0)],
        )
    )

    honest_seen = _seen(w.folder / "year.jsonl")
    honest_checkpoint = (w.folder / "year.checkpoints").read_text().rstrip("\n") + "\n"

    name = "year-remembered-equivocation"
    export = w.copy("year", name)
    _rewritten(export)
    resign(export, owner(YEAR[0]))
    export.save()
    out.append(
        _year(
            name,
            "as year-equivocation, no outside file, but the auditor remembers the honest "
            "checkpoint and the log it read",
            w.keep(export, name),
            [_e("equivocation", 0), _e("log-changed-since-seen", 0)],
            outside=[],
            remembered={"checkpoint": honest_checkpoint, "seen": honest_seen},
        )
    )

    name = "year-cut-after-seen"
    export = w.copy("year", name)
    cut(export, len(export.records) - 50)
    export.save()
    out.append(
        _year(
            name,
            "the last 50 messages (no checkpoint covers them) cut after an audit read them",
            w.keep(export, name),
            [_e("log-shorter-than-seen", 0)],
            outside=[],
            remembered={"seen": honest_seen},
        )
    )

    name = "year-uncovered-rewritten"
    export = w.copy("year", name)
    late = next(r for r in reversed(export.records) if b"clerk:greffe" in data(r))
    set_data(late, data(late).replace(b"clerk:greffe", b"clerk:mayor"))
    rechain(export, str(header(late, "Assembly-Id")))
    export.save()
    out.append(
        _year(
            name,
            "a message no checkpoint covers rewritten (chain recomputed) after an audit read it",
            w.keep(export, name),
            [_e("log-changed-since-seen", 0)],
            outside=[],
            remembered={"seen": honest_seen},
        )
    )

    name = "year-cut-below-remembered"
    export = w.copy("year", name)
    full = len(export.records)
    signer = owner(YEAR[0])
    tree = _tree(export)
    later = sign_note(NoteBody(signer.name, full, tree.root()).body(), signer)
    size = int(data(checkpoint_record(export)).decode().split("\n")[1])
    cut(export, size + 1 + 100)
    export.save()
    out.append(
        _year(
            name,
            "the auditor accepted a checkpoint of the whole log; the log is cut back to 100 "
            "messages after the older checkpoint, which the outside file still holds",
            w.keep(export, name),
            [_e("log-shorter-than-remembered", 0)],
            remembered={"checkpoint": later},
        )
    )

    name = "year-legacy-checkpoint"
    export = w.copy("year", name)
    legacy = _legacy(export)
    export.save()
    legacy_file = w.outside(name, encode_legacy(legacy).decode() + "\n")
    out.append(
        _year(
            name,
            "the checkpoint written as before signed notes (topic v1, JSON), in the log and "
            "outside: still accepted",
            w.keep(export, name),
            [],
            outside=[legacy_file],
        )
    )

    name = "year-legacy-outside-tampered"
    tampered = msgspec.structs.replace(legacy, tree_size=legacy.tree_size - 1)
    tampered_file = w.outside(name, encode_legacy(tampered).decode() + "\n")
    out.append(
        _year(
            name,
            "as year-legacy-checkpoint, the outside legacy checkpoint's size changed",
            "cases/year-legacy-checkpoint.jsonl.gz",
            [_e("outside-checkpoint-signature", 0)],
            outside=[tampered_file],
        )
    )

    name = "year-headers-missing"
    export = w.copy("year", name)
    victim = export.events_of(first_record(export))[30]
    victim["headers"] = [h for h in victim["headers"] if not h[0].startswith("Assembly-")]
    export.save()
    out.append(
        _year(
            name,
            "a message's Assembly-* headers removed",
            w.keep(export, name),
            [_e("record-headers", victim["seq"])],
        )
    )

    name = "year-foreign-subject"
    export = w.copy("year", name)
    victim = export.events_of(first_record(export))[40]
    victim["subject"] = "elsewhere.events.x"
    export.save()
    out.append(
        _year(
            name,
            "a message moved to a subject that is not the stream's",
            w.keep(export, name),
            [_e("unknown-subject", victim["seq"])],
        )
    )
    out += _more_year_cases(w)
    return out


def _more_year_cases(w: Workshop) -> list[Vector]:
    """Rules no test of tests/audit/ plays on an export, for a second verifier to agree on."""
    out = []

    name = "year-header-payload"
    export = w.copy("year", name)
    victim = export.events_of(first_record(export))[20]
    body = payload(victim)
    body["originator_version"] += 1
    set_data(victim, msgspec.json.encode(body, order="sorted"))
    rechain(export, first_record(export))
    export.save()
    out.append(
        _year(
            name,
            "a payload's originator_version changed (canonical, chain recomputed)",
            w.keep(export, name),
            [_e("header-payload", victim["seq"])],
        )
    )

    name = "year-float-payload"
    export = w.copy("year", name)
    victim = export.events_of(first_record(export))[25]
    body = payload(victim)
    body["weight"] = 1.5
    set_data(victim, msgspec.json.encode(body, order="sorted"))
    rechain(export, first_record(export))
    export.save()
    out.append(
        _year(
            name,
            "a float added to a payload (sorted, compact, chain recomputed)",
            w.keep(export, name),
            [_e("canonical-bytes", victim["seq"])],
        )
    )

    name = "year-wrong-subject"
    export = w.copy("year", name)
    other = next(
        r for r in export.records if r["subject"].startswith("assembly.events.")
        and header(r, "Assembly-Id") != first_record(export)
    )  # fmt: skip
    victim = export.events_of(first_record(export))[35]
    victim["subject"] = other["subject"]
    export.save()
    out.append(
        _year(
            name,
            "an event moved to another record's subject",
            w.keep(export, name),
            [_e("subject", victim["seq"])],
        )
    )

    name = "year-tracking-backwards"
    export = w.copy("year", name)
    for position in (5, 5):
        seq = len(export.records) + 1
        export.records.append(
            {
                "seq": seq,
                "subject": "assembly.tracking.projections",
                "headers": [["Nats-Msg-Id", f"tracking:projections:{position}"]],
                "data": base64.b64encode(str(position).encode()).decode(),
                "time": "2026-12-01T00:00:09.000Z",
            }
        )
    cut(export, len(export.records))
    export.save()
    out.append(
        _year(
            name,
            "two tracking positions appended, the second not after the first",
            w.keep(export, name),
            [_e("tracking-position", len(export.records))],
        )
    )

    name = "year-checkpoint-covers-itself"
    export = w.copy("year", name)
    mark = checkpoint_record(export)
    signer = owner(YEAR[0])
    tree = _tree(export)
    body_text = NoteBody(signer.name, mark["seq"], tree.root(mark["seq"])).body()
    set_data(mark, sign_note(body_text, signer).encode())
    export.save()
    out.append(
        _year(
            name,
            "the log's checkpoint re-signed by the owner for a tree that includes itself",
            w.keep(export, name),
            [_e("checkpoint-size", mark["seq"])],
            outside=[],
        )
    )

    name = "year-checkpoint-payload"
    export = w.copy("year", name)
    mark = checkpoint_record(export)
    set_data(mark, b"not a signed note\n")
    export.save()
    out.append(
        _year(
            name,
            "the log's checkpoint payload replaced by text that is no signed note",
            w.keep(export, name),
            [_e("checkpoint-payload", mark["seq"])],
        )
    )

    name = "year-checkpoint-origin"
    export = w.copy("year", name)
    mark = checkpoint_record(export)
    size = int(data(mark).decode().split("\n")[1])
    signer = Signer.from_seed("assembly-record/ELSEWHERE", LOG_SEED)
    body_text = NoteBody(signer.name, size, _tree(export).root(size)).body()
    set_data(mark, sign_note(body_text, signer).encode())
    export.save()
    out.append(
        _year(
            name,
            "the log's checkpoint re-signed by the owner's key for another log's origin",
            w.keep(export, name),
            [_e("checkpoint-origin", mark["seq"])],
            outside=[],
        )
    )
    return out


def _tree(export: Export) -> MerkleLog:
    tree = MerkleLog()
    for r in export.records:
        tree.append(leaf_hash(r["seq"], r["subject"], dict(r["headers"]), data(r)))
    return tree


def _seen(path: Path) -> dict[str, Any]:
    tree = _tree(Export(path))
    return {"size": tree.size, "root": tree.root().hex(), "at": "2026-12-01T07:00:00Z"}


def _legacy(export: Export) -> LegacyCheckpoint:
    """The log's checkpoint rewritten as a legacy (v1) JSON checkpoint by the owner's key."""
    signer = owner(YEAR[0])
    mark = checkpoint_record(export)
    size, root = data(mark).decode().split("\n")[1:3]
    public = signer.verifier.public_key
    unsigned = LegacyCheckpoint(
        origin=signer.name,
        tree_size=int(size),
        root=base64.b64decode(root).hex(),
        at="2026-05-01T10:00:00Z",
        key_id=key_id(public),
        public_key=base64.b64encode(public).decode(),
        signature="",
    )
    signature = base64.b64encode(signer.private_key.sign(unsigned.signed_text())).decode()
    legacy = msgspec.structs.replace(unsigned, signature=signature)
    set_data(mark, encode_legacy(legacy))
    set_header(mark, "Assembly-Topic", TOPIC_V1)
    return legacy


# -- the drawn year: an insider's attacks, the checkpoint re-signed ---------------------------

DRAWN_TRUST = [vkey(DRAWN[0])]


def _drawn(name: str, attack: str, log: str, expect: Expect, **more: Any) -> Vector:
    return Vector(name, "drawn", attack, log, trust=DRAWN_TRUST, expect=expect, **more)


def forge(export: Export, record: dict[str, Any], change: Callable[[Payload], None]) -> int:
    """Change one fact, re-encode it canonically, recompute its chain and re-sign the log's
    checkpoint with the owner's key (tests/audit/drawn.py's ``rewrite``, then ``resign``)."""
    body = payload(record)
    change(body)
    set_data(record, msgspec.json.encode(body, order="sorted"))
    rechain(export, str(header(record, "Assembly-Id")))
    return int(record["seq"])


def sealed(w: Workshop, export: Export, name: str) -> str:
    resign(export, owner(DRAWN[0]))
    export.save()
    return w.keep(export, name)


def drawn_cases(w: Workshop) -> list[Vector]:
    witness = [witness_signer().verifier.vkey]
    out = [
        _drawn(
            "drawn",
            "",
            "drawn.jsonl",
            [],
            outside=["drawn.checkpoints"],
            witnesses=witness,
            quorum=1,
        )
    ]

    def one(name: str, attack: str, wire: str, pick: int, change: Callable[[Payload], None],
            expect: Callable[[int], Expect]) -> None:  # fmt: skip
        export = w.copy("drawn", name)
        seq = forge(export, facts(export, wire)[pick], change)
        out.append(_drawn(name, attack, sealed(w, export, name), expect(seq)))

    name = "drawn-resealed"
    export = w.copy("drawn", name)
    out.append(
        _drawn(
            name,
            "the honest log, its checkpoint re-signed by the owner without the witness",
            sealed(w, export, name),
            [],
        )
    )
    out.append(
        _drawn(
            "drawn-witness-missing",
            "as drawn-resealed, the auditor requiring the witness's cosignature",
            "cases/drawn-resealed.jsonl.gz",
            [_e("witness-quorum")],
            witnesses=witness,
            quorum=1,
        )
    )

    name = "drawn-cosignature-forged"
    export = w.copy("drawn", name)
    mark = checkpoint_record(export)
    text = data(mark).decode()
    lines = text.split("\n")
    last = lines[-2]  # the witness's line
    prefix, encoded = last.rsplit(" ", 1)
    raw = bytearray(base64.b64decode(encoded))
    raw[-1] ^= 1
    lines[-2] = prefix + " " + base64.b64encode(bytes(raw)).decode()
    set_data(mark, "\n".join(lines).encode())
    export.save()
    out.append(
        _drawn(
            name,
            "the witness's cosignature on the log's checkpoint altered by one bit",
            w.keep(export, name),
            [_e("witness-quorum")],
            witnesses=witness,
            quorum=1,
        )
    )

    export = w.copy("drawn", "scan")
    seated = set(members(export, "assembly.member_seated.v1"))
    reserves = [
        d
        for r in facts(export, "assembly.panel_arrived.v1")
        for d in payload(r)["reserves"]
        if d["pseudonym"] not in seated
    ]
    votes = facts(export, "assembly.vote_cast.v1")
    twice = payload(votes[0])["member"]
    other_member = payload(votes[1])["member"]
    taken = {payload(r)["reserve"] for r in facts(export, RESERVE_CALLED)}
    other_reserve = next(
        d["pseudonym"]
        for r in facts(export, "assembly.panel_arrived.v1")
        for d in payload(r)["reserves"]
        if d["pseudonym"] not in taken
    )
    rejected = payload(facts(export, "assembly.amendment_rejected.v1")[0])["amendment"]
    failed = next(
        i
        for i, r in enumerate(facts(export, "assembly.ballot_closed.v1"))
        if not payload(r)["outcome"]["adopted"]
    )
    roll_call = next(
        i
        for i, r in enumerate(facts(export, "assembly.ballot_closed.v1"))
        if payload(r)["outcome"]["adopted"]
        and _secrecy(export, payload(r)["ballot"]) == "roll-call"
    )
    secret = next(
        i
        for i, r in enumerate(facts(export, "assembly.ballot_closed.v1"))
        if _secrecy(export, payload(r)["ballot"]) == "secret"
    )
    [cancelled] = [payload(r)["session"] for r in facts(export, "assembly.session_cancelled.v1")]

    def at(rule: str) -> Callable[[int], Expect]:
        return lambda seq: [_e(rule, seq)]

    reserve = reserves[0]["pseudonym"]
    one(
        "drawn-vote-by-unseated",
        "a vote moved to a reserve never seated",
        "assembly.vote_cast.v1",
        0,
        lambda p: p.update(member=reserve, by=f"member:{reserve}"),
        at("only seated members"),
    )
    one(
        "drawn-double-vote",
        "a second vote in a ballot by a member who already voted",
        "assembly.vote_cast.v1",
        1,
        lambda p: p.update(member=twice, by=f"member:{twice}"),
        lambda seq: [_e("one vote per member per ballot", seq), _e("ballots")],
    )
    one(
        "drawn-failed-ballot-adopted",
        "a ballot that failed recorded as adopted",
        "assembly.ballot_closed.v1",
        failed,
        lambda p: p["outcome"].update(adopted=True),
        at("as-decided:ballot_closed"),
    )
    one(
        "drawn-tally-changed",
        "a roll-call ballot's tally given one vote in favour more than its recorded votes",
        "assembly.ballot_closed.v1",
        roll_call,
        lambda p: p["outcome"]["tally"].update(in_favour=p["outcome"]["tally"]["in_favour"] + 1),
        at("ballots"),
    )
    one(
        "drawn-secret-tally-changed",
        "a secret ballot's count given one abstention more than the members who took part",
        "assembly.ballot_closed.v1",
        secret,
        lambda p: p["outcome"]["tally"].update(
            abstentions=p["outcome"]["tally"]["abstentions"] + 1
        ),
        at("ballots"),
    )
    one(
        "drawn-unadopted-text-submitted",
        "a rejected amendment's text added to the recommendations submitted",
        "assembly.recommendations_submitted.v1",
        0,
        lambda p: p["recommendations"].append(rejected),
        at("recommendations"),
    )
    one(
        "drawn-other-reserve-called",
        "a reserve other than the one the replacement rule designates called",
        RESERVE_CALLED,
        0,
        lambda p: p.update(reserve=other_reserve),
        at("as-decided:reserve_called"),
    )
    one(
        "drawn-respondent-swapped",
        "the first respondent's commitment replaced after the pool was committed",
        "assembly.pool_entered.v1",
        0,
        lambda p: p["respondents"][0].__setitem__(3, "00" * 32),
        lambda seq: [_e("draw:pool-commitment"), _e("draw:pool-entered", seq)],
    )
    one(
        "drawn-criterion-moved",
        "the first respondent's gender changed after the pool was committed",
        "assembly.pool_entered.v1",
        0,
        _move_criterion,
        lambda seq: [_e("draw:pool-counts")],
    )
    one(
        "drawn-count-changed",
        "a count of the pool commitment changed",
        "assembly.pool_committed.v1",
        0,
        _add_to_a_count,
        lambda seq: [_e("draw:pool-counts", seq)],
    )
    one(
        "drawn-seed-changed",
        "the revealed seed replaced by one the material does not give",
        "assembly.randomness_revealed.v1",
        0,
        lambda p: p.update(seed="ab" * 32),
        at("draw:seed"),
    )
    one(
        "drawn-dice-changed",
        "the dice digits revealed changed (the seed kept)",
        "assembly.randomness_revealed.v1",
        0,
        lambda p: p["dice"].update(digits="27182818"),
        at("draw:seed"),
    )
    one(
        "drawn-panel-swapped",
        "a drawn panel's first member swapped with its first reserve",
        "assembly.panel_drawn.v1",
        0,
        _swap_panel,
        lambda seq: [_e("draw:panel", seq), _e("draw:reserve-order", seq)],
    )
    one(
        "drawn-ticket-changed",
        "the ticket index recorded for a sub-pool's draw changed",
        "assembly.panel_drawn.v1",
        1,
        lambda p: p.update(ticket=(p["ticket"] + 1) % 1000),
        at("draw:ticket-index"),
    )
    one(
        "drawn-reserves-reordered",
        "a sub-pool's reserve order reversed",
        "assembly.panel_drawn.v1",
        2,
        lambda p: p.update(reserves=list(reversed(p["reserves"]))),
        at("draw:reserve-order"),
    )
    one(
        "drawn-probability-changed",
        "a recorded selection chance changed (seats over the ticket list of a type)",
        "assembly.panel_drawn.v1",
        0,
        lambda p: p["chances"].__setitem__(0, p["chances"][0] + 1),
        at("draw:probabilities"),
    )
    one(
        "drawn-quotas-loosened",
        "a quota added to a sub-pool's committed quotas after the declaration",
        "assembly.quotas_committed.v1",
        0,
        lambda p: p["quotas"].append({"category": "education", "value": "bac", "min": 0, "max": 8}),
        lambda seq: [_e("draw:commitment")],
    )
    one(
        "drawn-ticket-outside-quotas",
        "a committed ticket list's first panel loses its first type's seats",
        "assembly.tickets_committed.v2",
        0,
        lambda p: p["panels"].__setitem__(0, p["panels"][0][1:]),
        lambda seq: [_e("draw:ticket-quotas", seq)],
    )
    one(
        "drawn-ticket-list-rewritten",
        "a committed ticket list's panels reversed and two counts moved",
        "assembly.tickets_committed.v2",
        1,
        _rewrite_tickets,
        lambda seq: [_e("draw:ticket-list-digest", seq)],
    )
    one(
        "drawn-tickets-changed",
        "one ticket's panel in a committed ticket list changed (the digest recomputed)",
        "assembly.tickets_committed.v2",
        0,
        _change_ticket,
        lambda seq: [_e("draw:commitment")],
    )
    one(
        "drawn-panel-arrived-changed",
        "the panel the assembly received differs from the drawn one",
        "assembly.panel_arrived.v1",
        0,
        _swap_panel,
        lambda seq: [_e("draw:panel-arrived", seq), _e("draw:reserves-arrived", seq)],
    )
    one(
        "drawn-personal-data",
        "a phone number written into a decline's reason",
        "assembly.invitation_declined.v1",
        0,
        lambda p: p.update(reason="call me: 06 12 34 56 78"),
        at("personal-data"),
    )
    one(
        "drawn-answer-before-submission",
        "the executive's answer dated before the recommendations were submitted",
        "assembly.executive_responded.v1",
        0,
        lambda p: p.update(at="2025-11-30T10:00:00Z"),
        at("time-order"),
    )
    one(
        "drawn-future-dated",
        "a fact dated 2099, after the server stored it",
        "assembly.implementation_reported.v1",
        -1,
        lambda p: p.update(at="2099-01-01T00:00:00Z"),
        at("future-dated"),
    )
    one(
        "drawn-vote-by-another",
        "a vote recorded as made by another member",
        "assembly.vote_cast.v1",
        0,
        lambda p: p.update(by=f"member:{other_member}"),
        at("who-may-act"),
    )
    one(
        "drawn-attendance-cancelled-session",
        "an attendance moved to the session that was cancelled",
        "assembly.attendance_recorded.v1",
        -1,
        lambda p: p.update(session=cancelled),
        at("sessions"),
    )
    return out


def _secrecy(export: Export, ballot: str) -> str:
    opened = next(
        r for r in facts(export, "assembly.ballot_opened.v1") if payload(r)["ballot"] == ballot
    )
    return str(payload(opened)["secrecy"])


def _move_criterion(p: Payload) -> None:
    criteria = p["respondents"][0][2]
    others = sorted({e[2]["gender"] for e in p["respondents"]} - {criteria["gender"]})
    criteria["gender"] = others[0]


def _add_to_a_count(p: Payload) -> None:
    counts = p["counts"]["gender"]
    counts[sorted(counts)[0]] += 1


def _swap_panel(p: Payload) -> None:
    p["panel"][0], p["reserves"][0] = p["reserves"][0], p["panel"][0]


def _rewrite_tickets(p: Payload) -> None:
    counts = p["counts"]
    if len(counts) > 1:
        counts[0], counts[-1] = counts[0] + 1, counts[-1] - 1
    p["panels"].reverse()


def _change_ticket(p: Payload) -> None:
    """The first distinct panel moves one seat from its first type to its second."""
    from core.draw.commitment import tickets_digest  # noqa: PLC0415

    panel = p["panels"][0]
    (t0, x0), (t1, x1) = panel[0], panel[1]
    panel[0], panel[1] = [t0, x0 + 1], [t1, x1 - 1]
    panel[:] = [pair for pair in panel if pair[1] > 0]
    p["digest"] = tickets_digest(
        [tuple(tuple(x) for x in q) for q in p["panels"]], tuple(p["counts"])
    )
