"""The test vectors of docs/spec/: every definition's inputs and expected bytes, computed by the
project's own Python. ``make_vectors.py`` writes them to docs/spec/vectors/; the tests compute
them again and require the committed files to be exactly what this module gives.

Everything is fixed: keys from fixed seeds (Ed25519 signatures are deterministic, RFC 8032),
fixed times, fixed payloads. Bytes are lowercase hex; texts are given as they are (UTF-8)."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.persistence import JSONTranscoder

from core import merkle
from core import pool as pools
from core.assembly.ballots.facts import VoteCast
from core.assembly.ballots.model import Choice
from core.draw import commitment as commit
from core.integrity import GENESIS, record_bytes, record_digest
from core.note import Checkpoint as NoteBody
from core.note import Signer, cosigned_message, sign_note
from core.vocabulary import PARIS
from services.adapters.eventstore.mapper import MsgspecMapper
from services.application.audit.checkpoints import LegacyCheckpoint, encode_legacy
from services.application.audit.keys import key_id as legacy_key_id
from services.application.audit.leaf import leaf_bytes, leaf_hash

Vectors = dict[str, Any]

LOG_SEED = bytes(range(1, 33))  # the log key of every vector: 0x01 0x02 ... 0x20
WITNESS_SEED = bytes(range(101, 133))
OTHER_SEED = bytes(range(201, 233))  # a forger's key
STREAM = "ASSEMBLY"
ORIGIN = f"assembly-record/{STREAM}"
WITNESS_NAME = "witness.example.org/w1"

_canonical = msgspec.json.Encoder(order="sorted").encode


def log_signer(seed: bytes = LOG_SEED, name: str = ORIGIN) -> Signer:
    return Signer.from_seed(name, seed)


def witness_signer() -> Signer:
    return Signer.from_seed(WITNESS_NAME, WITNESS_SEED).cosigner()


# -- canonical payload bytes ----------------------------------------------------------------


class _Float(Exception):
    pass


def _no_float(text: str) -> Any:
    raise _Float(text)


_strict = msgspec.json.Decoder(float_hook=_no_float).decode


def canonical_verdict(data: bytes) -> dict[str, Any]:
    """What the audit's canonical-bytes check says of a payload (integrity._payload)."""
    try:
        value = _strict(data)
    except _Float:
        return {"canonical": False, "why": "float"}
    except msgspec.DecodeError:
        return {"canonical": False, "why": "not-json"}
    again = _canonical(value)
    out: dict[str, Any] = {"canonical": again == data, "reencoded_hex": again.hex()}
    if again != data:
        out["why"] = "respelled"
    return out


CANONICAL_INPUTS: list[tuple[str, bytes]] = [
    ("sorted keys, nested", b'{"a":{"x":1,"y":[true,false,null]},"b":"text"}'),
    ("keys out of order", b'{"b":1,"a":2}'),
    ("whitespace", b'{"a": 1}'),
    ("nested keys out of order", b'{"a":[{"d":1,"c":2}]}'),
    ("keys sort by code point: upper case first", b'{"Z":1,"a":2,"\xc3\xa9":3}'),
    ("non-ASCII written as UTF-8", '{"t":"Hôtel de Ville — salle"}'.encode()),
    ("non-ASCII escaped is not canonical", b'{"t":"H\\u00f4tel"}'),
    ("control characters: short escapes", b'{"t":"a\\nb\\tc\\rd\\be\\ff"}'),
    ("other controls: \\u00XX lower-case hex", b'{"t":"\\u0001\\u001f"}'),
    ("upper-case hex escape is not canonical", b'{"t":"\\u001F"}'),
    ("slash and DEL stay as they are", b'{"t":"a/b\x7f"}'),
    ("escaped slash is not canonical", b'{"t":"a\\/b"}'),
    ("U+2028 stays as it is", '{"t":"a\u2028b"}'.encode()),
    ("quote and backslash", b'{"t":"say \\"hi\\" \\\\ bye"}'),
    ("integers: shortest form", b'{"n":[0,-1,18446744073709551615,-9223372036854775808]}'),
    ("a float is refused", b'{"n":1.5}'),
    ("an exponent is a float", b'{"n":1e3}'),
    ("-0 is respelled", b'{"n":-0}'),
    ("duplicate key: the last one wins, respelled", b'{"a":1,"a":2}'),
    ("not JSON", b'{"a":'),
    ("a datetime is a string", b'{"at":"2025-01-10T18:00:00Z"}'),
]


