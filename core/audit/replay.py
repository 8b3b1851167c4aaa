"""The whole domain replayed from the first event, in log order: every fact of an assembly must
be what the assembly's own rules decide in the state before it (core.audit.redecide); every
draw is re-derived (core.draw.verify); every assembly that submitted recommendations must hold
a panel drawn on this log (provenance closes at the draw).

Corrections keep the audit linear. The application decides a correction by rehearsing the
assembly's history with it applied (core.audit.rehearse), one pass each: k corrections would
cost k passes of the audit. The audit instead checks each correction's own rules as it comes
(who corrects, which fact, which field, the value's form, its text: the cost of the fact named),
keeps the assembly's facts as they stand (core.assembly.corrections.Ledger), no longer decides
its later facts one by one, and at the end rehearses the history once, as it finally stands,
deciding every fact from the earliest one corrected: one pass per corrected assembly.

On an honest log this is the same judgement. Take a fact F from the earliest one corrected on,
and C the last correction recorded of a fact at F or before it. The state before F, and F as it
stands, depend only on the corrections of facts up to F: the ones after C name later facts. If
C was recorded after F, the application decided C by rehearsing the history with every
correction up to C applied, F included: F was found lawful on the very state the final
rehearsal gives it. If C was recorded before F, F itself was decided on the state as it stood
then, which holds every correction up to C: the same state again. A refusal is therefore told at
C (the correction that, on its own record, should have been refused), with C's words and the
rule the fact breaks, or at F when F came after every correction it depends on.

What this gives up: each correction is not judged on the record as it stood when it was made,
but on the final one. A forged intermediate state that a later forged correction heals (a time
moved out of order, then moved back) is judged on the final record, where it holds."""

from __future__ import annotations

from collections import deque
from typing import Any, NamedTuple
from uuid import UUID

import msgspec

from core.assembly import actors
from core.assembly.corrections import FactAnnulled, FactCorrected, Ledger, ledger
from core.assembly.fold import evolve
from core.assembly.followup.facts import RecommendationsSubmitted
from core.assembly.membership.facts import PanelArrived
from core.assembly.state import Assembly, touch
from core.audit.redecide import Context, Work
from core.audit.rehearse import (
    UNFOLDABLE,
    Refusal,
    annulment,
    correction,
    decide_again,
    rehearse,
    unsettled,
)
from core.audit.violation import Violation, contrast
from core.draw import events as draw_events
from core.draw.state import Draw
from core.draw.state import evolve as draw_evolve
from core.draw.verify import verify as verify_draw
from core.errors import DomainError
from core.events import Event
from core.text import check as text
from core.vocabulary import PARIS_V1, Vocabulary

CORRECTIONS = (FactCorrected, FactAnnulled)

DRAW_FACTS = draw_events.FACTS


