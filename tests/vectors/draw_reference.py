"""The draw's derivation of docs/spec/08-draw.md, written from the spec alone: plain JSON
payloads in, SHA-256 and a generic MessagePack encoder, none of the project's draw code. The
test holds it to every value the honest drawn log records, so the spec's text (orders,
encodings, the commitment's time format) is what the code does."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

from core.merkle import root as merkle_root  # RFC 9162, checked against its own vectors

_pack = msgspec.msgpack.encode


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def facts(path: Path) -> list[tuple[int, str, dict[str, Any]]]:
    """(sequence, topic, payload) of every event of an export."""
    out = []
    for line in path.read_text("utf-8").splitlines()[1:-1]:
        record = json.loads(line)
        topic = dict(record["headers"]).get("Assembly-Topic", "")
        if record["subject"].split(".")[1:2] == ["events"]:
            out.append((record["seq"], topic, json.loads(base64.b64decode(record["data"]))))
    return out


def isoformat(text: str) -> str:
    """RFC 3339 as the payload has it, written as Python's datetime.isoformat() (08 §5)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment.isoformat()


def derive(path: Path) -> dict[str, Any]:
    """Every value of the log's (first) draw, re-derived; and the recorded ones beside."""
    by_topic: dict[str, list[dict[str, Any]]] = {}
    for _, topic, payload in facts(path):
        by_topic.setdefault(topic.split(".")[1], []).append(payload)
    opened = by_topic["draw_opened"][0]
    entries = [e for part in by_topic["pool_entered"] for e in part["respondents"]]
    vocabulary = by_topic["assembly_convened"][0]["charter"]["vocabulary"]
    names = [c["name"] for c in vocabulary["criteria"]]
    ordered = sorted(entries, key=lambda e: e[0])
    counts: dict[str, dict[str, int]] = {n: {} for n in [*names, "subpool"]}
    for _, subpool, criteria, _ in ordered:
        for n, v in [*((n, criteria[n]) for n in names), ("subpool", subpool)]:
            counts[n][v] = counts[n].get(v, 0) + 1
    pool = {
        "root": merkle_root([bytes.fromhex(e[3]) for e in ordered]).hex(),
        "size": len(ordered),
        "counts": {n: dict(sorted(c.items())) for n, c in counts.items()},
    }
    quotas = {q["subpool"]: q for q in by_topic["quotas_committed"]}
    lotteries = {t["subpool"]: t for t in by_topic["tickets_committed"]}
    declared = by_topic["randomness_declared"][0]
    ceremony, beacon = declared["dice"], declared["beacon"]
    body = [
        1,
        opened["originator_id"],
        opened["assembly"],
        pool["root"],
        pool["size"],
        opened["tickets"],
        opened["replacement"],
        [
            [
                s,
                opened["seats"][s],
                opened["reserves"].get(s, 0),
                sorted(
                    [q["category"], q["value"], q["min"], q["max"]] for q in quotas[s]["quotas"]
                ),
                lotteries[s]["algorithm"],
                lotteries[s]["version"],
                lotteries[s]["digest"],
            ]
            for s in sorted(opened["seats"])
        ],
        None if beacon is None else [beacon["chain"], beacon["chain_hash"], beacon["round"]],
        None
        if ceremony is None
        else [
            isoformat(ceremony["starts_at"]),
            ceremony["place"],
            ceremony["bailiff"],
            ceremony["witnesses"],
            ceremony["dice"],
            ceremony["sides"],
            ceremony["rolls"],
        ],
    ]
    revealed = by_topic["randomness_revealed"][0]
    rb, rd = revealed["beacon"], revealed["dice"]
    material = _pack(
        [
            1,
            None if rb is None else [rb["round"], rb["signature"]],
            None if rd is None else [rd["digits"], rd["signed_by"]],
        ]
    )
    seed = _sha(bytes.fromhex(declared["commitment"]) + material)
    drawn = {}
    for s in sorted(opened["seats"]):
        drawn[s] = _subpool(s, ordered, lotteries[s], bytes.fromhex(revealed["seed"]), opened)
    digests = {s: _sha(_pack([1, t["panels"], t["counts"]])).hex() for s, t in lotteries.items()}
    return {
        "pool": pool,
        "commitment": _sha(_pack(body)).hex(),
        "seed": seed.hex(),
        "digests": digests,
        "drawn": drawn,
        "recorded": {
            "pool": {k: by_topic["pool_committed"][0][k] for k in ("root", "size", "counts")},
            "commitment": declared["commitment"],
            "seed": revealed["seed"],
            "digests": {s: t["digest"] for s, t in lotteries.items()},
            "drawn": {
                d["subpool"]: {k: d[k] for k in ("ticket", "panel", "reserves", "chances")}
                for d in by_topic["panel_drawn"]
            },
        },
    }


def _subpool(
    name: str,
    ordered: list[list[Any]],
    lottery: dict[str, Any],
    seed: bytes,
    opened: dict[str, Any],
) -> dict[str, Any]:
    people = [e for e in ordered if e[1] == name]
    categories = sorted(people[0][2])
    by_type: dict[tuple[str, ...], list[str]] = {}
    for pseudonym, _, criteria, _ in people:
        by_type.setdefault(tuple(criteria[c] for c in categories), []).append(pseudonym)
    types = sorted(by_type)
    members = [sorted(by_type[t]) for t in types]
    dense = []
    for panel, count in zip(lottery["panels"], lottery["counts"], strict=True):
        seats = [0] * len(types)
        for t, x in panel:
            seats[t] = x
        dense += [seats] * count
    k = _sha(seed + b"subpool:" + name.encode())
    ticket = int.from_bytes(_sha(k + b"ticket"), "big") % len(dense)
    panel: list[str] = []
    for t, who in enumerate(members):
        panel += sorted(who, key=lambda p: (_sha(k + p.encode()), p))[: dense[ticket][t]]
    seated = set(panel)
    rest = [p for who in members for p in who if p not in seated]
    reserves = sorted(rest, key=lambda p: (_sha(k + b"reserve" + p.encode()), p))
    chances = [0] * len(types)
    for panel_, count in zip(lottery["panels"], lottery["counts"], strict=True):
        for t, x in panel_:
            chances[t] += x * count
    return {
        "ticket": ticket,
        "panel": panel,
        "reserves": reserves[: opened["reserves"].get(name, 0)],
        "chances": chances,
    }