def canonical_vectors() -> Vectors:
    cases = []
    for name, data in CANONICAL_INPUTS:
        cases.append({"name": name, "input_hex": data.hex(), **canonical_verdict(data)})
    vote = VoteCast(
        originator_id=UUID("6f1c2b0e-8d2a-4c1e-9a55-3e7f3d9a0b11"),
        originator_version=1234,
        at=datetime(2025, 6, 14, 10, 30, tzinfo=UTC),
        by="member:ele-042",
        ballot=UUID("0b5e8a8e-3d5c-4a3f-8f6e-1c2d3e4f5a6b"),
        member="ele-042",
        choice=Choice.IN_FAVOUR,
    )
    stored = MsgspecMapper(JSONTranscoder()).to_stored_event(vote)
    return {
        "part": "canonical payload bytes (docs/spec/01-message.md)",
        "cases": cases,
        "event": {
            "name": "a stored assembly.vote_cast.v1 payload, as the application writes it",
            "topic": stored.topic,
            "payload": stored.state.decode(),
            "payload_hex": stored.state.hex(),
            **canonical_verdict(stored.state),
        },
    }


# -- the record digest and hash chain ---------------------------------------------------------


def record_vectors() -> Vectors:
    agg = "6f1c2b0e-8d2a-4c1e-9a55-3e7f3d9a0b11"
    topic = "assembly.vote_cast.v1"
    payloads = [
        b'{"a":1}',
        b'{"text":"' + b"x" * 300 + b'"}',  # bin16 payload
        b"{}",
    ]
    versions = [1, 2, 3]
    chain = []
    prev = GENESIS
    for version, state in zip(versions, payloads, strict=True):
        rb = record_bytes(agg, version, topic, prev, state)
        digest = record_digest(agg, version, topic, prev, state)
        chain.append(
            {
                "originator_id": agg,
                "version": version,
                "topic": topic,
                "prev_hex": prev.hex(),
                "state_hex": state.hex(),
                "record_bytes_hex": rb.hex(),
                "digest_hex": digest.hex(),
            }
        )
        prev = digest
    singles = []
    for agg_id, version, topic_name in [
        ("log-checkpoints", 127, "assembly.log_checkpointed.v2"),
        ("log-checkpoints", 128, "assembly.log_checkpointed.v2"),
        ("a" * 40, 65536, "t" * 32),
    ]:
        state = b"payload"
        prev = hashlib.sha256(b"previous").digest()
        singles.append(
            {
                "originator_id": agg_id,
                "version": version,
                "topic": topic_name,
                "prev_hex": prev.hex(),
                "state_hex": state.hex(),
                "record_bytes_hex": record_bytes(agg_id, version, topic_name, prev, state).hex(),
                "digest_hex": record_digest(agg_id, version, topic_name, prev, state).hex(),
            }
        )
    return {
        "part": "record digest and hash chain (docs/spec/02-record-chain.md)",
        "genesis_hex": GENESIS.hex(),
        "chain": chain,
        "encodings": singles,
    }


# -- the Merkle leaf and tree ------------------------------------------------------------------

# The leaf inputs of the RFC 6962 / RFC 9162 reference test vectors (certificate-transparency-go).
RFC_LEAVES = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
]


def merkle_vectors() -> Vectors:
    leaves = [bytes.fromhex(x) for x in RFC_LEAVES]
    roots = [{"size": n, "root_hex": merkle.root(leaves[:n]).hex()} for n in range(len(leaves) + 1)]
    inclusion = [
        {
            "index": i,
            "size": n,
            "leaf_hash_hex": merkle.leaf_hash(leaves[i]).hex(),
            "proof_hex": [h.hex() for h in merkle.inclusion_proof(leaves[:n], i)],
        }
        for n in range(1, len(leaves) + 1)
        for i in range(n)
    ]
    consistency = [
        {
            "size1": m,
            "size2": n,
            "proof_hex": [h.hex() for h in merkle.consistency_proof(leaves[:n], m)],
        }
        for n in range(1, len(leaves) + 1)
        for m in range(1, n + 1)
    ]
    headers = {
        "Assembly-Id": "6f1c2b0e-8d2a-4c1e-9a55-3e7f3d9a0b11",
        "Assembly-Prev": GENESIS.hex(),
        "Assembly-Topic": "assembly.vote_cast.v1",
        "Assembly-Version": "1",
        "Nats-Expected-Last-Subject-Sequence": "0",
        "Nats-Msg-Id": "6f1c2b0e-8d2a-4c1e-9a55-3e7f3d9a0b11:1",
    }
    delivered = {
        **headers,
        "Nats-Stream": STREAM,
        "Nats-Subject": "assembly.events.6f1c2b0e-8d2a-4c1e-9a55-3e7f3d9a0b11",
        "Nats-Sequence": "3",
        "Nats-Time-Stamp": "2026-12-07T12:00:00.003Z",
    }
    subject = "assembly.events.6f1c2b0e-8d2a-4c1e-9a55-3e7f3d9a0b11"
    tracking = {"Nats-Expected-Last-Subject-Sequence": "69999", "Nats-Msg-Id": "tracking:p:12"}
    messages = []
    for seq, subj, hdrs, data in [
        (3, subject, headers, b'{"a":1}'),
        (3, subject, delivered, b'{"a":1}'),  # the same leaf: delivery headers are left out
        (70000, "assembly.tracking.p", tracking, b"12"),
    ]:
        messages.append(
            {
                "seq": seq,
                "subject": subj,
                "headers": hdrs,
                "data_hex": data.hex(),
                "leaf_bytes_hex": leaf_bytes(seq, subj, hdrs, data).hex(),
                "leaf_hash_hex": leaf_hash(seq, subj, hdrs, data).hex(),
            }
        )
    return {
        "part": "Merkle leaf and tree (docs/spec/03-merkle.md)",
        "empty_root_hex": merkle.EMPTY_ROOT.hex(),
        "leaves_hex": RFC_LEAVES,
        "roots": roots,
        "inclusion": inclusion,
        "consistency": consistency,
        "message_leaves": messages,
    }