class DomainAudit:
    """Feed the log's facts in sequence order; each call returns the violations it found."""

    def __init__(self) -> None:
        self.assemblies: dict[UUID, Assembly] = {}
        self.draws: dict[UUID, Draw] = {}
        self._draw_facts: dict[UUID, list[Event]] = {}
        self._draw_seqs: dict[UUID, dict[int, int]] = {}
        self._arrivals: dict[UUID, list[PanelArrived]] = {}
        self._arrival_seqs: dict[tuple[UUID, int], int] = {}  # (assembly, version) -> seq
        self._expected: dict[UUID, deque[Event]] = {}
        self._submitted: dict[UUID, int] = {}  # assembly -> seq of its first submission
        self._history: dict[UUID, list[Event]] = {}  # each assembly's facts, for corrections
        self._facts: dict[int, Event] = {}  # every fact by its sequence, for corrections
        self._seqs: dict[UUID, dict[int, int]] = {}  # each assembly's sequences, by version
        self._corrected: dict[UUID, _Corrected] = {}  # the assemblies with a correction
        self.work = Work()
        self._context = Context(
            self.assemblies,
            self.draws,
            lambda a: self._history.get(a, []),
            self._facts.get,
            self.work,
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
        self._seqs.setdefault(aggregate, {})[event.originator_version] = seq
        if state is not None and (aggregate in self._corrected or isinstance(event, CORRECTIONS)):
            return self._amending(seq, event, state)
        found = self._lawful(seq, event, state)
        history = self._history.setdefault(aggregate, [])
        history.append(event)
        try:
            self.work.folded += 1
            folded = evolve(event, state)
        except (TypeError, KeyError, ValueError, AssertionError, DomainError) as e:
            # An unlawful fact often cannot apply either: it is reported once, by its rule.
            return found or [self._v(seq, event, "unfoldable", "a fact that applies", repr(e))]
        if folded is not None:
            self.assemblies[aggregate] = folded
        if isinstance(event, PanelArrived) and event.draw is not None:
            self._arrivals.setdefault(event.draw, []).append(event)
            self._arrival_seqs[aggregate, event.originator_version] = seq
        if isinstance(event, RecommendationsSubmitted):
            self._submitted.setdefault(aggregate, seq)
        return found

    def _lawful(self, seq: int, event: Event, state: Assembly | None) -> list[Violation]:
        pending = self._expected.get(event.originator_id)
        if pending:
            return self._together(seq, event, pending.popleft())
        self.work.decided += 1
        try:
            decided = decide_again(event, state, self._context)
        except DomainError as e:
            return [self._v(seq, event, e.rule, "a fact the rules allow", str(e))]
        if not decided or decided[0] != event:
            first = decided[0] if decided else None
            rule = f"as-decided:{type(event).wire.split('.')[1]}"
            return [self._v(seq, event, rule, *_contrast(first, event))]
        if len(decided) > 1:
            self._expected[event.originator_id] = deque(decided[1:])
        return []

    def _together(self, seq: int, event: Event, expected: Event) -> list[Violation]:
        if expected == event:
            return []
        return [self._v(seq, event, "decided-together", *_contrast(expected, event))]

    def _amending(self, seq: int, event: Event, state: Assembly) -> list[Violation]:
        """A fact of an assembly with a correction (this one, maybe): a correction's own rules
        are checked now; the history with the corrections applied is decided at the end."""
        aggregate = event.originator_id
        history = self._history.setdefault(aggregate, [])
        found: list[Violation] = []
        amending = self._corrected.get(aggregate)
        if amending is None:  # its first correction: the facts so far, as they stand
            amending = self._corrected[aggregate] = _Corrected(ledger(history, self._facts.get))
            pending = self._expected.pop(aggregate, None)
            if pending:
                found = self._together(seq, event, pending.popleft())
        if isinstance(event, CORRECTIONS) and not found:
            found = self._own_rules(seq, event, state, amending)
        history.append(event)
        amending.kept.add(event)
        if isinstance(event, CORRECTIONS):
            amending.kept.apply(event)
        # Folded as recorded, for the next correction's own rules (who is drawn, the version);
        # the state as it stands is the final rehearsal's (finish).
        self.work.folded += 1
        try:
            folded = evolve(event, state)
        except UNFOLDABLE:
            folded = touch(state, event)
        if folded is not None:
            self.assemblies[aggregate] = folded
        if isinstance(event, PanelArrived) and event.draw is not None:
            self._arrivals.setdefault(event.draw, []).append(event)
            self._arrival_seqs[aggregate, event.originator_version] = seq
        if isinstance(event, RecommendationsSubmitted):
            self._submitted.setdefault(aggregate, seq)
        return found

    def _own_rules(
        self, seq: int, event: FactCorrected | FactAnnulled, state: Assembly, amending: _Corrected
    ) -> list[Violation]:
        self.work.decided += 1
        try:
            if isinstance(event, FactCorrected):
                decided = correction(
                    state,
                    event.position,
                    event.field,
                    event.value,
                    event.reason,
                    kept=amending.kept,
                    at=event.at,
                    by=event.by,
                )
            else:
                kept = amending.kept
                decided = annulment(
                    state, event.position, event.reason, kept=kept, at=event.at, by=event.by
                )
        except DomainError as e:
            return [self._v(seq, event, e.rule, "a fact the rules allow", str(e))]
        if decided.event != event:
            rule = f"as-decided:{type(event).wire.split('.')[1]}"
            return [self._v(seq, event, rule, *_contrast(decided.event, event))]
        amending.checked.append(
            _Checked(decided.fact.originator_version, event.originator_version, seq, decided.what)
        )
        return []

    def _rehearsed(self, aggregate: UUID, amending: _Corrected) -> list[Violation]:
        """The history of a corrected assembly decided once, as it finally stands, from the
        earliest fact a correction (whose own rules hold) names; its state set as it stands."""
        checked = sorted(amending.checked)  # by the version of the fact named
        seqs = self._seqs[aggregate]
        found: list[Violation] = []
        blamed: set[int] = set()  # a correction is told once, by the first fact it unsettles
        reached = 0  # the corrections naming facts up to the one refused
        last: _Checked | None = None  # of those, the last recorded

        def refused(r: Refusal) -> None:
            nonlocal reached, last
            version = r.fact.originator_version
            while reached < len(checked) and checked[reached].named <= version:
                if last is None or checked[reached].version > last.version:
                    last = checked[reached]
                reached += 1
            if last is not None and last.version > version:
                if last.version not in blamed:
                    blamed.add(last.version)
                    u = unsettled(last.what, r, last.named)
                    found.append(
                        Violation(
                            seq=last.seq,
                            aggregate=str(aggregate),
                            rule=u.rule,
                            expected="a fact the rules allow",
                            found=str(u),
                        )
                    )
                return
            found.append(self._refusal(seqs.get(version, 0), r))

        try:
            self.assemblies[aggregate] = rehearse(
                amending.kept.standing(),
                self._context,
                check_from=checked[0].named if checked else None,
                refused=refused,
            )
        except UNFOLDABLE as e:  # only a forged history: its convening annulled
            found.append(
                Violation(
                    seq=checked[-1].seq if checked else 0,
                    aggregate=str(aggregate),
                    rule="unfoldable",
                    expected="a history that applies, as it stands",
                    found=repr(e),
                )
            )
        return found

    def _refusal(self, seq: int, r: Refusal) -> Violation:
        if r.unfoldable is not None:
            return self._v(seq, r.fact, "unfoldable", "a fact that applies", repr(r.unfoldable))
        if r.error is not None:
            return self._v(seq, r.fact, r.error.rule, "a fact the rules allow", str(r.error))
        if r.together:
            return self._v(seq, r.fact, "decided-together", *_contrast(r.expected, r.fact))
        rule = f"as-decided:{type(r.fact).wire.split('.')[1]}"
        return self._v(seq, r.fact, rule, *_contrast(r.expected, r.fact))

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
        for aggregate, amending in self._corrected.items():
            found += self._rehearsed(aggregate, amending)
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
            served = self.draws[draw_id].assembly if draw_id in self.draws else None
            for v in verify_draw(
                facts, self._arrivals.get(draw_id, []), vocabulary=self._vocabulary(draw_id)
            ):
                found.append(
                    Violation(
                        seq=(
                            self._arrival_seqs.get((served, v.version), 0)
                            if v.arrival and served is not None
                            else seqs.get(v.version, 0)
                        ),
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


class _Checked(NamedTuple):
    """A correction whose own rules hold: the version of the fact it names, its own version and
    sequence, the act in words."""

    named: int
    version: int
    seq: int
    what: str


class _Corrected:
    """An assembly with a correction: its facts as they stand, and its corrections checked."""

    def __init__(self, kept: Ledger) -> None:
        self.kept = kept
        self.checked: list[_Checked] = []


def _fields(event: Event) -> dict[str, Any]:
    fields = msgspec.to_builtins(event)
    return {k: v for k, v in fields.items() if k not in ("originator_id", "at", "by")}


def _show(event: Event | None) -> str:
    if event is None:
        return "no fact"
    text = f"{type(event).wire} {_fields(event)}"
    return text if len(text) <= 300 else text[:299] + "…"


def _contrast(expected: Event | None, found: Event | None) -> tuple[str, str]:
    """Expected and found, showing the fields that differ (whole, or cut around where they
    first differ), not the first 300 characters of each."""
    if expected is None or found is None or type(expected) is not type(found):
        return contrast(_whole(expected), _whole(found))
    e, f = _fields(expected), _fields(found)
    differ = [k for k in e if e.get(k) != f.get(k)]
    if not differ:
        return contrast(_whole(expected), _whole(found))
    wire = type(expected).wire
    return contrast(
        f"{wire} { {k: e[k] for k in differ} }", f"{wire} { {k: f[k] for k in differ} }"
    )


def _whole(event: Event | None) -> str:
    return "no fact" if event is None else f"{type(event).wire} {_fields(event)}"
