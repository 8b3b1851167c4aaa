"""The application's clock: given "now" by its composition root, it saves no fact dated later
than now plus the tolerance, from any command (the draw's included); nothing is appended."""

from __future__ import annotations

from datetime import timedelta

import pytest

from commands.application import AssemblyRecord
from commands.draw_messages import RevealDraw
from commands.messages import ConveneAssembly
from core.time_order import FUTURE_TOLERANCE, FutureDated
from tests.commands.test_draw_on_jetstream import commit
from tests.core.draw.builders import CEREMONY_AT, CLERK, convened, rolled
from tests.support.store import MAPPER

NOW = CEREMONY_AT - timedelta(hours=1)  # the ceremony has not happened yet


@pytest.fixture
def clocked(stream_env):
    application = AssemblyRecord(
        env={
            "PERSISTENCE_MODULE": "services.adapters.eventstore",
            "MAPPER_TOPIC": MAPPER,
            **stream_env,
        },
        clock=lambda: NOW,
    )
    yield application
    application.close()


def _head(app: AssemblyRecord) -> int:
    return app.recorder.max_notification_id() or 0


def test_given_now_when_convening_past_the_tolerance_then_refused_and_nothing_appended(clocked):
    late = ConveneAssembly(charter=convened().charter, at=NOW + FUTURE_TOLERANCE * 2, by=CLERK)

    with pytest.raises(FutureDated, match="later than now"):
        clocked.execute(late)

    assert _head(clocked) == 0


def test_given_now_when_convening_within_the_tolerance_then_recorded(clocked):
    soon = ConveneAssembly(charter=convened().charter, at=NOW + FUTURE_TOLERANCE, by=CLERK)

    assert clocked.execute(soon) == 1


def test_given_a_ceremony_still_to_come_when_its_reveal_is_recorded_then_refused(clocked):
    cmd = ConveneAssembly(charter=convened().charter, at=convened().at, by=CLERK)
    clocked.execute(cmd)
    commit(clocked, cmd.assembly_id)
    head = _head(clocked)

    with pytest.raises(FutureDated, match="randomness revealed"):
        clocked.reveal_draw(
            RevealDraw(assembly_id=cmd.assembly_id, dice=rolled(), at=CEREMONY_AT, by=CLERK)
        )

    assert _head(clocked) == head