# -- signed notes, checkpoints, cosignatures -------------------------------------------------


def note_vectors() -> Vectors:
    log = log_signer()
    v = log.verifier
    root = merkle.root([bytes.fromhex(x) for x in RFC_LEAVES])
    body = NoteBody(ORIGIN, 8, root).body()
    note = sign_note(body, log)
    witness = witness_signer()
    w = witness.verifier
    timestamp = 1_796_000_000
    cosigned = note + witness.signature_line(body.encode(), timestamp)
    legacy_pub = v.public_key
    legacy_at = "2026-01-01T00:00:00Z"
    root_b64 = base64.b64encode(root).decode()
    legacy_text = f"{ORIGIN}\n8\n{root_b64}\ntime {legacy_at}\n".encode()
    legacy = LegacyCheckpoint(
        origin=ORIGIN,
        tree_size=8,
        root=root.hex(),
        at=legacy_at,
        key_id=legacy_key_id(legacy_pub),
        public_key=base64.b64encode(legacy_pub).decode(),
        signature=base64.b64encode(log.private_key.sign(legacy_text)).decode(),
    )
    body2 = NoteBody(ORIGIN, 5, merkle.root([bytes.fromhex(x) for x in RFC_LEAVES[:5]])).body()
    note2 = sign_note(body2, log)
    outside = note2 + "\n" + cosigned + "\n"
    return {
        "part": "signed notes, checkpoints and cosignatures (docs/spec/04-checkpoint.md)",
        "log_key": {
            "name": ORIGIN,
            "seed_hex": LOG_SEED.hex(),
            "public_key_hex": v.public_key.hex(),
            "signature_type": v.signature_type,
            "key_id_input_hex": (ORIGIN.encode() + b"\n" + bytes([1]) + v.public_key).hex(),
            "key_id_hex": v.key_id.hex(),
            "vkey": v.vkey,
            "skey": log.skey,
        },
        "checkpoint": {
            "origin": ORIGIN,
            "tree_size": 8,
            "root_hex": root.hex(),
            "body": body,
            "body_hex": body.encode().hex(),
            "signature_hex": log.signature(body.encode()).hex(),
            "note": note,
        },
        "witness_key": {
            "name": WITNESS_NAME,
            "seed_hex": WITNESS_SEED.hex(),
            "public_key_hex": w.public_key.hex(),
            "signature_type": w.signature_type,
            "key_id_hex": w.key_id.hex(),
            "vkey": w.vkey,
        },
        "cosignature": {
            "timestamp": timestamp,
            "signed_message_hex": cosigned_message(body.encode(), timestamp).hex(),
            "signature_hex": witness.signature(body.encode(), timestamp).hex(),
            "note": cosigned,
        },
        "legacy": {
            "signed_text_hex": legacy.signed_text().hex(),
            "key_id": legacy.key_id,
            "json": encode_legacy(legacy).decode(),
        },
        "outside_file": {
            "text": outside,
            "checkpoints": [{"tree_size": 5, "line": 1}, {"tree_size": 8, "line": 6}],
        },
    }


