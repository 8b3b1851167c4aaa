from __future__ import annotations

import pytest

from commands.application import AssemblyRecord
from tests.support.store import MAPPER


@pytest.fixture
def app(stream_env):
    application = AssemblyRecord(
        env={
            "PERSISTENCE_MODULE": "services.adapters.eventstore",
            "MAPPER_TOPIC": MAPPER,
            **stream_env,
        }
    )
    yield application
    application.close()
