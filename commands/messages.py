"""Commands: what an administrator asks for, with who asks and when."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid4

import msgspec

from core.assembly.ballots.model import Choice, Motion, Tally
from core.assembly.charter import Charter, Phase, Secrecy, cohort_id
from core.assembly.contacts import Purpose
from core.assembly.followup.model import CouncilDecision, Instrument, Response, Stage
from core.assembly.membership.members import Drawn
from core.assembly.sittings.model import Expert, Presence, SessionKind


class ConveneAssembly(msgspec.Struct, frozen=True, kw_only=True):
    charter: Charter
    at: datetime
    by: str
    previous_cohort: UUID | None = None

    @property
    def assembly_id(self) -> UUID:
        """Given by the series and cohort (core.assembly.charter.cohort_id), never chosen."""
        return cohort_id(self.charter.name, self.charter.cohort)


class ConveneNextCohort(msgspec.Struct, frozen=True, kw_only=True):
    """The new assembly's id is its series' (the previous cohort's name) and cohort."""

    previous: UUID
    cohort: int
    term_start: date
    term_end: date
    at: datetime
    by: str


class OpenPhase(msgspec.Struct, frozen=True, kw_only=True):
    assembly_id: UUID
    phase: Phase
    at: datetime
    by: str


class _AssemblyCommand(msgspec.Struct, frozen=True, kw_only=True):
    assembly_id: UUID
    at: datetime
    by: str


class ReceivePanel(_AssemblyCommand, frozen=True, kw_only=True):
    panel: tuple[Drawn, ...]
    reserves: tuple[Drawn, ...] = ()
    draw: UUID | None = None


class AcceptInvitation(_AssemblyCommand, frozen=True, kw_only=True):
    member: str


class DeclineInvitation(_AssemblyCommand, frozen=True, kw_only=True):
    member: str
    reason: str = ""


class SeatMember(_AssemblyCommand, frozen=True, kw_only=True):
    member: str


class WithdrawMember(_AssemblyCommand, frozen=True, kw_only=True):
    member: str
    reason: str


class RemoveMember(_AssemblyCommand, frozen=True, kw_only=True):
    member: str
    reason: str


class CallReserve(_AssemblyCommand, frozen=True, kw_only=True):
    vacated: str


class ChooseWorkingGroup(_AssemblyCommand, frozen=True, kw_only=True):
    member: str
    group: str


class ScheduleSession(_AssemblyCommand, frozen=True, kw_only=True):
    kind: SessionKind
    title: str
    starts_at: datetime
    agenda: tuple[str, ...]
    group: str | None = None
    session_id: UUID = msgspec.field(default_factory=uuid4)


class SessionAct(_AssemblyCommand, frozen=True, kw_only=True):
    """Open or close a session."""

    session_id: UUID


class PostponeSession(SessionAct, frozen=True, kw_only=True):
    starts_at: datetime  # the new start
    reason: str


class CancelSession(SessionAct, frozen=True, kw_only=True):
    reason: str


class HearExpert(SessionAct, frozen=True, kw_only=True):
    expert: Expert


class RecordAttendance(SessionAct, frozen=True, kw_only=True):
    presence: dict[str, Presence]  # several members in one atomic save


class RecordMinutes(SessionAct, frozen=True, kw_only=True):
    sha256: str
    location: str


class ScheduleTraining(_AssemblyCommand, frozen=True, kw_only=True):
    topic: str
    trainer: str  # a public role, as an expert is named
    starts_at: datetime
    training_id: UUID = msgspec.field(default_factory=uuid4)


class RecordTrainingAttendance(_AssemblyCommand, frozen=True, kw_only=True):
    training_id: UUID
    presence: dict[str, Presence]  # several members in one atomic save


class OpenBallot(_AssemblyCommand, frozen=True, kw_only=True):
    session_id: UUID
    motion: Motion
    secrecy: Secrecy | None = None
    ballot_id: UUID = msgspec.field(default_factory=uuid4)


class CastVotes(_AssemblyCommand, frozen=True, kw_only=True):
    ballot_id: UUID
    votes: dict[str, Choice | None]  # several members in one atomic save; a secret
    # ballot's are None: it records who took part, never the choice


class CloseBallot(_AssemblyCommand, frozen=True, kw_only=True):
    ballot_id: UUID
    count: Tally | None = None  # the tellers' count of a secret ballot


class DraftRecommendation(_AssemblyCommand, frozen=True, kw_only=True):
    group: str
    title: str
    text: str
    recommendation_id: UUID = msgspec.field(default_factory=uuid4)


class TableAmendment(_AssemblyCommand, frozen=True, kw_only=True):
    recommendation_id: UUID
    member: str
    text: str
    amendment_id: UUID = msgspec.field(default_factory=uuid4)


class WithdrawAmendment(_AssemblyCommand, frozen=True, kw_only=True):
    amendment_id: UUID
    member: str


class SubmitRecommendations(_AssemblyCommand, frozen=True, kw_only=True):
    recommendations: tuple[UUID, ...]
    submission_id: UUID = msgspec.field(default_factory=uuid4)


class RecordExecutiveResponse(_AssemblyCommand, frozen=True, kw_only=True):
    recommendation_id: UUID
    response: Response
    reasons: str


class PresentToCouncil(_AssemblyCommand, frozen=True, kw_only=True):
    submission_id: UUID
    sitting: date
    instrument: Instrument


class RecordCouncilDecision(_AssemblyCommand, frozen=True, kw_only=True):
    submission_id: UUID
    decision: CouncilDecision
    reference: str


class ReportImplementation(_AssemblyCommand, frozen=True, kw_only=True):
    recommendation_id: UUID
    stage: Stage
    summary: str


class LookUpContacts(_AssemblyCommand, frozen=True, kw_only=True):
    """The clerk reads the registry's contacts of these members: recorded before they are shown."""

    members: tuple[str, ...]  # pseudonyms, in call order
    purpose: Purpose