def all_vectors() -> dict[str, Vectors]:
    """File name (in docs/spec/vectors/) -> its vectors."""
    from tests.vectors.tiles_vectors import tiles_vectors  # noqa: PLC0415 - it imports this

    return {
        "canonical.json": canonical_vectors(),
        "record.json": record_vectors(),
        "merkle.json": merkle_vectors(),
        "note.json": note_vectors(),
        "draw.json": draw_vectors(),
        "tiles.json": tiles_vectors(),
    }


def dumps(vectors: Vectors) -> str:
    return json.dumps(vectors, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


# -- the draw -------------------------------------------------------------------------------

DRAWN_LOG = Path(__file__).resolve().parent / "drawn.jsonl"


def _draw_facts(path: Path) -> tuple[list[Any], Any]:
    """The draw's facts of an export, decoded as the audit decodes them, and the charter's
    vocabulary of the assembly it served."""
    from core.assembly.convening.facts import AssemblyConvened  # noqa: PLC0415
    from core.draw.events import FACTS  # noqa: PLC0415
    from core.events import event_type  # noqa: PLC0415

    wires = {cls.wire for cls in FACTS}
    found, vocabulary = [], None
    for line in path.read_text("utf-8").splitlines()[1:-1]:
        record = json.loads(line)
        topic = dict(record["headers"]).get("Assembly-Topic", "")
        if topic in wires or topic == AssemblyConvened.wire:
            cls = event_type(topic)
            assert cls is not None
            event = msgspec.json.decode(base64.b64decode(record["data"]), type=cls)
            if isinstance(event, AssemblyConvened):
                vocabulary = event.charter.vocabulary
            else:
                found.append(event)
    return found, vocabulary


def _commitment_body(draw: Any) -> list[Any]:
    """The commitment's MessagePack body, written from docs/spec/08-draw.md (the vectors check
    that its SHA-256 is what ``core.draw.commitment.commitment`` gives)."""
    ceremony = draw.declared.dice
    beacon = draw.declared.beacon
    return [
        1,
        str(draw.id),
        str(draw.assembly),
        draw.pool.root,
        draw.pool.size,
        draw.tickets,
        draw.replacement.value,
        [
            [
                s,
                draw.seats[s],
                draw.reserves.get(s, 0),
                sorted([q.category, q.value, q.min, q.max] for q in draw.quotas[s].quotas),
                draw.lotteries[s].algorithm,
                draw.lotteries[s].version,
                draw.lotteries[s].digest,
            ]
            for s in sorted(draw.seats)
        ],
        None if beacon is None else [beacon.chain, beacon.chain_hash, beacon.round],
        None
        if ceremony is None
        else [
            ceremony.starts_at.isoformat(),
            ceremony.place,
            ceremony.bailiff,
            list(ceremony.witnesses),
            ceremony.dice,
            ceremony.sides,
            ceremony.rolls,
        ],
    ]


def _small_pool() -> Vectors:
    """Respondents' salted commitments and the pool commitment, on eight people."""
    criteria = [c.name for c in PARIS.criteria]
    rows = [
        ("p000003", "electoral-rolls", "f", "18-24", "bac", "11"),
        ("p000001", "electoral-rolls", "m", "18-24", "bac", "11"),
        ("p000002", "electoral-rolls", "f", "25-34", "bac+5", "3"),
        ("p000004", "electoral-rolls", "m", "65+", "none", "20"),
        ("p000005", "non-eu-residents", "x", "35-49", "cap-bep", "18"),
        ("p000006", "minors", "f", "16-17", "none", "19"),
        ("p000007", "electoral-rolls", "f", "18-24", "bac", "11"),
        ("p000008", "électeurs-é", "f", "18-24", "bac", "11"),
    ][:7]
    people = [
        pools.Respondent(pseudonym=p, subpool=s, criteria=dict(zip(criteria, values, strict=True)))
        for p, s, *values in rows
    ]
    salts = [hashlib.sha256(f"salt:{p.pseudonym}".encode()).digest() for p in people]
    committed = [
        pools.Committed(respondent=p, commitment=pools.commit(p, salt, PARIS))
        for p, salt in zip(people, salts, strict=True)
    ]
    summary = pools.pool_commitment(committed, PARIS)
    ordered = sorted(committed, key=lambda c: c.respondent.pseudonym)
    return {
        "vocabulary": msgspec.to_builtins(PARIS),
        "respondents": [
            {
                "pseudonym": p.pseudonym,
                "subpool": p.subpool,
                "criteria": p.criteria,
                "salt_hex": salt.hex(),
                "commitment_bytes_hex": pools.commitment_bytes(p, PARIS).hex(),
                "commitment_hex": pools.commit(p, salt, PARIS).hex(),
            }
            for p, salt in zip(people, salts, strict=True)
        ],
        "leaves_in_order": [c.respondent.pseudonym for c in ordered],
        "root_hex": summary.root.hex(),
        "size": summary.size,
        "counts": summary.counts,
    }


def draw_vectors(path: Path = DRAWN_LOG) -> Vectors:
    """The draw of tests/vectors/drawn.jsonl, derived step by step, and a small pool."""
    from core.draw import rules  # noqa: PLC0415
    from core.draw.state import project  # noqa: PLC0415
    from core.draw.tickets import Tickets, chances  # noqa: PLC0415

    events, vocabulary = _draw_facts(path)
    draw = project(None, events)
    assert draw is not None and draw.pool is not None and draw.declared and draw.revealed
    summary = pools.commitment_of(
        ((e.pseudonym, e.subpool, e.criteria, bytes.fromhex(e.commitment)) for e in draw.entries),
        vocabulary,
    )
    body = msgspec.msgpack.encode(_commitment_body(draw))
    assert hashlib.sha256(body).hexdigest() == commit.commitment(
        draw, draw.declared.beacon, draw.declared.dice
    )
    material = commit.revealed_material(draw.revealed.beacon, draw.revealed.dice)
    seed = commit.seed(draw.declared.commitment, draw.revealed.beacon, draw.revealed.dice)
    subpools = []
    for name in sorted(draw.seats):
        pool = rules.subpool(draw, name)
        lottery_ = draw.lotteries[name]
        tickets = Tickets(lottery_, len(pool.types))
        sub = commit.subpool_seed(seed, name)
        ticket_hash = hashlib.sha256(sub + b"ticket").digest()
        chosen, per_type = rules.select(draw, name, pool)
        drawn = draw.drawn[name]
        digest_input = msgspec.msgpack.encode(
            [1, [[list(pair) for pair in p] for p in lottery_.panels], list(lottery_.counts)]
        )
        first = pool.members[0]
        subpools.append(
            {
                "subpool": name,
                "categories": list(pool.categories),
                "types": len(pool.types),
                "first_types": [list(t) for t in pool.types[:3]],
                "counts_first": list(pool.counts[:10]),
                "size": pool.size,
                "tickets": len(tickets),
                "distinct_panels": len(lottery_.panels),
                "tickets_digest_hex": lottery_.digest,
                "tickets_digest_input_hex": digest_input.hex() if len(digest_input) < 4096 else "",
                "tickets_digest_input_sha256": hashlib.sha256(digest_input).hexdigest(),
                "minimum": lottery_.minimum,
                "subpool_seed_hex": sub.hex(),
                "ticket_hash_hex": ticket_hash.hex(),
                "ticket_index": chosen.ticket,
                "chosen_ticket": [list(x) for x in commit.sparse(tickets[chosen.ticket])],
                "first_type_order": [
                    {
                        "pseudonym": p,
                        "key_hex": hashlib.sha256(sub + p.encode()).hexdigest(),
                        "reserve_key_hex": hashlib.sha256(
                            sub + b"reserve" + p.encode()
                        ).hexdigest(),
                    }
                    for p in sorted(
                        first, key=lambda p: (hashlib.sha256(sub + p.encode()).digest(), p)
                    )
                ],
                "panel": list(chosen.panel),
                "reserves_kept": draw.reserves.get(name, 0),
                "reserve_first": list(chosen.reserve[:10]),
                "reserve_sha256": hashlib.sha256("\n".join(chosen.reserve).encode()).hexdigest(),
                "chances": list(per_type),
                "recorded": {
                    "ticket": drawn.ticket,
                    "panel_equal": list(drawn.panel) == list(chosen.panel),
                    "reserves_equal": list(drawn.reserves) == list(chosen.reserve),
                    "chances_equal": list(drawn.chances)
                    == list(chances(lottery_, len(pool.types))),
                },
            }
        )
    return {
        "part": "the draw (docs/spec/08-draw.md)",
        "small_pool": _small_pool(),
        "drawn_log": {
            "log": "tests/vectors/drawn.jsonl",
            "draw_id": str(draw.id),
            "pool_root_hex": summary.root.hex(),
            "pool_size": summary.size,
            "pool_counts": summary.counts,
            "commitment_body_hex": body.hex(),
            "commitment_hex": draw.declared.commitment,
            "revealed_material_hex": material.hex(),
            "seed_hex": seed.hex(),
            "recorded_seed_hex": draw.revealed.seed,
            "subpools": subpools,
        },
    }
