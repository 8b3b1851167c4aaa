"""A 3-node cluster on loopback (deploy/nats/n1-n3.conf, with access control) and an R3
stream: the stream's leader is killed under a write load, twice. Saves ride through the
election; no acknowledged event is lost, none is stored twice."""

from __future__ import annotations

import time
import uuid

import pytest

from commands.application import AssemblyRecord
from services.adapters.eventstore.stream import StreamSpec
from tests.faults.cluster import Cluster
from tests.faults.load import Load, check_exactly_once
from tests.support.store import MAPPER

KILLS = 2


@pytest.fixture
def cluster(tmp_path):
    tag = uuid.uuid4().hex[:8]
    c = Cluster.configure(tmp_path, StreamSpec(f"R3_{tag}", f"r3_{tag}", replicas=3))
    try:
        c.start()
        ops = c.ops()
        try:
            ops.stream(c.spec, create=True)  # ops creates the stream, as assembly-init does
        finally:
            ops.close()
        yield c
    finally:
        c.stop()


def leader(cluster: Cluster, within: float = 30.0) -> str:
    """The stream's leader, once every replica is current (so a kill loses nothing)."""
    deadline = time.monotonic() + within
    while True:
        try:
            cl = cluster.stream_info().cluster  # type: ignore[attr-defined]
            if cl.leader and all(p.current for p in cl.replicas or []):
                return str(cl.leader)
        except Exception:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"no stream leader with current replicas within {within:g} s")
        time.sleep(0.1)


def test_given_an_r3_stream_when_its_leader_is_killed_under_load_then_no_ack_is_lost(
    cluster,
) -> None:
    env = {
        "PERSISTENCE_MODULE": "services.adapters.eventstore",
        "MAPPER_TOPIC": MAPPER,
        "NATS_TIMEOUT": "2",
        "NATS_RETRY_SECONDS": "30",  # longer than an election (about 9 s here)
        **cluster.env("writer"),
    }
    app = AssemblyRecord(env=env)
    failovers: list[float] = []
    try:
        with Load(app, limit=100_000) as load:
            for _ in range(KILLS):
                load.wait(acked=30)
                killed = cluster.nodes[leader(cluster)]
                killed.kill()
                failovers.append(load.wait(acked=10, within=60))  # saved through the election
                killed.start()
                cluster.wait_healthy()
            load.wait(acked=10)
        stored = check_exactly_once(app, load.outcomes)
    finally:
        app.close()

    print(f"writes resumed {', '.join(f'{s:.1f}' for s in failovers)} s after each leader kill")
    assert [o for o in load.outcomes if o.error is not None] == []  # none failed: retried
    assert set(stored) == {o.cmd.assembly_id for o in load.outcomes}
    assert set(stored.values()) == {1}, "a fact was stored twice"
