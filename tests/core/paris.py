"""Givens shared by the domain tests: the Paris assembly of 2026, as events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from uuid import UUID

from core.assembly.charter import Charter, Phase
from core.assembly.convening import rules as decisions
from core.assembly.convening.commands import OpenPhase
from core.assembly.convening.facts import AssemblyConvened
from core.assembly.fold import project
from core.assembly.membership import rules as membership
from core.assembly.membership.commands import AcceptInvitation, ChooseWorkingGroup, SeatMember
from core.assembly.membership.facts import PanelArrived
from core.assembly.membership.members import Drawn
from core.assembly.sittings import rules as sittings
from core.assembly.sittings.commands import OpenSession, RecordAttendance, ScheduleSession
from core.assembly.sittings.model import Presence, SessionKind
from core.assembly.state import Assembly
from core.events import Event

ASSEMBLY_ID = UUID("00000000-0000-4000-8000-000000002026")
CLERK = "clerk:greffe"
CONVENED_AT = datetime(2026, 1, 10, 18, 0, tzinfo=UTC)


def charter(**changes: object) -> Charter:
    base: dict[str, object] = {
        "name": "Assemblée citoyenne de Paris",
        "cohort": 2026,
        "term_start": date(2026, 1, 15),
        "term_end": date(2027, 1, 14),
        "subpool_seats": {"electoral-rolls": 80, "non-eu-residents": 15, "minors": 5},
    }
    return Charter(**{**base, **changes})  # type: ignore[arg-type]


def convened() -> AssemblyConvened:
    return AssemblyConvened(
        originator_id=ASSEMBLY_ID, originator_version=1, at=CONVENED_AT, by=CLERK, charter=charter()
    )


def given(*events: Event) -> Assembly:
    state = project(None, events)
    assert state is not None
    return state


AT = datetime(2026, 2, 1, 18, 0, tzinfo=UTC)
SUBPOOLS = (("electoral-rolls", 80, 10), ("non-eu-residents", 15, 3), ("minors", 5, 2))


def drawn(pseudonym: str, subpool: str, gender: str = "f", age: str = "25-34") -> Drawn:
    return Drawn(
        pseudonym=pseudonym,
        subpool=subpool,
        criteria={"gender": gender, "age": age, "education": "bac+2", "arrondissement": "11"},
    )


def panel_arrived(version: int = 2) -> PanelArrived:
    """Paris: 80 from the electoral rolls, 15 non-EU residents, 5 minors; reserves for each."""
    panel, reserves = [], []
    for subpool, seats, spare in SUBPOOLS:
        panel += [drawn(f"{subpool[:3]}-{i:03d}", subpool) for i in range(seats)]
        reserves += [
            drawn(f"{subpool[:3]}-r{i:02d}", subpool, gender="m" if i % 2 else "f")
            for i in range(spare)
        ]
    return PanelArrived(
        originator_id=ASSEMBLY_ID,
        originator_version=version,
        at=AT,
        by=CLERK,
        draw=None,
        panel=tuple(panel),
        reserves=tuple(reserves),
    )


def history(*steps: Callable[[Assembly], Event]) -> list[Event]:
    """Events of a convened assembly whose panel arrived, then each step decided in turn."""
    events: list[Event] = [convened(), panel_arrived()]
    for step in steps:
        events.append(step(given(*events)))
    return events


PLENARY = UUID("00000000-0000-4000-8000-00000000aaaa")


def seated_history(*, seated: int = 100, present: int = 100, phase_count: int = 1) -> list[Event]:
    """Everyone drawn accepted and seated (the first ``seated``), groups by theme, phases open,
    a plenary open with the first ``present`` seated members present."""
    events: list[Event] = [convened(), panel_arrived()]
    themes = charter().themes

    def step(decide: Callable[[Assembly], Event]) -> None:
        events.append(decide(given(*events)))

    names = [d.pseudonym for d in panel_arrived().panel][:seated]
    for i, name in enumerate(names):
        step(
            lambda a, n=name: membership.accept(
                a, AcceptInvitation(assembly_id=a.id, member=n, at=AT, by=f"member:{n}")
            )
        )
        step(
            lambda a, n=name: membership.seat(
                a, SeatMember(assembly_id=a.id, member=n, at=AT, by=CLERK)
            )
        )
        step(
            lambda a, n=name, g=themes[i % 3]: membership.choose_group(
                a, ChooseWorkingGroup(assembly_id=a.id, member=n, group=g, at=AT, by=f"member:{n}")
            )
        )
    for phase in list(Phase)[:phase_count]:
        step(
            lambda a, p=phase: decisions.open_phase(
                a, OpenPhase(assembly_id=a.id, phase=p, at=AT, by=CLERK)
            )
        )
    step(
        lambda a: sittings.schedule(
            a,
            ScheduleSession(
                assembly_id=a.id,
                session_id=PLENARY,
                kind=SessionKind.PLENARY,
                group=None,
                title="Plenary",
                starts_at=AT,
                agenda=("votes",),
                at=AT,
                by=CLERK,
            ),
        )
    )
    step(
        lambda a: sittings.open_session(
            a, OpenSession(assembly_id=a.id, session_id=PLENARY, at=AT, by=CLERK)
        )
    )
    for name in names[:present]:
        step(
            lambda a, n=name: sittings.record_attendance(
                a,
                RecordAttendance(
                    assembly_id=a.id,
                    presence={n: Presence.PRESENT},
                    session_id=PLENARY,
                    at=AT,
                    by=CLERK,
                ),
            )[0]
        )
    return events
