"""Every act of an assembly, declared once: its command, the rule that decides it, the facts it
records. The application decides a command by its act (commands/application.py ``execute``);
the audit decides every recorded fact again by the same act, from the command it rebuilds out
of the fact (core.audit.redecide); the scripted year sends commands (examples/paris_year.py).

An act that records a fact per member (attendance, votes) is rebuilt from each fact as the
same act for that one member. Closing a ballot records its consequences with it: the audit
rebuilds the close from ``BallotClosed`` and expects the consequences its rule returns next."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import msgspec

from core.assembly import contacts
from core.assembly.ballots import rules as ballots
from core.assembly.ballots.commands import CastVotes, CloseBallot, OpenBallot
from core.assembly.ballots.facts import BallotClosed, BallotOpened, VoteCast
from core.assembly.charter import cohort_id
from core.assembly.command import AssemblyCommand
from core.assembly.contacts import ContactsLookedUp, LookUpContacts
from core.assembly.convening import rules as convening
from core.assembly.convening.commands import ConveneAssembly, ConveneNextCohort, OpenPhase
from core.assembly.convening.facts import AssemblyConvened, DrawAnnounced, PhaseOpened
from core.assembly.corrections import FactAnnulled, FactCorrected
from core.assembly.followup import rules as followup
from core.assembly.followup.commands import (
    PresentToCouncil,
    RecordCouncilDecision,
    RecordExecutiveResponse,
    ReportImplementation,
    SubmitRecommendations,
)
from core.assembly.followup.facts import (
    CouncilDecided,
    ExecutiveResponded,
    ImplementationReported,
    PresentedToCouncil,
    RecommendationsSubmitted,
)
from core.assembly.membership import rules as membership
from core.assembly.membership.commands import (
    AcceptInvitation,
    CallReserve,
    ChooseWorkingGroup,
    DeclineInvitation,
    ReceivePanel,
    RemoveMember,
    SeatMember,
    WithdrawMember,
)
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
from core.assembly.recommendations.commands import (
    DraftRecommendation,
    TableAmendment,
    WithdrawAmendment,
)
from core.assembly.recommendations.facts import (
    AmendmentAdopted,
    AmendmentLapsed,
    AmendmentRejected,
    AmendmentTabled,
    AmendmentWithdrawn,
    RecommendationAdopted,
    RecommendationDrafted,
    RecommendationRejected,
    RecommendationRevised,
)
from core.assembly.sittings import rules as sittings
from core.assembly.sittings.commands import (
    CancelSession,
    CloseSession,
    HearExpert,
    OpenSession,
    PostponeSession,
    RecordAttendance,
    RecordMinutes,
    ScheduleSession,
)
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
from core.assembly.training.commands import RecordTrainingAttendance, ScheduleTraining
from core.assembly.training.facts import TrainingAttended, TrainingScheduled
from core.assembly.world import World
from core.events import Event

C = TypeVar("C")
A = TypeVar("A", bound=AssemblyCommand)
Decided = Event | Sequence[Event]


@dataclass(frozen=True)
class Act(Generic[C]):
    """An act: its command, how it is decided, the facts it records, and, for the audit, the
    facts its command is rebuilt from (``of``: a recorded fact -> the command that decided it;
    the command may be another act's, as a convening names the next cohort)."""

    command: type[C]
    decide: Callable[[Assembly | None, C, World], list[Event]]
    facts: tuple[type[Event], ...]
    of: Callable[[Any], object] | None
    rebuilt_from: tuple[type[Event], ...]
    convenes: bool = False  # decided before the assembly has a state (it is being convened)
    # What the audit does not judge by the rule, taken from the fact as recorded: (the fact
    # recorded, the fact decided again) -> the fact decided again, judged.
    as_recorded: Callable[[Any, Any], Event] | None = None


def _listed(decided: Decided) -> list[Event]:
    return [decided] if isinstance(decided, Event) else list(decided)


def _convened(state: Assembly | None) -> Assembly:
    if state is None:
        raise membership.UnknownMember("no assembly convened under this id")
    return state


def _same_fields(command: type[A]) -> Callable[[Any], A]:
    """The command rebuilt from a fact holding its fields under the same names (a command's
    ``session_id`` is its fact's ``session``)."""
    names = [
        (f.name, f.name.removesuffix("_id"))
        for f in msgspec.structs.fields(command)
        if f.name != "assembly_id"
    ]

    def of(fact: Any) -> A:
        given = {name: getattr(fact, attr) for name, attr in names}
        return command(assembly_id=fact.originator_id, **given)

    return of


def act(
    command: type[A],
    rule: Callable[[Assembly, A], Decided],
    *facts: type[Event],
    of: Callable[[Any], object] | None = None,
    rebuilt_from: tuple[type[Event], ...] | None = None,
    as_recorded: Callable[[Any, Any], Event] | None = None,
) -> Act[A]:
    """An act its rule decides from the assembly's state and the command alone."""
    return Act(
        command,
        lambda state, cmd, _: _listed(rule(_convened(state), cmd)),
        facts,
        of or _same_fields(command),
        facts if rebuilt_from is None else rebuilt_from,
        as_recorded=as_recorded,
    )


def act_in_world(
    command: type[A],
    rule: Callable[[Assembly, A, World], Decided],
    *facts: type[Event],
    of: Callable[[Any], object] | None = None,
    as_recorded: Callable[[Any, Any], Event] | None = None,
) -> Act[A]:
    """An act whose rule also reads the world around the assembly (core.assembly.world)."""
    return Act(
        command,
        lambda state, cmd, world: _listed(rule(_convened(state), cmd, world)),
        facts,
        of or _same_fields(command),
        facts,
        as_recorded=as_recorded,
    )


def convening_act(
    command: type[C],
    rule: Callable[[C, World], AssemblyConvened],
    *,
    of: Callable[[Any], object] | None,
    as_recorded: Callable[[Any, Any], Event] | None = None,
) -> Act[C]:
    """An act that brings an assembly into being: there is no state before it."""

    def decide(state: Assembly | None, cmd: C, world: World) -> list[Event]:
        if state is not None:
            raise convening.InvalidCharter("an assembly is convened once")
        return [rule(cmd, world)]

    rebuilt = (AssemblyConvened,) if of is not None else ()
    return Act(
        command, decide, (AssemblyConvened,), of, rebuilt, convenes=True, as_recorded=as_recorded
    )


# What a few rules read beyond the assembly: the world, asked the same way by both callers.


def _convene(cmd: ConveneAssembly, world: World) -> AssemblyConvened:
    series = world.series(cmd.charter.name, cmd.charter.cohort)
    return convening.convene(cmd, new_id=cmd.assembly_id, series=series)


def _next_cohort(cmd: ConveneNextCohort, world: World) -> AssemblyConvened:
    previous = world.assembly(cmd.previous)
    if previous is None:
        raise convening.InvalidCharter(f"the previous cohort {cmd.previous} is not on the log")
    name = previous.charter.name
    new_id = cohort_id(name, cmd.cohort)
    return convening.next_cohort(
        previous, cmd, new_id=new_id, series=world.series(name, cmd.cohort)
    )


def _convening_of(e: AssemblyConvened) -> ConveneAssembly | ConveneNextCohort:
    if e.previous_cohort is None:
        return ConveneAssembly(charter=e.charter, at=e.at, by=e.by)
    c = e.charter
    return ConveneNextCohort(
        previous=e.previous_cohort,
        cohort=c.cohort,
        term_start=c.term_start,
        term_end=c.term_end,
        at=e.at,
        by=e.by,
    )


def _under_its_id(e: AssemblyConvened, decided: AssemblyConvened) -> AssemblyConvened:
    """A convening is judged by its series' rules under the id it was recorded with: a second
    cohort under an id of its own is named by the rule it breaks (cohort-once), not its id."""
    return msgspec.structs.replace(decided, originator_id=e.originator_id)


def _v1_call(e: ReserveCalled, decided: ReserveCalled) -> ReserveCalled:
    """A v1 fact (upcast) did not say how the call stood; its reserve is still re-derived."""
    if e.keeps_quotas is None and not e.breached and e.breach == 0:
        return msgspec.structs.replace(decided, keeps_quotas=None, breach=0, breached=())
    return decided


def _by_its_recorder(e: VoteCast, decided: VoteCast) -> VoteCast:
    """Who recorded a vote is judged by who may act (core.assembly.actors), never by the rule."""
    return msgspec.structs.replace(decided, by=e.by)


def _receive_panel(a: Assembly, cmd: ReceivePanel, world: World) -> PanelArrived:
    revealed_at = world.revealed_at(cmd.draw) if cmd.draw is not None else None
    return membership.receive_panel(a, cmd, revealed_at=revealed_at)


def _call_reserve(a: Assembly, cmd: CallReserve, world: World) -> ReserveCalled:
    leaving = a.members.get(cmd.vacated)
    quotas = world.quotas(a, leaving.subpool) if leaving else ()
    return membership.call_reserve(a, cmd, quotas=quotas)


def _one(command: type[A], field: str, key: str, value: str, **renamed: str) -> Callable[[Any], A]:
    """The command of an act that records a fact per member, rebuilt for the one member a
    fact names: ``field`` maps the fact's ``key`` to its ``value``."""

    def of(e: Any) -> A:
        given = {name: getattr(e, attr) for name, attr in renamed.items()}
        return command(
            assembly_id=e.originator_id,
            at=e.at,
            by=e.by,
            **{field: {getattr(e, key): getattr(e, value)}},
            **given,
        )

    return of


CONSEQUENCES: tuple[type[Event], ...] = (
    AmendmentAdopted,
    AmendmentRejected,
    AmendmentLapsed,
    RecommendationRevised,
    RecommendationAdopted,
    RecommendationRejected,
)

ACTS: tuple[Act[Any], ...] = (
    convening_act(ConveneAssembly, _convene, of=_convening_of, as_recorded=_under_its_id),
    convening_act(ConveneNextCohort, _next_cohort, of=None),  # rebuilt by the one above
    act(OpenPhase, convening.open_phase, PhaseOpened),
    act_in_world(ReceivePanel, _receive_panel, PanelArrived),
    act(AcceptInvitation, membership.accept, InvitationAccepted),
    act(DeclineInvitation, membership.decline, InvitationDeclined),
    act(SeatMember, membership.seat, MemberSeated),
    act(WithdrawMember, membership.withdraw, MemberWithdrew),
    act(RemoveMember, membership.remove, MemberRemoved),
    act_in_world(
        CallReserve,
        _call_reserve,
        ReserveCalled,
        of=lambda e: CallReserve(assembly_id=e.originator_id, at=e.at, by=e.by, vacated=e.replaces),
        as_recorded=_v1_call,
    ),
    act(ChooseWorkingGroup, membership.choose_group, WorkingGroupChosen),
    act(LookUpContacts, contacts.look_up_contacts, ContactsLookedUp),
    act(ScheduleSession, sittings.schedule, SessionScheduled),
    act(PostponeSession, sittings.postpone, SessionPostponed),
    act(CancelSession, sittings.cancel, SessionCancelled),
    act(OpenSession, sittings.open_session, SessionOpened),
    act(HearExpert, sittings.hear_expert, ExpertHeard),
    act(
        RecordAttendance,
        sittings.record_attendance,
        AttendanceRecorded,
        of=_one(RecordAttendance, "presence", "member", "presence", session_id="session"),
    ),
    act(CloseSession, sittings.close_session, SessionClosed),
    act(RecordMinutes, sittings.record_minutes, MinutesRecorded),
    act(ScheduleTraining, training.schedule_training, TrainingScheduled),
    act(
        RecordTrainingAttendance,
        training.record_training_attendance,
        TrainingAttended,
        of=_one(RecordTrainingAttendance, "presence", "member", "presence", training_id="training"),
    ),
    act(OpenBallot, ballots.open_ballot, BallotOpened),
    act(
        CastVotes,
        ballots.cast,
        VoteCast,
        of=_one(CastVotes, "votes", "member", "choice", ballot_id="ballot"),
        as_recorded=_by_its_recorder,
    ),
    act(
        CloseBallot,
        ballots.close_ballot,
        BallotClosed,
        *CONSEQUENCES,
        of=lambda e: CloseBallot(
            assembly_id=e.originator_id, at=e.at, by=e.by, ballot_id=e.ballot, count=e.outcome.tally
        ),
        rebuilt_from=(BallotClosed,),
    ),
    act(DraftRecommendation, recommendations.draft, RecommendationDrafted),
    act(TableAmendment, recommendations.table, AmendmentTabled),
    act(WithdrawAmendment, recommendations.withdraw, AmendmentWithdrawn),
    act(SubmitRecommendations, followup.submit, RecommendationsSubmitted),
    act(RecordExecutiveResponse, followup.respond, ExecutiveResponded),
    act(PresentToCouncil, followup.present, PresentedToCouncil),
    act(RecordCouncilDecision, followup.council_decides, CouncilDecided),
    act(ReportImplementation, followup.report, ImplementationReported),
)

# The facts of an assembly no act above decides: each names who does.
DECIDED_ELSEWHERE: dict[type[Event], str] = {
    DrawAnnounced: "the draw's commit (commands/drawing.py), decided again by core.draw.rules",
    FactCorrected: "a correction's rules (core.audit.rehearse)",
    FactAnnulled: "an annulment's rules (core.audit.rehearse)",
}

BY_COMMAND: dict[type, Act[Any]] = {a.command: a for a in ACTS}
BY_FACT: dict[type[Event], Act[Any]] = {f: a for a in ACTS for f in a.rebuilt_from}


def of_command(cmd: object) -> Act[Any]:
    """The act a command asks for (its exact type: a command names one act)."""
    found = BY_COMMAND.get(type(cmd))
    if found is None:
        raise TypeError(f"{type(cmd).__name__} is the command of no act of an assembly")
    return found


def command_of(fact: Event) -> object | None:
    """The command that decided a recorded fact (None: no act decides it on its own)."""
    found = BY_FACT.get(type(fact))
    return found.of(fact) if found is not None and found.of is not None else None


def decide(state: Assembly | None, cmd: object, world: World) -> list[Event]:
    """What the act of ``cmd`` decides on ``state``, reading ``world`` where its rule must."""
    act_: Act[Any] = of_command(cmd)
    return act_.decide(state, cmd, world)


def decide_again(fact: Event, state: Assembly | None, world: World) -> list[Event] | None:
    """What the act that recorded ``fact`` decides again, from the command rebuilt out of it,
    on the state before it (None: no act decides it on its own)."""
    found = BY_FACT.get(type(fact))
    if found is None or found.of is None:
        return None
    cmd = found.of(fact)
    by = found if type(cmd) is found.command else of_command(cmd)
    decided = by.decide(state, cmd, world)
    if found.as_recorded is not None and decided:
        decided[0] = found.as_recorded(fact, decided[0])
    return decided
