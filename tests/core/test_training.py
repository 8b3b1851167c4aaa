"""Members' training: scheduled within the term, attended by seated members once begun, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from core.assembly import actors
from core.assembly.convening.rules import TermEnded
from core.assembly.corrections import amended
from core.assembly.sittings.model import Presence
from core.assembly.sittings.rules import NotSeated
from core.assembly.training.commands import RecordTrainingAttendance, ScheduleTraining
from core.assembly.training.facts import TrainingAttended
from core.assembly.training.rules import (
    AttendanceAlreadyRecorded,
    TrainingAlreadyScheduled,
    UnknownTraining,
    record_training_attendance,
    schedule_training,
)
from core.audit.redecide import Context, redecide
from core.time_order import OutOfTimeOrder
from tests.core.paris import ASSEMBLY_ID, AT, CLERK, given, seated_history

SPEAKING = UUID("00000000-0000-4000-8000-00000000cccc")
STARTS = AT + timedelta(days=2)
TRAINER = "Mme C. Lemoine, Cours Florent"


def _schedule(a, starts_at=STARTS, at=AT, training=SPEAKING):
    return schedule_training(
        a,
        ScheduleTraining(
            assembly_id=a.id,
            training_id=training,
            topic="public speaking",
            trainer=TRAINER,
            starts_at=starts_at,
            at=at,
            by=CLERK,
        ),
    )


def _attend(a, member="ele-000", presence=Presence.PRESENT, at=STARTS):
    return record_training_attendance(
        a,
        RecordTrainingAttendance(
            assembly_id=a.id, presence={member: presence}, training_id=SPEAKING, at=at, by=CLERK
        ),
    )[0]


def _scheduled(seated: int = 3) -> list:
    events = seated_history(seated=seated, present=0)
    events.append(_schedule(given(*events)))
    return events


def test_given_seated_members_when_they_attend_a_training_then_their_presence_is_on_record() -> (
    None
):
    events = _scheduled()

    events.append(_attend(given(*events), "ele-000", Presence.PRESENT))
    events.append(_attend(given(*events), "ele-001", Presence.EXCUSED))

    training = given(*events).trainings[SPEAKING]
    assert training.topic == "public speaking" and training.trainer == TRAINER
    assert training.attendance == {"ele-000": Presence.PRESENT, "ele-001": Presence.EXCUSED}
    assert training.present() == {"ele-000"}


def test_given_an_invitee_not_seated_when_attending_a_training_then_refused() -> None:
    events = _scheduled(seated=3)

    with pytest.raises(NotSeated, match="ele-050 cannot attend the training on 'public speaking'"):
        _attend(given(*events), "ele-050")


def test_given_a_training_when_attendance_is_dated_before_it_starts_then_refused() -> None:
    events = _scheduled()

    with pytest.raises(OutOfTimeOrder, match="the training on 'public speaking' starts at"):
        _attend(given(*events), at=STARTS - timedelta(minutes=1))


def test_given_attendance_recorded_when_recorded_again_then_refused() -> None:
    events = _scheduled()
    events.append(_attend(given(*events), presence=Presence.ABSENT))

    with pytest.raises(AttendanceAlreadyRecorded, match=r"already recorded \(absent\)"):
        _attend(given(*events), presence=Presence.PRESENT)


def test_given_no_such_training_when_attendance_is_recorded_then_refused() -> None:
    events = seated_history(seated=3, present=0)

    with pytest.raises(UnknownTraining, match=str(SPEAKING)):
        _attend(given(*events))


def test_given_a_training_when_scheduled_again_then_refused() -> None:
    events = _scheduled()

    with pytest.raises(TrainingAlreadyScheduled):
        _schedule(given(*events))


def test_given_the_term_when_a_training_starts_after_it_ends_then_refused() -> None:
    events = seated_history(seated=3, present=0)
    after_term = datetime(2027, 2, 1, 10, 0, tzinfo=UTC)

    with pytest.raises(TermEnded, match="ended on 2027-01-14"):
        _schedule(given(*events), starts_at=after_term)


def test_given_a_member_when_they_record_their_own_training_attendance_then_refused() -> None:
    events = _scheduled()
    fact = record_training_attendance(
        given(*events),
        RecordTrainingAttendance(
            assembly_id=ASSEMBLY_ID,
            presence={"ele-000": Presence.PRESENT},
            training_id=SPEAKING,
            at=STARTS,
            by="member:ele-000",
        ),
    )[0]

    with pytest.raises(actors.ActorRefused, match="ele-000's attendance of a training"):
        actors.check(fact, lambda: ())


def test_given_a_training_attended_when_its_presence_is_corrected_then_it_says_the_new_one() -> (
    None
):
    events = _scheduled()
    fact = _attend(given(*events), presence=Presence.ABSENT)

    fixed = amended(fact, "presence", "excused")

    assert isinstance(fixed, TrainingAttended) and fixed.presence is Presence.EXCUSED


def test_given_a_forged_attendance_before_the_start_when_decided_again_then_refused() -> None:
    events = _scheduled()
    state = given(*events)
    forged = TrainingAttended(
        **{"originator_id": state.id, "originator_version": state.version + 1},
        at=STARTS - timedelta(hours=1),
        by=CLERK,
        training=SPEAKING,
        member="ele-000",
        presence=Presence.PRESENT,
    )

    with pytest.raises(OutOfTimeOrder):
        redecide(forged, state, Context({}, {}))
