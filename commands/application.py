"""The assembly's application: one method per command; load, decide, save.

Each method returns the log position of the last event it recorded, so a
caller can wait for the read side to reach it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Recording

from commands.drawing import DrawCommands
from commands.messages import (
    AcceptInvitation,
    CallReserve,
    CastVotes,
    ChooseWorkingGroup,
    CloseBallot,
    ConveneAssembly,
    ConveneNextCohort,
    DeclineInvitation,
    DraftRecommendation,
    HearExpert,
    OpenBallot,
    OpenPhase,
    PresentToCouncil,
    ReceivePanel,
    RecordAttendance,
    RecordCouncilDecision,
    RecordExecutiveResponse,
    RecordMinutes,
    RemoveMember,
    ReportImplementation,
    ScheduleSession,
    SeatMember,
    SessionAct,
    SubmitRecommendations,
    TableAmendment,
    WithdrawAmendment,
    WithdrawMember,
)
from core.assembly import (
    aftermath,
    ballots,
    decisions,
    membership,
    recommendations,
    sittings,
)
from core.assembly.state import Assembly, project
from core.events import Event
from core.text import check as text

Decision = Callable[[Assembly], Event | Sequence[Event]]


class AssemblyRecord(DrawCommands, Application[UUID]):
    name = "AssemblyRecord"
    env = {"AGGREGATE_CACHE_MAXSIZE": "64"}  # fast-forwarded from the log on every load

    def assembly(self, assembly_id: UUID) -> Assembly:
        """The assembly's state, folded from its events (immutable: safe to share from cache)."""
        state: Assembly = self.repository.get(
            assembly_id, projector_func=project, deepcopy_from_cache=False
        )
        if self.repository.cache is not None:
            # The library fast-forwards a cached immutable aggregate without keeping the
            # result: keep it, so the next load reads only the events after this one.
            self.repository.cache.put(assembly_id, state)
        return state

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """Every fact this application records passes the text check first (core.text.check):
        the decisions of `decide`, the direct saves and the draw's, all through here."""
        text.check_all(objs)
        return super().save(*objs, **kwargs)

    def convene_assembly(self, cmd: ConveneAssembly) -> int:
        event = decisions.convene(
            cmd.charter,
            new_id=cmd.assembly_id,
            at=cmd.at,
            by=cmd.by,
            previous_cohort=cmd.previous_cohort,
        )
        return self.save(event)[-1].notification.id

    def convene_next_cohort(self, cmd: ConveneNextCohort) -> int:
        event = decisions.next_cohort(
            self.assembly(cmd.previous),
            cohort=cmd.cohort,
            term_start=cmd.term_start,
            term_end=cmd.term_end,
            new_id=cmd.assembly_id,
            at=cmd.at,
            by=cmd.by,
        )
        return self.save(event)[-1].notification.id

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
                partial(ballots.cast, bid=cmd.ballot_id, member=m, choice=c, at=cmd.at, by=m)
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
