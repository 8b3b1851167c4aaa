"""The assembly's application: one method per command; load, decide, save.

Each method returns the log position of the last event it recorded, so a
caller can wait for the read side to reach it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import DomainEventProtocol, MutableOrImmutableAggregate
from eventsourcing.persistence import IntegrityError, Recording
from eventsourcing.utils import EnvType

from commands.correcting import CorrectionCommands
from commands.drawing import DrawCommands
from commands.messages import (
    AcceptInvitation,
    CallReserve,
    CancelSession,
    CastVotes,
    ChooseWorkingGroup,
    CloseBallot,
    ConveneAssembly,
    ConveneNextCohort,
    DeclineInvitation,
    DraftRecommendation,
    HearExpert,
    LookUpContacts,
    OpenBallot,
    OpenPhase,
    PostponeSession,
    PresentToCouncil,
    ReceivePanel,
    RecordAttendance,
    RecordCouncilDecision,
    RecordExecutiveResponse,
    RecordMinutes,
    RecordTrainingAttendance,
    RemoveMember,
    ReportImplementation,
    ScheduleSession,
    ScheduleTraining,
    SeatMember,
    SessionAct,
    SubmitRecommendations,
    TableAmendment,
    WithdrawAmendment,
    WithdrawMember,
)
from core.assembly import actors, contacts
from core.assembly.ballots import rules as ballots
from core.assembly.charter import cohort_id
from core.assembly.convening import rules as decisions
from core.assembly.fold import project
from core.assembly.followup import rules as aftermath
from core.assembly.membership import rules as membership
from core.assembly.recommendations import rules as recommendations
from core.assembly.sittings import rules as sittings
from core.assembly.state import Assembly
from core.assembly.training import rules as training
from core.events import Event
from core.text import check as text
from core.time_order import not_future

Decision = Callable[[Assembly], Event | Sequence[Event]]
T = TypeVar("T")


class AssemblyRecord(CorrectionCommands, DrawCommands, Application[UUID]):
    name = "AssemblyRecord"
    env = {"AGGREGATE_CACHE_MAXSIZE": "64"}  # fast-forwarded from the log on every load

    def __init__(
        self, env: EnvType | None = None, *, clock: Callable[[], datetime] | None = None
    ) -> None:
        """`clock` tells "now" (the composition root gives the wall clock): no fact dated
        later than now, plus a few minutes of drift, is saved. Without one (a scripted year,
        a benchmark, a test building its givens) the dates are not checked against now."""
        self.clock = clock
        self._tellers: dict[UUID, tuple[str, ...]] = {}  # a charter never changes
        super().__init__(env)

    def save(
        self,
        *objs: MutableOrImmutableAggregate[UUID] | DomainEventProtocol[UUID] | None,
        **kwargs: object,
    ) -> list[Recording[UUID]]:
        """Every save of every command, the draw's included: every fact passes the text check
        (core.text.check), is recorded by whom it may be (core.assembly.actors), and nothing
        is dated in the future."""
        facts = [o for o in objs if isinstance(o, Event)]
        text.check_all(facts)
        actors.check_all(facts, self.tellers)
        if self.clock is not None:
            not_future(facts, self.clock())
        return super().save(*objs, **kwargs)

    def assembly(self, assembly_id: UUID) -> Assembly:
        """The assembly's state, folded from its events (immutable: safe to share from cache)."""
        state: Assembly = self.repository.get(
            assembly_id, projector_func=project, deepcopy_from_cache=False
        )
        if state.unapplied:  # a correction since: the history as it stands, folded once
            state = self.as_it_stands(state)
        if self.repository.cache is not None:
            # The library fast-forwards a cached immutable aggregate without keeping the
            # result: keep it, so the next load reads only the events after this one.
            self.repository.cache.put(assembly_id, state)
        return state

    def tellers(self, fact: Event) -> tuple[str, ...]:
        """The tellers the charter of a fact's assembly names (asked when a teller acts)."""
        aid = fact.originator_id
        if aid not in self._tellers:
            self._tellers[aid] = self.assembly(aid).charter.rules.tellers
        return self._tellers[aid]

    def recorded(self, position: int) -> Event:
        """The fact at a log position, as today's class: what a command just recorded."""
        found = self.recorder.select_notifications(position, 1)
        if not found or found[0].id != position:
            raise LookupError(f"no fact at log position {position}")
        event: Event = self.mapper.to_domain_event(found[0])  # type: ignore[assignment]
        return event

    def convene_assembly(self, cmd: ConveneAssembly) -> int:
        def decide(series: Sequence[Assembly]) -> Event:
            return decisions.convene(
                cmd.charter,
                new_id=cmd.assembly_id,
                at=cmd.at,
                by=cmd.by,
                previous_cohort=cmd.previous_cohort,
                series=series,
            )

        return self._convene(cmd.charter.name, cmd.charter.cohort, decide)

    def convene_next_cohort(self, cmd: ConveneNextCohort) -> int:
        previous = self.assembly(cmd.previous)

        def decide(series: Sequence[Assembly]) -> Event:
            return decisions.next_cohort(
                previous,
                cohort=cmd.cohort,
                term_start=cmd.term_start,
                term_end=cmd.term_end,
                new_id=cohort_id(previous.charter.name, cmd.cohort),
                at=cmd.at,
                by=cmd.by,
                series=series,
            )

        return self._convene(previous.charter.name, cmd.cohort, decide)

    def _convene(
        self, name: str, cohort: int, decide: Callable[[Sequence[Assembly]], Event]
    ) -> int:
        """The series' rules (core.assembly.convening.rules.convene) against the cohorts next to
        this one, found by their ids (name and cohort give them). The cohort itself is never
        read first: its id being the same, a second convening of it is refused by the log's
        own concurrency check, atomically, even when two clerks convene it at once; and the
        same command run again after an unanswered save is recognised by the writer as its
        own, recorded once (services/adapters/eventstore/writer.py)."""
        new_id = cohort_id(name, cohort)
        neighbours = (self._maybe(cohort_id(name, c)) for c in (cohort - 1, cohort + 1))
        event = decide([a for a in neighbours if a is not None])
        try:
            return self.save(event)[-1].notification.id
        except IntegrityError:
            raise decisions.convened_already(name, cohort, new_id) from None

    def _maybe(self, assembly_id: UUID) -> Assembly | None:
        try:
            return self.assembly(assembly_id)
        except AggregateNotFoundError:
            return None

    def decide(self, assembly_id: UUID, *decisions: Decision) -> int:
        """Load the assembly, let each rule decide on the state the previous ones left, and
        record everything decided in one atomic save: all of it, or nothing."""
        state = self.assembly(assembly_id)
        events: list[Event] = []
        for decision in decisions:
            decided = decision(state)
            new = [decided] if isinstance(decided, Event) else list(decided)
            state = project(state, new) or state
            events.extend(new)
        return self.save(*events)[-1].notification.id

    def open_phase(self, cmd: OpenPhase) -> int:
        return self.decide(
            cmd.assembly_id, lambda a: decisions.open_phase(a, cmd.phase, at=cmd.at, by=cmd.by)
        )

    def receive_panel(self, cmd: ReceivePanel) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: membership.receive_panel(
                a, panel=cmd.panel, reserves=cmd.reserves, draw=cmd.draw, at=cmd.at, by=cmd.by
            ),
        )

    def accept_invitation(self, cmd: AcceptInvitation) -> int:
        return self.decide(
            cmd.assembly_id, lambda a: membership.accept(a, cmd.member, at=cmd.at, by=cmd.by)
        )

    def decline_invitation(self, cmd: DeclineInvitation) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: membership.decline(a, cmd.member, cmd.reason, at=cmd.at, by=cmd.by),
        )

    def seat_member(self, cmd: SeatMember) -> int:
        return self.decide(
            cmd.assembly_id, lambda a: membership.seat(a, cmd.member, at=cmd.at, by=cmd.by)
        )

    def withdraw_member(self, cmd: WithdrawMember) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: membership.withdraw(a, cmd.member, cmd.reason, at=cmd.at, by=cmd.by),
        )

    def remove_member(self, cmd: RemoveMember) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: membership.remove(a, cmd.member, cmd.reason, at=cmd.at, by=cmd.by),
        )

    def call_reserve(self, cmd: CallReserve) -> int:
        def replace(a: Assembly) -> Event:
            leaving = a.members.get(cmd.vacated)
            quotas = self.committed_quotas(a, leaving.subpool) if leaving else ()
            return membership.call_reserve(a, cmd.vacated, quotas=quotas, at=cmd.at, by=cmd.by)

        return self.decide(cmd.assembly_id, replace)

    def choose_working_group(self, cmd: ChooseWorkingGroup) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: membership.choose_group(a, cmd.member, cmd.group, at=cmd.at, by=cmd.by),
        )

    def look_up_contacts(self, cmd: LookUpContacts, read: Callable[[], T]) -> tuple[int, T]:
        """The rule first, then the registry (``read``), then the record: what ``read`` returns
        is the caller's to show once the look-up is on the log, never before. A refusal, a
        registry that cannot be read, or a save that fails records and returns nothing."""
        state = self.assembly(cmd.assembly_id)
        event = contacts.look_up_contacts(state, cmd.members, cmd.purpose, at=cmd.at, by=cmd.by)
        found = read()
        return self.save(event)[-1].notification.id, found

    def schedule_session(self, cmd: ScheduleSession) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: sittings.schedule(
                a,
                cmd.session_id,
                kind=cmd.kind,
                group=cmd.group,
                title=cmd.title,
                starts_at=cmd.starts_at,
                agenda=cmd.agenda,
                at=cmd.at,
                by=cmd.by,
            ),
        )

    def postpone_session(self, cmd: PostponeSession) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: sittings.postpone(
                a, cmd.session_id, cmd.starts_at, cmd.reason, at=cmd.at, by=cmd.by
            ),
        )

    def cancel_session(self, cmd: CancelSession) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: sittings.cancel(a, cmd.session_id, cmd.reason, at=cmd.at, by=cmd.by),
        )

    def open_session(self, cmd: SessionAct) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: sittings.open_session(a, cmd.session_id, at=cmd.at, by=cmd.by),
        )

    def hear_expert(self, cmd: HearExpert) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: sittings.hear_expert(a, cmd.session_id, cmd.expert, at=cmd.at, by=cmd.by),
        )

    def record_attendance(self, cmd: RecordAttendance) -> int:
        return self.decide(
            cmd.assembly_id,
            *(
                partial(
                    sittings.record_attendance,
                    session_id=cmd.session_id,
                    member=m,
                    presence=p,
                    at=cmd.at,
                    by=cmd.by,
                )
                for m, p in cmd.presence.items()
            ),
        )

    def close_session(self, cmd: SessionAct) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: sittings.close_session(a, cmd.session_id, at=cmd.at, by=cmd.by),
        )

    def record_minutes(self, cmd: RecordMinutes) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: sittings.record_minutes(
                a, cmd.session_id, cmd.sha256, cmd.location, at=cmd.at, by=cmd.by
            ),
        )

    def schedule_training(self, cmd: ScheduleTraining) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: training.schedule_training(
                a,
                cmd.training_id,
                topic=cmd.topic,
                trainer=cmd.trainer,
                starts_at=cmd.starts_at,
                at=cmd.at,
                by=cmd.by,
            ),
        )

    def record_training_attendance(self, cmd: RecordTrainingAttendance) -> int:
        return self.decide(
            cmd.assembly_id,
            *(
                partial(
                    training.record_training_attendance,
                    training_id=cmd.training_id,
                    member=m,
                    presence=p,
                    at=cmd.at,
                    by=cmd.by,
                )
                for m, p in cmd.presence.items()
            ),
        )

    def open_ballot(self, cmd: OpenBallot) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: ballots.open_ballot(
                a,
                cmd.ballot_id,
                cmd.session_id,
                cmd.motion,
                secrecy=cmd.secrecy,
                at=cmd.at,
                by=cmd.by,
            ),
        )

    def cast_votes(self, cmd: CastVotes) -> int:
        return self.decide(
            cmd.assembly_id,
            *(
                partial(
                    ballots.cast,
                    bid=cmd.ballot_id,
                    member=m,
                    choice=c,
                    at=cmd.at,
                    by=actors.voter(cmd.by, m),
                )
                for m, c in cmd.votes.items()
            ),
        )

    def close_ballot(self, cmd: CloseBallot) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: ballots.close_ballot(a, cmd.ballot_id, count=cmd.count, at=cmd.at, by=cmd.by),
        )

    def draft_recommendation(self, cmd: DraftRecommendation) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: recommendations.draft(
                a,
                cmd.recommendation_id,
                group=cmd.group,
                title=cmd.title,
                text=cmd.text,
                at=cmd.at,
                by=cmd.by,
            ),
        )

    def table_amendment(self, cmd: TableAmendment) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: recommendations.table(
                a,
                cmd.amendment_id,
                cmd.recommendation_id,
                member=cmd.member,
                text=cmd.text,
                at=cmd.at,
                by=cmd.by,
            ),
        )

    def withdraw_amendment(self, cmd: WithdrawAmendment) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: recommendations.withdraw(
                a, cmd.amendment_id, member=cmd.member, at=cmd.at, by=cmd.by
            ),
        )

    def submit_recommendations(self, cmd: SubmitRecommendations) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: aftermath.submit(
                a, cmd.submission_id, cmd.recommendations, at=cmd.at, by=cmd.by
            ),
        )

    def record_executive_response(self, cmd: RecordExecutiveResponse) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: aftermath.respond(
                a, cmd.recommendation_id, cmd.response, cmd.reasons, at=cmd.at, by=cmd.by
            ),
        )

    def present_to_council(self, cmd: PresentToCouncil) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: aftermath.present(
                a, cmd.submission_id, cmd.sitting, cmd.instrument, at=cmd.at, by=cmd.by
            ),
        )

    def record_council_decision(self, cmd: RecordCouncilDecision) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: aftermath.council_decides(
                a, cmd.submission_id, cmd.decision, cmd.reference, at=cmd.at, by=cmd.by
            ),
        )

    def report_implementation(self, cmd: ReportImplementation) -> int:
        return self.decide(
            cmd.assembly_id,
            lambda a: aftermath.report(
                a, cmd.recommendation_id, cmd.stage, cmd.summary, at=cmd.at, by=cmd.by
            ),
        )
