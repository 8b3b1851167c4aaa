"""What the domain's own rules decide, given the state before an event and the inputs the event
records: the auditor rebuilds, from each fact, the command that decided it, and asks the act
the application asked (core.assembly.acts, never a copy of its rule); an event is lawful when
the act, asked again, decides exactly it.

An act that decides several facts at once (closing a ballot decides its consequences) returns
them all; the auditor expects them next, in that order."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from uuid import UUID

from core.assembly import acts
from core.assembly.charter import series_key
from core.assembly.convening.facts import DrawAnnounced
from core.assembly.membership.rules import UnknownMember
from core.assembly.state import Assembly
from core.draw import rules as draw_rules
from core.draw.state import Draw
from core.errors import DomainError
from core.events import Event
from core.sortition.model import Quota


class Work:
    """The work of deciding again, counted (never timed): how many facts were folded and how
    many decided again by their rules. The audit is linear when these are."""

    def __init__(self) -> None:
        self.folded = 0
        self.decided = 0


class Context:
    """What a rule may need beyond its own record, read from the log replayed so far (the
    world of core.assembly.world): other assemblies (the cohort before), the draws (quotas for
    replacements, the declaration an assembly binds itself to) and, for a correction, the
    assembly's history so far and the fact at a log position."""

    def __init__(
        self,
        assemblies: Mapping[UUID, Assembly],
        draws: Mapping[UUID, Draw],
        history: Callable[[UUID], Sequence[Event]] = lambda _: (),
        fact_at: Callable[[int], Event | None] = lambda _: None,
        work: Work | None = None,
    ) -> None:
        self.work = work if work is not None else Work()
        self.assemblies = assemblies
        self.draws = draws
        self.history = history
        self.fact_at = fact_at

    def series(self, name: str, cohort: int) -> list[Assembly]:
        """The cohorts of a series the application checks a convening against: the one just
        before and the one just after (it finds them by the ids name and cohort give), and
        the cohort itself (which the application meets as the log's concurrency check)."""
        key = series_key(name)
        return [
            a
            for a in self.assemblies.values()
            if series_key(a.charter.name) == key and abs(a.charter.cohort - cohort) <= 1
        ]

    def quotas(self, assembly: Assembly, subpool: str) -> Sequence[Quota]:
        draw = self.draws.get(assembly.draw) if assembly.draw else None
        committed = draw.quotas.get(subpool) if draw else None
        return committed.quotas if committed else ()

    def assembly(self, assembly_id: UUID) -> Assembly | None:
        return self.assemblies.get(assembly_id)

    def revealed_at(self, draw_id: UUID) -> datetime | None:
        draw = self.draws.get(draw_id)
        return draw.revealed.at if draw and draw.revealed else None


class NotDecidedHere(DomainError):
    """A fact no rule decides on its own: it must follow the fact that decided it."""

    rule = "decided-by-another-fact"


def redecide(event: Event, state: Assembly | None, context: Context) -> Sequence[Event]:
    """What the act that recorded ``event`` decides again, on the state before it."""
    if isinstance(event, DrawAnnounced):
        return [_announced(event, state, context)]
    decided = acts.decide_again(event, state, context)
    if decided is None:
        raise NotDecidedHere(f"{type(event).wire} is decided only together with the fact before it")
    return decided


def _announced(e: DrawAnnounced, state: Assembly | None, context: Context) -> Event:
    """The one fact of an assembly its draw decides (commands/drawing.py records it)."""
    draw = context.draws.get(e.draw)
    if draw is None or draw.declared is None:
        raise draw_rules.OutOfOrder(f"draw {e.draw} has declared no randomness source on the log")
    if state is None:
        raise UnknownMember("no assembly convened under this id")
    return draw_rules.announce(state, draw.declared, at=e.at, by=e.by)
