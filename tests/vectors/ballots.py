"""The ballots' check of docs/spec/09-ballots.md, written from the spec (not from the rules'
code): each closing's tally against its recorded votes, and its outcome's arithmetic. The
vectors' verdicts call a Python violation "ballot" scope when this check tells it too, and
generating them fails if this check tells anything the Python audit does not: the spec and the
audit agree on every vector."""

from __future__ import annotations

import base64
import json
import math
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

CONVENED = "assembly.assembly_convened.v2"
OPENED = "assembly.ballot_opened.v1"
CAST = "assembly.vote_cast.v1"
CLOSED = "assembly.ballot_closed.v1"


def outcome(
    tally: dict[str, int], threshold: str, rules: dict[str, Any], seated: int, present: int
) -> dict[str, Any]:
    """The numbers an outcome must hold, from its tally and the recorded seated and present."""
    quorum_needed = math.ceil(Decimal(rules["quorum"]) * seated)
    counted = rules["abstentions"] == "counted"
    yes, no, abstain = tally["in_favour"], tally["against"], tally["abstentions"]
    votes_cast = yes + no + (abstain if counted else 0)
    if threshold == "simple-majority":
        needed = votes_cast // 2 + 1
    elif threshold == "absolute-majority":
        needed = seated // 2 + 1
    elif threshold == "two-thirds":
        needed = max(math.ceil(Decimal(2 * votes_cast) / 3), 1)
    else:  # consensus
        needed = max(yes, 1) if no == 0 else yes + 1
    passed = yes >= needed and (threshold != "consensus" or no == 0)
    return {
        "quorum_needed": quorum_needed,
        "quorum_met": present >= quorum_needed,
        "threshold": threshold,
        "votes_cast": votes_cast,
        "needed": needed,
        "adopted": present >= quorum_needed and passed,
    }


def findings(path: Path, prefix: str) -> set[tuple[int, str]]:
    """(sequence, rule) of every closing whose tally or outcome its votes do not give."""
    rules: dict[str, dict[str, Any]] = {}
    ballots: dict[tuple[str, str], dict[str, Any]] = {}
    out: set[tuple[int, str]] = set()
    lines = path.read_text("utf-8").splitlines()
    for line in lines[1:]:
        record = json.loads(line)
        if "seq" not in record or not record["subject"].startswith(prefix + ".events."):
            continue
        headers = dict(record["headers"])
        topic, assembly = headers.get("Assembly-Topic"), headers.get("Assembly-Id", "")
        if topic not in (CONVENED, OPENED, CAST, CLOSED):
            continue
        try:
            fact = json.loads(base64.b64decode(record["data"]))
        except ValueError:
            continue
        if topic == CONVENED:
            rules.setdefault(assembly, fact["charter"]["rules"])
        elif topic == OPENED:
            ballots[assembly, fact["ballot"]] = {
                "secrecy": fact["secrecy"],
                "threshold": fact["threshold"],
                "votes": 0,
                "choices": {},
            }
        elif topic == CAST and (assembly, fact["ballot"]) in ballots:
            ballot = ballots[assembly, fact["ballot"]]
            ballot["votes"] += 1
            if fact["choice"] is not None:
                ballot["choices"][fact["member"]] = fact["choice"]
        elif topic == CLOSED and (assembly, fact["ballot"]) in ballots and assembly in rules:
            rule = _closing(ballots[assembly, fact["ballot"]], fact["outcome"], rules[assembly])
            if rule:
                out.add((int(record["seq"]), rule))
    return out


def _closing(ballot: dict[str, Any], recorded: dict[str, Any], rules: dict[str, Any]) -> str:
    tally = recorded["tally"]
    if ballot["secrecy"] == "roll-call":
        c = Counter(ballot["choices"].values())
        counted = {
            "in_favour": c["in-favour"],
            "against": c["against"],
            "abstentions": c["abstain"],
        }
        if counted != tally:
            return "ballots"
    elif sum(tally.values()) != ballot["votes"]:
        return "ballots"
    again = outcome(tally, ballot["threshold"], rules, recorded["seated"], recorded["present"])
    if any(recorded[k] != v for k, v in again.items()):
        return "as-decided:ballot_closed"
    return ""
