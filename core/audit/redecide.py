"""What the domain's own rules decide, given the state before an event and the inputs the event
records: the auditor calls the same functions the application called (never a copy of them),
and an event is lawful when the rules, asked again, decide exactly it.

A rule that decides several facts at once (closing a ballot decides its consequences) returns
them all; the auditor expects them next, in that order."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import singledispatch
from uuid import UUID

import msgspec

from core.assembly.ballots import rules as ballots
from core.assembly.ballots.facts import BallotClosed, BallotOpened, VoteCast
from core.assembly.charter import series_key
from core.assembly.contacts import ContactsLookedUp, look_up_contacts
from core.assembly.convening import rules as decisions
from core.assembly.convening.facts import AssemblyConvened, DrawAnnounced, PhaseOpened
from core.assembly.followup import rules as aftermath
from core.assembly.followup.facts import (
    CouncilDecided,
    ExecutiveResponded,
    ImplementationReported,
    PresentedToCouncil,
    RecommendationsSubmitted,
)
from core.assembly.membership import rules as membership
from core.assembly.membership.facts import (
    InvitationAccepted,
    InvitationDeclined,
    MemberRemoved,
    MemberSeated,
    MemberWithdrew,
    PanelArrived,
    ReserveCalled,
    WorkingGroupChosen,
)
from core.assembly.recommendations import rules as recommendations
from core.assembly.recommendations.facts import (
    AmendmentTabled,
    AmendmentWithdrawn,
    RecommendationDrafted,
)
from core.assembly.sittings import rules as sittings
from core.assembly.sittings.facts import (
    AttendanceRecorded,
    ExpertHeard,
    MinutesRecorded,
    SessionCancelled,
    SessionClosed,
    SessionOpened,
    SessionPostponed,
    SessionScheduled,
)
from core.assembly.state import Assembly
from core.assembly.training import rules as training
from core.assembly.training.facts import TrainingAttended, TrainingScheduled
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
    """What a rule may need beyond its own record: other assemblies (the cohort before), the
    draws (quotas for replacements, the declaration an assembly binds itself to) and, for a
    correction, the assembly's history so far and the fact at a log position."""

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


class NotDecidedHere(DomainError):
    """A fact no rule decides on its own: it must follow the fact that decided it."""

    rule = "decided-by-another-fact"


@singledispatch
def redecide(event: Event, state: Assembly | None, context: Context) -> Sequence[Event]:
    raise NotDecidedHere(f"{type(event).wire} is decided only together with the fact before it")


def _state(state: Assembly | None) -> Assembly:
    if state is None:
        raise membership.UnknownMember("no assembly convened under this id")
    return state


@redecide.register
def _(e: AssemblyConvened, state: Assembly | None, context: Context) -> Sequence[Event]:
    if state is not None:
        raise decisions.InvalidCharter("an assembly is convened once")
    if e.previous_cohort is None:
        series = context.series(e.charter.name, e.charter.cohort)
        return [
            decisions.convene(e.charter, new_id=e.originator_id, at=e.at, by=e.by, series=series)
        ]
    previous = context.assemblies.get(e.previous_cohort)
    if previous is None:
        raise decisions.InvalidCharter(f"the previous cohort {e.previous_cohort} is not on the log")
    return [
        decisions.next_cohort(
            previous,
            cohort=e.charter.cohort,
            term_start=e.charter.term_start,
            term_end=e.charter.term_end,
            new_id=e.originator_id,
            at=e.at,
            by=e.by,
            series=context.series(previous.charter.name, e.charter.cohort),
        )
    ]


