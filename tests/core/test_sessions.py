"""Sessions: scheduled, opened in a phase, attended by seated members, closed, minuted."""

from __future__ import annotations

from uuid import UUID

import pytest

from core.assembly.charter import Phase
from core.assembly.sittings.commands import (
    CloseSession,
    OpenSession,
    RecordAttendance,
    RecordMinutes,
    ScheduleSession,
)
from core.assembly.sittings.model import Presence, SessionKind, SessionStatus
from core.assembly.sittings.rules import (
    NotSeated,
    SessionRefused,
    close_session,
    open_session,
    record_attendance,
    record_minutes,
    schedule,
)
from tests.core.paris import ASSEMBLY_ID, AT, CLERK, PLENARY, given, history, seated_history

WG = UUID("00000000-0000-4000-8000-00000000bbbb")
SHA = "ab" * 32


def _schedule_wg(a, group="environment"):
    return schedule(
        a,
        ScheduleSession(
            assembly_id=a.id,
            session_id=WG,
            kind=SessionKind.WORKING_GROUP,
            group=group,
            title="Environment WG",
            starts_at=AT,
            agenda=("trees",),
            at=AT,
            by=CLERK,
        ),
    )


def test_given_a_group_that_is_no_theme_when_scheduled_then_refused() -> None:
    with pytest.raises(SessionRefused, match="got 'culture'"):
        _schedule_wg(given(*history()), group="culture")


def test_given_no_phase_open_when_a_session_opens_then_refused() -> None:
    events = history(_schedule_wg)

    with pytest.raises(SessionRefused, match="before the discovery phase"):
        open_session(
            given(*events), OpenSession(assembly_id=ASSEMBLY_ID, session_id=WG, at=AT, by=CLERK)
        )


def test_given_an_open_session_when_an_invitee_attends_then_refused() -> None:
    events = seated_history(seated=10)

    with pytest.raises(NotSeated, match="ele-050 cannot attend"):
        record_attendance(
            given(*events),
            RecordAttendance(
                assembly_id=ASSEMBLY_ID,
                presence={"ele-050": Presence.PRESENT},
                session_id=PLENARY,
                at=AT,
                by=CLERK,
            ),
        )[0]


def test_given_a_working_group_session_when_another_groups_member_attends_then_refused() -> None:
    events = seated_history(seated=3, present=0)
    events.append(_schedule_wg(given(*events)))
    events.append(
        open_session(
            given(*events), OpenSession(assembly_id=ASSEMBLY_ID, session_id=WG, at=AT, by=CLERK)
        )
    )

    with pytest.raises(SessionRefused, match="social education working group"):
        record_attendance(
            given(*events),
            RecordAttendance(
                assembly_id=ASSEMBLY_ID,
                presence={"ele-000": Presence.PRESENT},
                session_id=WG,
                at=AT,
                by=CLERK,
            ),
        )[0]
    ok = record_attendance(
        given(*events),
        RecordAttendance(
            assembly_id=ASSEMBLY_ID,
            presence={"ele-001": Presence.EXCUSED},
            session_id=WG,
            at=AT,
            by=CLERK,
        ),
    )[0]
    assert given(*events, ok).sessions[WG].attendance == {"ele-001": Presence.EXCUSED}


def test_given_an_open_session_when_closed_and_minuted_then_minutes_are_on_record() -> None:
    events = seated_history(seated=3)
    events.append(
        close_session(
            given(*events),
            CloseSession(assembly_id=ASSEMBLY_ID, session_id=PLENARY, at=AT, by=CLERK),
        )
    )

    minutes = record_minutes(
        given(*events),
        RecordMinutes(
            assembly_id=ASSEMBLY_ID,
            session_id=PLENARY,
            sha256=SHA,
            location="https://paris.fr/pv/1.pdf",
            at=AT,
            by=CLERK,
        ),
    )

    session = given(*events, minutes).sessions[PLENARY]
    assert session.status is SessionStatus.CLOSED
    assert session.minutes is not None and session.minutes.sha256 == SHA


def test_given_an_open_session_when_minutes_are_recorded_then_refused() -> None:
    with pytest.raises(SessionRefused, match="minutes follow the session"):
        record_minutes(
            given(*seated_history(seated=3)),
            RecordMinutes(
                assembly_id=ASSEMBLY_ID,
                session_id=PLENARY,
                sha256=SHA,
                location="x",
                at=AT,
                by=CLERK,
            ),
        )


def test_given_minutes_not_a_sha256_when_recorded_then_refused() -> None:
    events = seated_history(seated=3)
    events.append(
        close_session(
            given(*events),
            CloseSession(assembly_id=ASSEMBLY_ID, session_id=PLENARY, at=AT, by=CLERK),
        )
    )

    with pytest.raises(SessionRefused, match="not a SHA-256"):
        record_minutes(
            given(*events),
            RecordMinutes(
                assembly_id=ASSEMBLY_ID,
                session_id=PLENARY,
                sha256="ABC",
                location="x",
                at=AT,
                by=CLERK,
            ),
        )


def test_given_the_phase_when_a_session_opens_then_the_session_remembers_it() -> None:
    events = seated_history(seated=3)

    assert given(*events).sessions[PLENARY].phase is Phase.DISCOVERY
