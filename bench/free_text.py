"""(i) The audit's domain half on a log full of maximal-length free text, against the Paris
year's, in the same run: the audit must stay linear in the log's bytes whatever the payloads
hold (issue 13). Ours: the Paris (or, quick, the demo) year with every free-text field of
every fact filled to its limit (core/text/limits.py) with the text that made the former e-mail
pattern quadratic (a run of word characters, then ``@``). Raw: the same year as written.
Both fed to ``DomainPass`` (decode, re-decide, text check, personal-data scan) from memory,
so the figure is the domain checks' own, not the network's. The rate is in kB per second;
a ratio near 1 (or above: long texts are cheaper per byte than many small facts) is linear.
"""

from __future__ import annotations

import hashlib
import re
import sys
import time
from typing import Any

import msgspec

from bench.audit import template_year
from bench.report import Result, table
from core.audit import personal
from core.events import Event, event_type
from core.text.limits import limit_of
from examples.paris_year import DEMO, PARIS
from services.adapters.eventstore.records import H_ID, H_TOPIC
from services.application.audit.domain import DomainPass

# The former e-mail pattern (before issue 13), for comparison only: quadratic on a long run of
# word characters in a payload holding an "@" anywhere.
FORMER = re.compile(rb"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
FREE = ("text", "role", "place")


def _filled(event: Event) -> Event:
    """The fact with each free text at its limit (nested ones included), its digests kept
    consistent so that the facts stay lawful."""
    filled = _fill(type(event).wire, event, "")
    if isinstance(filled, Event) and "sha256" in filled.__struct_fields__:
        text = getattr(filled, "text", None)
        if isinstance(text, str):
            digest = hashlib.sha256(text.encode()).hexdigest()
            filled = msgspec.structs.replace(filled, sha256=digest)
    return filled  # type: ignore[no-any-return]


def _fill(wire: str, value: Any, path: str) -> Any:
    if isinstance(value, str) and type(value) is str:
        limit = limit_of(wire, path)
        if limit is not None and limit.kind in FREE and value:
            return "a" * (limit.max - 1) + "@"  # the former pattern's worst case
        return value
    if isinstance(value, msgspec.Struct):
        prefix = f"{path}." if path else ""
        changes = {
            f: _fill(wire, getattr(value, f), prefix + f)
            for f in value.__struct_fields__
            if f not in ("originator_id", "by")
        }
        return msgspec.structs.replace(value, **changes)
    if type(value) is tuple:
        return tuple(_fill(wire, v, path + "[]") for v in value)
    return value


def _rate(records: list[tuple[int, str, str, bytes]]) -> tuple[float, float, int, int]:
    domain = DomainPass("x", indexed=False)
    t0 = time.process_time()
    found = sum(
        len(domain.fact(seq, topic, aggregate, data)) for seq, topic, aggregate, data in records
    )
    found += len(domain.finish())
    seconds = time.process_time() - t0
    size = sum(len(r[3]) for r in records)
    return size / seconds, len(records) / seconds, size, found


def free_text_audit(url: str, quick: bool, progress: Any) -> list[Result]:
    progress(f"(i) a {'DEMO' if quick else 'PARIS'} year through the application")
    year = template_year(url, DEMO if quick else PARIS)
    plain = [(m.seq, m.headers[H_TOPIC], m.headers[H_ID], m.data) for m in year]
    full = []
    for seq, topic, aggregate, data in plain:
        cls = event_type(topic)
        event = msgspec.json.decode(data, type=cls) if cls else None
        filled = msgspec.json.encode(_filled(event)) if event is not None else data
        full.append((seq, topic, aggregate, filled))
    progress("(i) the domain half of the audit on both, CPU time")
    raw_bytes, raw_facts, raw_size, _ = _rate(plain)
    ours_bytes, ours_facts, size, found = _rate(full)
    progress(
        f"(i) maximal free text: {size:,} bytes at {ours_bytes / 1e6:.1f} MB/s "
        f"({ours_facts:,.0f} facts/s); the year as written: {raw_size:,} bytes at "
        f"{raw_bytes / 1e6:.1f} MB/s ({raw_facts:,.0f} facts/s)"
    )
    text = b"a" * 19_999 + b"@"  # one recommendation at its limit
    t0 = time.process_time()
    personal.found(text)
    new = time.process_time() - t0
    t0 = time.process_time()
    list(FORMER.finditer(text))
    former = time.process_time() - t0
    progress(
        f"(i) one 20,000-character text: {new * 1e3:.2f} ms, the former pattern {former:.2f} s"
    )
    return [
        Result(
            "i1",
            "audit (domain): maximal free text vs the year, kB",
            ours_bytes / 1000,
            raw_bytes / 1000,
            None,
            len(full),
            {
                "bytes": size,
                "year_bytes": raw_size,
                "facts_per_s": ours_facts,
                "year_facts_per_s": raw_facts,
                "violations": found,
            },
        ),
        Result(
            "i2",
            "one 20,000-char text: detector vs former, kB",
            len(text) / new / 1000,
            len(text) / former / 1000,
            None,
            1,
            {"seconds": new, "former_seconds": former},
        ),
    ]


def main() -> None:
    from bench.server import PrivateServer  # noqa: PLC0415

    quick = "--quick" in sys.argv

    def progress(message: str) -> None:
        print(f"  {message} ...", file=sys.stderr, flush=True)

    with PrivateServer() as server:
        results = free_text_audit(server.url, quick, progress)
    print(table(results))


if __name__ == "__main__":
    main()
