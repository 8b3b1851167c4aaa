"""Every draw of a log re-derived from its facts alone (core.draw.verify), the outside
auditor's draw check: it reads an export file (or any log source) once, decodes only the
draws' facts, the charters they are checked in and the panels the assemblies received, and
needs no server, no key and no registry. The hash chains, checkpoints and every other fact are
``audit verify``'s (services.application.audit.verify)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from uuid import UUID

import msgspec

from core.assembly.convening.facts import AssemblyConvened
from core.assembly.membership.facts import PanelArrived
from core.draw.events import FACTS as DRAW_FACTS
from core.draw.events import DrawOpened, PoolEntered
from core.draw.verify import Violation, verify
from core.events import Event, event_type
from core.vocabulary import PARIS_V1, Vocabulary
from services.adapters.eventstore.records import H_ID, H_TOPIC, H_VERSION
from services.adapters.eventstore.upcasting import UPCASTERS
from services.application.audit.export import LogSource

_CONVENED = {AssemblyConvened.wire, *(w for w in UPCASTERS.retired() if "assembly_convened" in w)}
_READ = {*(cls.wire for cls in DRAW_FACTS), PanelArrived.wire, *_CONVENED}


@dataclass
class DrawVerdict:
    """One draw: whom it served, its respondents, and each violation with its sequence."""

    draw: UUID
    assembly: UUID | None
    respondents: int
    violations: list[tuple[int, Violation]] = field(default_factory=list)  # (seq, violation)

    @property
    def ok(self) -> bool:
        return not self.violations


@cache
def _decoder(cls: type[Event]) -> msgspec.json.Decoder[Event]:
    return msgspec.json.Decoder(cls)


class _Draw:
    def __init__(self) -> None:
        self.facts: list[Event] = []
        self.seqs: dict[int, int] = {}  # draw event version -> stream sequence
        self.broken: list[tuple[int, Violation]] = []  # facts that could not be read

    @property
    def served(self) -> UUID | None:
        opened = next((e for e in self.facts if isinstance(e, DrawOpened)), None)
        return opened.assembly if opened else None


class _Reading:
    """What one pass over the log keeps: each draw's facts, the panels that arrived from a
    draw, and each assembly's words (its charter's vocabulary)."""

    def __init__(self) -> None:
        self.draws: dict[UUID, _Draw] = {}
        self.arrived: dict[UUID, list[PanelArrived]] = {}
        self.arrival_seqs: dict[tuple[UUID, int], int] = {}  # (assembly, version) -> seq
        self.words: dict[UUID, Vocabulary] = {}

    def feed(
        self, seq: int, aggregate: UUID, event: Event | None, problem: Violation | None
    ) -> None:
        if isinstance(event, AssemblyConvened):
            self.words.setdefault(event.originator_id, event.charter.vocabulary)
        elif isinstance(event, PanelArrived):
            if event.draw is not None:
                self.arrived.setdefault(event.draw, []).append(event)
                self.arrival_seqs[event.originator_id, event.originator_version] = seq
        else:
            d = self.draws.setdefault(aggregate, _Draw())
            if problem is not None:
                d.broken.append((seq, problem))
            elif event is not None:
                d.facts.append(event)
                d.seqs[event.originator_version] = seq

    def verdict(self, draw_id: UUID, d: _Draw) -> DrawVerdict:
        served = d.served
        vocabulary = self.words.get(served, PARIS_V1) if served else PARIS_V1
        found = verify(d.facts, self.arrived.get(draw_id, []), vocabulary=vocabulary)

        def seq_of(v: Violation) -> int:
            if v.arrival and served is not None:  # the version is the assembly's
                return self.arrival_seqs.get((served, v.version), 0)
            return d.seqs.get(v.version, 0)

        return DrawVerdict(
            draw=draw_id,
            assembly=served,
            respondents=sum(len(e.respondents) for e in d.facts if isinstance(e, PoolEntered)),
            violations=sorted(
                [*d.broken, *((seq_of(v), v) for v in found)],
                key=lambda sv: (sv[0] or 1 << 62, sv[1].rule),
            ),
        )


def verify_draws(source: LogSource, assembly: UUID | None = None) -> list[DrawVerdict]:
    """Every draw of the source (or only the one serving ``assembly``), in the order opened."""
    reading = _Reading()
    for fact in _facts(source):
        reading.feed(*fact)
    return [
        reading.verdict(draw_id, d)
        for draw_id, d in reading.draws.items()
        if assembly is None or d.served == assembly
    ]


def _facts(
    source: LogSource,
) -> Iterator[tuple[int, UUID, Event | None, Violation | None]]:
    """The facts the draws need, decoded by their wire name; the others are skipped unread,
    and so is a record without a readable id (`audit verify` names it: record-headers)."""
    prefix = source.spec.events + "."
    for m in source.records():
        topic = m.headers.get(H_TOPIC, "")
        if topic not in _READ or not m.subject.startswith(prefix):
            continue
        try:
            aggregate = UUID(m.headers.get(H_ID, ""))
        except ValueError:
            continue
        try:
            cls = event_type(topic)
            event = (
                _decoder(cls).decode(m.data) if cls is not None else UPCASTERS.decode(topic, m.data)
            )
        except (msgspec.DecodeError, msgspec.ValidationError, ValueError) as e:
            if topic in _CONVENED or topic == PanelArrived.wire:
                continue  # not the draw's fact: `audit verify` names it
            version = m.headers.get(H_VERSION, "")
            yield (
                m.seq,
                aggregate,
                None,
                Violation(
                    version=int(version) if version.isdigit() else 0,
                    rule="undecodable",
                    expected=f"a {topic}",
                    found=str(e),
                ),
            )
            continue
        yield m.seq, aggregate, event, None
