"""Givens shared by the domain tests: the Paris assembly of 2026, as events."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from core.assembly.charter import Charter
from core.assembly.events import AssemblyConvened
from core.assembly.state import Assembly, project
from core.events import Event

ASSEMBLY_ID = UUID("00000000-0000-4000-8000-000000002026")
CLERK = "clerk@paris.fr"
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
