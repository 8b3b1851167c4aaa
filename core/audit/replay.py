"""The whole domain replayed from the first event, in log order: every fact of an assembly must
be what the assembly's own rules decide in the state before it (core.audit.redecide); every
draw is re-derived (core.draw.verify); every assembly that submitted recommendations must hold
a panel drawn on this log (provenance closes at the draw)."""

from __future__ import annotations

from collections import deque
from uuid import UUID

import msgspec

from core.assembly import actors
from core.assembly.corrections import FactAnnulled, FactCorrected
from core.assembly.events import PanelArrived
from core.assembly.followup import RecommendationsSubmitted
from core.assembly.state import Assembly, evolve
from core.audit.redecide import Context, redecide
from core.audit.rehearse import as_it_stands
from core.audit.violation import Violation
from core.draw import events as draw_events
from core.draw.state import Draw
from core.draw.state import evolve as draw_evolve
from core.draw.verify import verify as verify_draw
from core.errors import DomainError
from core.events import Event
from core.text import check as text
from core.vocabulary import PARIS_V1, Vocabulary

DRAW_FACTS = tuple(
    cls
    for cls in vars(draw_events).values()
    if isinstance(cls, type) and issubclass(cls, Event) and cls.wire
)


class DomainAudit:
    """Feed the log's facts in sequence order; each call returns the violations it found."""

    def __init__(self) -> None:
        self.assemblies: dict[UUID, Assembly] = {}
        self.draws: dict[UUID, Draw] = {}
        self._draw_facts: dict[UUID, list[Event]] = {}
        self._draw_seqs: dict[UUID, dict[int, int]] = {}
        self._arrivals: dict[UUID, list[PanelArrived]] = {}
        self._arrival_seqs: dict[UUID, int] = {}
        self._expected: dict[UUID, deque[Event]] = {}
        self._submitted: dict[UUID, int] = {}  # assembly -> seq of its first submission
        self._history: dict[UUID, list[Event]] = {}  # each assembly's facts, for corrections
        self._facts: dict[int, Event] = {}  # every fact by its sequence, for corrections
        self._context = Context(
            self.assemblies, self.draws, lambda a: self._history.get(a, []), self._facts.get
        )

    def feed(self, seq: int, event: Event) -> list[Violation]:
        return self._texts(seq, event) + self._actors(seq, event) + self._fed(seq, event)

    def _texts(self, seq: int, event: Event) -> list[Violation]:
        """The texts of every fact, by the check the application applies before recording."""
        try:
            text.check(event)
        except text.TextRefused as e:
            return [self._v(seq, event, e.rule, "texts the record may hold", str(e))]
        return []

    def _actors(self, seq: int, event: Event) -> list[Violation]:
        """Who recorded each fact, by the check the application applies before recording."""
        try:
            actors.check(event, lambda: self._tellers(event))
        except actors.ActorRefused as e:
            return [self._v(seq, event, e.rule, "an actor who may record this fact", str(e))]
        return []

    def _tellers(self, event: Event) -> tuple[str, ...]:
        state = self.assemblies.get(event.originator_id)
        return state.charter.rules.tellers if state is not None else ()

    def _fed(self, seq: int, event: Event) -> list[Violation]:
        self._facts[seq] = event
        if isinstance(event, DRAW_FACTS):
            return self._draw(seq, event)
        aggregate = event.originator_id
        state = self.assemblies.get(aggregate)
        found = self._lawful(seq, event, state)
        history = self._history.setdefault(aggregate, [])
        history.append(event)
        try:
            folded = evolve(event, state)
            if isinstance(event, FactCorrected | FactAnnulled):
                folded = as_it_stands(history, self._context)
        except (TypeError, KeyError, ValueError, AssertionError, DomainError) as e:
            # An unlawful fact often cannot apply either: it is reported once, by its rule.
            return found or [self._v(seq, event, "unfoldable", "a fact that applies", repr(e))]
        if folded is not None:
            self.assemblies[aggregate] = folded
        if isinstance(event, PanelArrived) and event.draw is not None:
            self._arrivals.setdefault(event.draw, []).append(event)
            self._arrival_seqs[aggregate] = seq
        if isinstance(event, RecommendationsSubmitted):
            self._submitted.setdefault(aggregate, seq)
        return found

    def _lawful(self, seq: int, event: Event, state: Assembly | None) -> list[Violation]:
        pending = self._expected.get(event.originator_id)
        if pending:
            expected = pending.popleft()
            if expected == event:
                return []
            return [self._v(seq, event, "decided-together", _show(expected), _show(event))]
        try:
            decided = redecide(event, state, self._context)
        except DomainError as e:
            return [self._v(seq, event, e.rule, "a fact the rules allow", str(e))]
        if not decided or decided[0] != event:
            first = decided[0] if decided else None
            rule = f"as-decided:{type(event).wire.split('.')[1]}"
            return [self._v(seq, event, rule, _show(first), _show(event))]
        if len(decided) > 1:
            self._expected[event.originator_id] = deque(decided[1:])
        return []

    def _draw(self, seq: int, event: Event) -> list[Violation]:
        draw_id = event.originator_id
        self._draw_facts.setdefault(draw_id, []).append(event)
        self._draw_seqs.setdefault(draw_id, {})[event.originator_version] = seq
        try:
            self.draws[draw_id] = draw_evolve(event, self.draws.get(draw_id))
        except (TypeError, KeyError, ValueError) as e:
            return [self._v(seq, event, "unfoldable", "a fact that applies", repr(e))]
        return []

    def finish(self) -> list[Violation]:
        found: list[Violation] = []
        for aggregate, pending in self._expected.items():
            if pending:
                found.append(
                    Violation(
                        seq=0,
                        aggregate=str(aggregate),
                        rule="decided-together",
                        expected=_show(pending[0]),
                        found="nothing: the log ends first",
                    )
                )
        for draw_id, facts in self._draw_facts.items():
            seqs = self._draw_seqs[draw_id]
            for v in verify_draw(
                facts, self._arrivals.get(draw_id, []), vocabulary=self._vocabulary(draw_id)
            ):
                found.append(
                    Violation(
                        seq=seqs.get(v.version, 0),
                        aggregate=str(draw_id),
                        rule=f"draw:{v.rule}",
                        expected=v.expected,
                        found=v.found,
                    )
                )
        for aggregate, seq in self._submitted.items():
            a = self.assemblies[aggregate]
            if a.draw is None or a.draw not in self.draws:
                found.append(
                    Violation(
                        seq=seq,
                        aggregate=str(aggregate),
                        rule="provenance",
                        expected="recommendations from members of a panel drawn on this log",
                        found="a panel received from a draw the log does not hold",
                    )
                )
        return found

    def _vocabulary(self, draw_id: UUID) -> Vocabulary:
        """The words of the charter of the assembly the draw served; a draw whose assembly
        the log does not hold is read in those of the first charters (PARIS_V1)."""
        draw = self.draws.get(draw_id)
        served = self.assemblies.get(draw.assembly) if draw else None
        return served.charter.vocabulary if served else PARIS_V1

    @staticmethod
    def _v(seq: int, event: Event, rule: str, expected: str, found: str) -> Violation:
        return Violation(
            seq=seq, aggregate=str(event.originator_id), rule=rule, expected=expected, found=found
        )


def _show(event: Event | None) -> str:
    if event is None:
        return "no fact"
    fields = msgspec.to_builtins(event)
    shown = {k: v for k, v in fields.items() if k not in ("originator_id", "at", "by")}
    text = f"{type(event).wire} {shown}"
    return text if len(text) <= 300 else text[:299] + "…"
