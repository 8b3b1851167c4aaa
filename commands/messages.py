"""Commands: what an administrator asks for, with who asks and when.

The commands of an assembly's acts live beside their rules, in each slice of the core
(core/assembly/<slice>/commands.py), and are declared with them once (core.assembly.acts);
they are gathered here for the callers of the application."""

from __future__ import annotations

from core.assembly.ballots.commands import CastVotes, CloseBallot, OpenBallot
from core.assembly.command import AssemblyCommand
from core.assembly.contacts import LookUpContacts
from core.assembly.convening.commands import ConveneAssembly, ConveneNextCohort, OpenPhase
from core.assembly.followup.commands import (
    PresentToCouncil,
    RecordCouncilDecision,
    RecordExecutiveResponse,
    ReportImplementation,
    SubmitRecommendations,
)
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
from core.assembly.recommendations.commands import (
    DraftRecommendation,
    TableAmendment,
    WithdrawAmendment,
)
from core.assembly.sittings.commands import (
    CancelSession,
    CloseSession,
    HearExpert,
    OpenSession,
    PostponeSession,
    RecordAttendance,
    RecordMinutes,
    ScheduleSession,
    SessionCommand,
)
from core.assembly.training.commands import RecordTrainingAttendance, ScheduleTraining

__all__ = [
    "AcceptInvitation",
    "AssemblyCommand",
    "CallReserve",
    "CancelSession",
    "CastVotes",
    "ChooseWorkingGroup",
    "CloseBallot",
    "CloseSession",
    "ConveneAssembly",
    "ConveneNextCohort",
    "DeclineInvitation",
    "DraftRecommendation",
    "HearExpert",
    "LookUpContacts",
    "OpenBallot",
    "OpenPhase",
    "OpenSession",
    "PostponeSession",
    "PresentToCouncil",
    "ReceivePanel",
    "RecordAttendance",
    "RecordCouncilDecision",
    "RecordExecutiveResponse",
    "RecordMinutes",
    "RecordTrainingAttendance",
    "RemoveMember",
    "ReportImplementation",
    "ScheduleSession",
    "ScheduleTraining",
    "SeatMember",
    "SessionCommand",
    "SubmitRecommendations",
    "TableAmendment",
    "WithdrawAmendment",
    "WithdrawMember",
]
