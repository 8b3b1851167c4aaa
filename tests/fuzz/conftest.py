"""A fuzz module shares one recorded assembly (see world.py), on its own fresh stream."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from eventsourcing.utils import Environment

from services.adapters.eventstore import JetStreamFactory
from tests.fuzz.world import World
from tests.support.natsd import unique_stream


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Iterator[World]:
    env = unique_stream()
    home = tmp_path_factory.mktemp("fuzz-home")
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        mp.setenv("ASSEMBLY_HOME", str(home))
        mp.setenv("ASSEMBLY_ACTOR", "clerk:greffe")
        for key in (
            "ASSEMBLY_ID",
            "NATS_USER",
            "NATS_PASSWORD",
            "NATS_PASSWORD_FILE",
            "NATS_CREDS",
        ):
            mp.delenv(key, raising=False)
        factory = JetStreamFactory(Environment(env=env))
        try:
            built = World(env, home, factory).build()
            mp.setenv("ASSEMBLY_ID", built.assembly)  # acts default to the seated assembly
            yield built
        finally:
            factory.close()
