"""Clients of the 3-node cluster (deploy/nats/n1-n3.conf on loopback): they spread over the
servers (nats-py tries NATS_URL's servers in random order), keep working when the first
listed server is down, and move off a server in lame-duck mode at once. A node's /healthz
(the compose healthcheck) says unavailable until it knows a JetStream meta leader."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from commands.application import AssemblyRecord
from services.adapters.embedded import binary
from services.adapters.eventstore.stream import StreamSpec
from services.adapters.eventstore.transport import Transport
from services.config import NatsAuth
from tests.faults.cluster import Cluster
from tests.faults.load import check_exactly_once, convene
from tests.support.store import MAPPER

CONNECTIONS = 12  # all on one server by chance: 3 * (1/3)**12, about 1 in 177,000
MOVED_WITHIN = 5.0  # the server itself closes a lame duck's clients after 10 s at the least


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    tag = uuid.uuid4().hex[:8]
    folder = tmp_path_factory.mktemp("cluster")
    c = Cluster.configure(folder, StreamSpec(f"CC_{tag}", f"cc_{tag}", replicas=3))
    try:
        c.start()
        ops = c.ops()
        try:
            ops.stream(c.spec, create=True)
        finally:
            ops.close()
        yield c
    finally:
        c.stop()


def _writer(cluster: Cluster, url: str | None = None) -> Transport:
    auth = NatsAuth("writer", cluster.password("writer"))
    return Transport((url or cluster.url).split(","), name="test", timeout=2, auth=auth)


def _port(transport: Transport) -> int:
    url = transport.nc.connected_url
    assert url is not None
    return int(url.port or 0)


def _env(cluster: Cluster, url: str) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": "services.adapters.eventstore",
        "MAPPER_TOPIC": MAPPER,
        "NATS_TIMEOUT": "2",
        "NATS_RETRY_SECONDS": "30",
        **cluster.env("writer"),
        "NATS_URL": url,
    }


def test_given_the_cluster_urls_when_many_clients_connect_then_they_spread_over_the_servers(
    cluster,
) -> None:
    transports = [_writer(cluster) for _ in range(CONNECTIONS)]
    try:
        ports = {_port(t) for t in transports}
    finally:
        for t in transports:
            t.close()

    assert len(ports) > 1, f"every client on port {ports}: the servers are not randomized"


def test_given_a_server_in_lame_duck_mode_when_a_client_is_on_it_then_it_moves_off_at_once(
    cluster,
) -> None:
    transport = _writer(cluster)
    try:
        port = _port(transport)
        node = next(n for n in cluster.nodes.values() if n.port == port)
        assert node.proc is not None
        subprocess.run([binary(), "--signal", f"ldm={node.proc.pid}"], check=True, timeout=10)
        started = time.monotonic()
        while not transport.nc.is_connected or _port(transport) == port:  # None: reconnecting
            assert time.monotonic() - started < MOVED_WITHIN, "still on the lame duck"
            transport.run(asyncio.sleep(0.05))
        moved = time.monotonic() - started
        answer = transport.request_many("$JS.API.INFO", b"", until=None)[0]
    finally:
        transport.close()
        node.kill()  # the lame duck would exit by itself after its lame_duck_duration
        node.start()
        cluster.wait_healthy()

    print(f"moved off the lame duck in {moved:.2f} s")
    assert json.loads(answer.data).get("type") == "io.nats.jetstream.api.v1.account_info_response"


def test_given_the_first_listed_server_down_when_commands_run_then_they_are_recorded(
    cluster,
) -> None:
    first = cluster.nodes["n1"]
    others = [n for n in cluster.nodes.values() if n is not first]
    url = ",".join(f"nats://127.0.0.1:{n.port}" for n in [first, *others])  # n1 listed first
    first.kill()
    try:
        apps = [AssemblyRecord(env=_env(cluster, url)) for _ in range(3)]  # each connects anew
        try:
            outcomes = []
            for app in apps:
                cmd = convene()
                outcomes.append((cmd, app.execute(cmd)))
            stored = check_exactly_once(apps[0], [])
        finally:
            for app in apps:
                app.close()
    finally:
        first.start()
        cluster.wait_healthy()

    assert all(stored[cmd.assembly_id] == 1 and position > 0 for cmd, position in outcomes)


def test_given_a_node_alone_when_its_health_is_asked_then_unavailable_until_a_meta_leader(
    tmp_path: Path,
) -> None:
    alone = Cluster.configure(tmp_path, StreamSpec("ALONE", "alone", replicas=3)).nodes["n1"]
    alone.start()
    try:
        deadline = time.monotonic() + 10
        while (plain := _health(alone.http_port, ""))[0] == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        enabled_only = _health(alone.http_port, "?js-enabled-only=true")
    finally:
        alone.kill()

    assert plain[0] == 503 and "meta" in plain[1], plain  # what the compose healthcheck asks
    assert enabled_only[0] == 200  # what it asked before: ok with no leader at all


def _health(port: int, query: str) -> tuple[int, str]:
    """The status and body of /healthz; (0, "") while the monitoring port does not answer."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz{query}", timeout=1) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except OSError:
        return 0, ""