@redecide.register
def _(e: PhaseOpened, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [decisions.open_phase(_state(state), e.phase, at=e.at, by=e.by)]


@redecide.register
def _(e: DrawAnnounced, state: Assembly | None, context: Context) -> Sequence[Event]:
    draw = context.draws.get(e.draw)
    if draw is None or draw.declared is None:
        raise draw_rules.OutOfOrder(f"draw {e.draw} has declared no randomness source on the log")
    return [draw_rules.announce(_state(state), draw.declared, at=e.at, by=e.by)]


@redecide.register
def _(e: PanelArrived, state: Assembly | None, context: Context) -> Sequence[Event]:
    draw = context.draws.get(e.draw) if e.draw else None
    revealed_at = draw.revealed.at if draw and draw.revealed else None
    return [
        membership.receive_panel(
            _state(state),
            panel=e.panel,
            reserves=e.reserves,
            draw=e.draw,
            revealed_at=revealed_at,
            at=e.at,
            by=e.by,
        )
    ]


@redecide.register
def _(e: InvitationAccepted, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [membership.accept(_state(state), e.member, at=e.at, by=e.by)]


@redecide.register
def _(e: InvitationDeclined, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [membership.decline(_state(state), e.member, e.reason, at=e.at, by=e.by)]


@redecide.register
def _(e: MemberSeated, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [membership.seat(_state(state), e.member, at=e.at, by=e.by)]


@redecide.register
def _(e: MemberWithdrew, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [membership.withdraw(_state(state), e.member, e.reason, at=e.at, by=e.by)]


@redecide.register
def _(e: MemberRemoved, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [membership.remove(_state(state), e.member, e.reason, at=e.at, by=e.by)]


@redecide.register
def _(e: ReserveCalled, state: Assembly | None, context: Context) -> Sequence[Event]:
    a = _state(state)
    leaving = a.members.get(e.replaces)
    quotas = context.quotas(a, leaving.subpool) if leaving else ()
    decided = membership.call_reserve(a, e.replaces, quotas=quotas, at=e.at, by=e.by)
    if e.keeps_quotas is None and not e.breached and e.breach == 0:
        # A v1 fact (upcast) did not say how the call stood; its reserve is still re-derived.
        decided = msgspec.structs.replace(decided, keeps_quotas=None, breach=0, breached=())
    return [decided]


@redecide.register
def _(e: WorkingGroupChosen, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [membership.choose_group(_state(state), e.member, e.group, at=e.at, by=e.by)]


@redecide.register
def _(e: ContactsLookedUp, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [look_up_contacts(_state(state), e.members, e.purpose, at=e.at, by=e.by)]


@redecide.register
def _(e: SessionScheduled, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [
        sittings.schedule(
            _state(state),
            e.session,
            kind=e.kind,
            group=e.group,
            title=e.title,
            starts_at=e.starts_at,
            agenda=e.agenda,
            at=e.at,
            by=e.by,
        )
    ]


@redecide.register
def _(e: SessionPostponed, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [sittings.postpone(_state(state), e.session, e.starts_at, e.reason, at=e.at, by=e.by)]


@redecide.register
def _(e: SessionCancelled, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [sittings.cancel(_state(state), e.session, e.reason, at=e.at, by=e.by)]


@redecide.register
def _(e: SessionOpened, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [sittings.open_session(_state(state), e.session, at=e.at, by=e.by)]


@redecide.register
def _(e: ExpertHeard, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [sittings.hear_expert(_state(state), e.session, e.expert, at=e.at, by=e.by)]


@redecide.register
def _(e: AttendanceRecorded, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [
        sittings.record_attendance(
            _state(state),
            session_id=e.session,
            member=e.member,
            presence=e.presence,
            at=e.at,
            by=e.by,
        )
    ]


@redecide.register
def _(e: SessionClosed, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [sittings.close_session(_state(state), e.session, at=e.at, by=e.by)]


@redecide.register
def _(e: MinutesRecorded, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [
        sittings.record_minutes(_state(state), e.session, e.sha256, e.location, at=e.at, by=e.by)
    ]


@redecide.register
def _(e: TrainingScheduled, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [
        training.schedule_training(
            _state(state),
            e.training,
            topic=e.topic,
            trainer=e.trainer,
            starts_at=e.starts_at,
            at=e.at,
            by=e.by,
        )
    ]


@redecide.register
def _(e: TrainingAttended, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [
        training.record_training_attendance(
            _state(state), e.training, e.member, e.presence, at=e.at, by=e.by
        )
    ]


@redecide.register
def _(e: BallotOpened, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [
        ballots.open_ballot(
            _state(state), e.ballot, e.session, e.motion, secrecy=e.secrecy, at=e.at, by=e.by
        )
    ]


@redecide.register
def _(e: VoteCast, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [ballots.cast(_state(state), e.ballot, e.member, e.choice, at=e.at, by=e.by)]


@redecide.register
def _(e: BallotClosed, state: Assembly | None, _: Context) -> Sequence[Event]:
    return ballots.close_ballot(_state(state), e.ballot, count=e.outcome.tally, at=e.at, by=e.by)


@redecide.register
def _(e: RecommendationDrafted, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [
        recommendations.draft(
            _state(state),
            e.recommendation,
            group=e.group,
            title=e.title,
            text=e.text,
            at=e.at,
            by=e.by,
        )
    ]


@redecide.register
def _(e: AmendmentTabled, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [
        recommendations.table(
            _state(state),
            e.amendment,
            e.recommendation,
            member=e.member,
            text=e.text,
            at=e.at,
            by=e.by,
        )
    ]


@redecide.register
def _(e: AmendmentWithdrawn, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [recommendations.withdraw(_state(state), e.amendment, member=e.member, at=e.at, by=e.by)]


@redecide.register
def _(e: RecommendationsSubmitted, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [aftermath.submit(_state(state), e.submission, e.recommendations, at=e.at, by=e.by)]


@redecide.register
def _(e: ExecutiveResponded, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [
        aftermath.respond(_state(state), e.recommendation, e.response, e.reasons, at=e.at, by=e.by)
    ]


@redecide.register
def _(e: PresentedToCouncil, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [
        aftermath.present(_state(state), e.submission, e.sitting, e.instrument, at=e.at, by=e.by)
    ]


@redecide.register
def _(e: CouncilDecided, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [
        aftermath.council_decides(
            _state(state), e.submission, e.decision, e.reference, at=e.at, by=e.by
        )
    ]


@redecide.register
def _(e: ImplementationReported, state: Assembly | None, _: Context) -> Sequence[Event]:
    return [aftermath.report(_state(state), e.recommendation, e.stage, e.summary, at=e.at, by=e.by)]
