"""Power failures, on LazyFS: nats-server's store sits on a file system that can drop every
write not yet fsynced. Under a write load from the application, each failure is a kill -9 of
every server and then LazyFS's ``clear-cache`` (the disk keeps only what was synced), then a
restart; halfway between two failures LazyFS writes its cache back, as the OS does with dirty
pages. Counted from the stream: every acknowledged event, once, at the position its caller
was told. With nats-server's lazy default (no ``sync_interval``) the same run loses
acknowledged events: the test can fail, and says by how much."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest

from commands.application import AssemblyRecord
from services.adapters.embedded import free_port, launch
from services.adapters.eventstore.stream import StreamSpec
from tests.faults import lazyfs
from tests.faults.cluster import Cluster
from tests.faults.load import Load
from tests.faults.tally import FIGURES, Tally, tally
from tests.faults.test_kill9 import app_env, kill9
from tests.support.store import MAPPER

FAILURES = 10  # of one server, as embedded
CLUSTER_FAILURES = 5  # coordinated, of a 3-node cluster with an R3 stream
LAZY_FAILURES = 2  # enough to show the lazy default losing acknowledged events


@pytest.fixture(scope="module")
def binary() -> Path:
    """LazyFS, built (once) from third_party/lazyfs. Skipped where FUSE or the build tools
    are missing, except on CI: .ci/run installs them, and CI's machine has /dev/fuse."""
    try:
        reason = lazyfs.missing()
        if reason:
            raise lazyfs.Unavailable(reason)
        return lazyfs.build()
    except lazyfs.Unavailable as e:
        if os.environ.get("CI"):
            pytest.fail(str(e))
        pytest.skip(str(e))


def report(line: str) -> None:
    """A figure, printed (-s) and repeated in pytest's summary (tests/faults/conftest.py)."""
    print(line)
    FIGURES.append(line)


def test_given_lazyfs_when_its_cache_is_cleared_then_only_synced_writes_remain(
    binary: Path, tmp_path: Path
) -> None:
    mount = lazyfs.Mount(binary, tmp_path / "disk", tmp_path / "mnt", tmp_path / "lazyfs")
    try:
        (mount.mnt / "unsynced").write_bytes(b"gone")
        with (mount.mnt / "synced").open("wb") as f:
            f.write(b"kept")
            f.flush()
            os.fsync(f.fileno())
        mount.clear_cache()
        assert (mount.mnt / "unsynced").read_bytes() == b""
        assert (mount.mnt / "synced").read_bytes() == b"kept"
    finally:
        mount.close()


def one_server(binary: Path, folder: Path, *, sync: str | None, failures: int) -> Tally:
    mount = lazyfs.Mount(binary, folder / "disk", folder / "store", folder / "lazyfs")
    port, log = free_port(), folder / "nats.log"
    proc: subprocess.Popen[bytes] | None = None
    app: AssemblyRecord | None = None
    try:
        proc = launch(mount.mnt, port, log, sync=sync)
        app = AssemblyRecord(env=app_env(port, NATS_RETRY_SECONDS="1.5"))
        with Load(app, limit=100_000) as load:
            for _ in range(failures):
                load.wait(acked=20, within=60)
                mount.checkpoint()  # the OS wrote its dirty pages back, a while ago
                load.wait(acked=20, within=60)
                kill9(proc)  # the power goes: the process and ...
                mount.clear_cache()  # ... every write the disk was not made to keep
                proc = launch(mount.mnt, port, log, sync=sync)
            load.wait(acked=20, within=60)
        return tally(app, load.outcomes)
    finally:
        if app is not None:
            app.close()
        if proc is not None and proc.poll() is None:
            kill9(proc)
        mount.close()


def test_given_a_synced_server_when_the_power_fails_ten_times_under_load_then_every_ack_holds_once(
    binary: Path, tmp_path: Path
) -> None:
    t = one_server(binary, tmp_path, sync="always", failures=FAILURES)
    report(t.line(f"one server, sync_interval: always, {FAILURES} power failures"))
    assert t.acknowledged >= 20 * (FAILURES + 1)
    assert t.held, t


def test_given_the_lazy_default_when_the_power_fails_then_acknowledged_events_are_lost(
    binary: Path, tmp_path: Path
) -> None:
    t = one_server(binary, tmp_path, sync=None, failures=LAZY_FAILURES)
    report(t.line(f"one server, lazy default, {LAZY_FAILURES} power failures"))
    assert t.lost > 0, t  # the run above could see a loss: this one does


def three_nodes(binary: Path, folder: Path, *, synced: bool, failures: int) -> Tally:
    tag = uuid.uuid4().hex[:8]
    spec = StreamSpec(f"R3_{tag}", f"r3_{tag}", replicas=3)
    cluster = Cluster.configure(folder, spec, synced=synced)
    mounts: list[lazyfs.Mount] = []
    app: AssemblyRecord | None = None
    try:
        for name, node in cluster.nodes.items():
            mounts.append(lazyfs.Mount(binary, folder / name / "disk", node.store, folder / name))
        cluster.start()
        ops = cluster.ops()
        try:
            ops.stream(spec, create=True)  # ops creates the stream, as assembly-init does
        finally:
            ops.close()
        env = {
            "PERSISTENCE_MODULE": "services.adapters.eventstore",
            "MAPPER_TOPIC": MAPPER,
            "NATS_TIMEOUT": "2",
            "NATS_RETRY_SECONDS": "30",  # longer than the cluster's restart and election
            **cluster.env("writer"),
        }
        app = AssemblyRecord(env=env)
        with Load(app, limit=100_000) as load:
            for _ in range(failures):
                load.wait(acked=20, within=60)
                for mount in mounts:
                    mount.checkpoint()
                load.wait(acked=20, within=60)
                for node in cluster.nodes.values():  # the power goes everywhere at once
                    node.kill()
                for mount in mounts:
                    mount.clear_cache()
                cluster.start()
            load.wait(acked=20, within=60)
        return tally(app, load.outcomes)
    finally:
        if app is not None:
            app.close()
        cluster.stop()
        for mount in mounts:
            mount.close()


def test_given_a_synced_cluster_when_the_power_fails_everywhere_five_times_then_every_ack_holds(
    binary: Path, tmp_path: Path
) -> None:
    t = three_nodes(binary, tmp_path, synced=True, failures=CLUSTER_FAILURES)
    report(t.line(f"3-node R3 cluster, sync_interval: always, {CLUSTER_FAILURES} power failures"))
    assert t.acknowledged >= 40 * CLUSTER_FAILURES + 20
    assert t.held, t


def test_given_a_lazy_cluster_when_the_power_fails_everywhere_then_acknowledged_events_are_lost(
    binary: Path, tmp_path: Path
) -> None:
    t = three_nodes(binary, tmp_path, synced=False, failures=1)
    report(t.line("3-node R3 cluster, lazy default, 1 power failure"))
    assert t.lost > 0, t
