"""A forged correction: the forger rewrites an honest correction in an export (re-encoded
canonically, the hash chain recomputed) so that it changes a field never correctable, or breaks
the time order with a fact depending on the corrected one. The domain replay decides the
history again with the correction applied, and names the rule each breaks."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from commands.application import AssemblyRecord
from commands.correcting import CorrectFact
from commands.messages import AcceptInvitation, ConveneAssembly, ReceivePanel, SeatMember
from core.assembly.charter import cohort_id
from core.assembly.corrections import FactCorrected
from tests.audit.conftest import MAPPER, export, settings_for
from tests.audit.tamper import Export
from tests.audit.test_tamper_domain import audited, facts, named, payload, rewrite
from tests.core.paris import AT, CLERK, charter, panel_arrived
from tests.support.natsd import unique_stream

ASSEMBLY = cohort_id(charter().name, charter().cohort)


@pytest.fixture(scope="module")
def corrected_export(tmp_path_factory) -> Path:
    """ele-000 accepted (recorded a day early, then corrected to an hour later) and seated."""
    folder = tmp_path_factory.mktemp("corrected")
    env = unique_stream()
    app = AssemblyRecord(
        env={"PERSISTENCE_MODULE": "services.adapters.eventstore", "MAPPER_TOPIC": MAPPER, **env}
    )
    who = {"assembly_id": ASSEMBLY, "by": CLERK}
    try:
        app.execute(ConveneAssembly(charter=charter(), at=AT, by=CLERK))
        arrived = panel_arrived()
        app.execute(ReceivePanel(panel=arrived.panel, reserves=arrived.reserves, at=AT, **who))
        accepted = app.execute(AcceptInvitation(member="ele-000", at=AT, **who))
        app.execute(SeatMember(member="ele-000", at=AT + timedelta(days=2), **who))
        value = "2026-02-02T18:00:00Z"
        app.correct_fact(
            CorrectFact(
                position=accepted,
                field="at",
                value=value,
                reason="a day late",
                at=AT + timedelta(days=3),
                **who,
            )
        )
    finally:
        app.close()
    path = folder / "log.jsonl"
    export(settings_for(env, folder), path)
    return path


@pytest.fixture
def forged(corrected_export, tmp_path) -> Export:
    path = tmp_path / "log.jsonl"
    shutil.copy(corrected_export, path)
    return Export(path)


def test_given_an_honest_correction_when_audited_then_everything_holds(forged):
    assert audited(forged) == []


def test_given_a_correction_of_a_field_never_correctable_when_audited_then_named(forged):
    [correction] = facts(forged, FactCorrected.wire)
    assert payload(correction)["field"] == "at"

    seq = rewrite(forged, correction, lambda p: p.update(field="member", value="ele-001"))

    assert named(forged, seq) == {"correction"}


def test_given_a_correction_breaking_the_time_order_when_audited_then_named(forged):
    [correction] = facts(forged, FactCorrected.wire)

    seq = rewrite(forged, correction, lambda p: p.update(value="2026-02-05T18:00:00Z"))

    assert named(forged, seq) == {"time-order"}
