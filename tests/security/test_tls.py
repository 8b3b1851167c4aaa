"""TLS (optional): a server that requires it, a CA the clients are given in NATS_TLS_CA."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import pytest
from eventsourcing.persistence import StoredEvent

from services.adapters.embedded import free_port, launch
from services.adapters.eventstore.errors import EventStoreUnavailable
from services.adapters.eventstore.stream import StreamSpec
from services.adapters.eventstore.transport import Transport
from services.adapters.security.natsconf import write_config
from services.config import NatsAuth
from tests.security.conftest import stop
from tests.support.store import factory


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=30)


def certificates(folder: Path, name: str = "ca") -> Path:
    """A throwaway CA, and a certificate it signed for 127.0.0.1: server.pem, server.key."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", f"{name}.key", "-out", f"{name}.pem", "-days", "2",
            "-subj", f"/CN={name}", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=keyCertSign,cRLSign", cwd=folder)  # fmt: skip
    if name == "ca":
        (folder / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
        openssl("req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj",
                "/CN=127.0.0.1", cwd=folder)  # fmt: skip
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext",
                cwd=folder)  # fmt: skip
    return folder / f"{name}.pem"


@pytest.fixture
def tls_server(tmp_path):
    spec = StreamSpec(f"TLS_{uuid.uuid4().hex[:8]}", "tls")
    ca = certificates(tmp_path)
    write_config(tmp_path / "auth", spec, ["127.0.0.1:1"])
    conf = tmp_path / "nats.conf"
    conf.write_text(
        f'tls {{\n  cert_file: "{tmp_path / "server.pem"}"\n'
        f'  key_file: "{tmp_path / "server.key"}"\n}}\n'
        'include "auth/users.conf"\n'
    )
    port = free_port()
    proc = launch(tmp_path / "store", port, tmp_path / "nats.log", include=conf)
    env = {
        "NATS_URL": f"nats://127.0.0.1:{port}",
        "ASSEMBLY_STREAM": spec.name,
        "ASSEMBLY_SUBJECT_PREFIX": spec.prefix,
        "NATS_TLS_CA": str(ca),
    }
    try:
        yield env, tmp_path / "auth"
    finally:
        stop(proc)


def role(env: dict[str, str], auth: Path, name: str) -> dict[str, str]:
    return {**env, "NATS_USER": name, "NATS_PASSWORD_FILE": str(auth / f"{name}.password")}


def test_given_a_server_requiring_tls_when_the_roles_work_through_it_then_saved_and_read(
    tls_server,
) -> None:
    env, auth = tls_server
    with factory(role(env, auth, "ops")) as f:
        f.application_recorder()  # ops creates the stream
    a = uuid.uuid4()

    with factory(role(env, auth, "writer")) as f:
        ids = f.application_recorder().insert_events([StoredEvent(a, 1, "t", b"over TLS")])
    with factory(role(env, auth, "reader")) as f:
        events = f.application_recorder().select_events(a)

    assert ids == [1]
    assert [e.state for e in events] == [b"over TLS"]


def test_given_a_ca_that_did_not_sign_the_server_when_connecting_then_refused_clearly(
    tls_server, tmp_path
) -> None:
    env, auth = tls_server
    other = tmp_path / "other"
    other.mkdir()
    stranger = NatsAuth("writer", (auth / "writer.password").read_text().strip(),
                        tls_ca=str(certificates(other, "stranger")))  # fmt: skip

    with pytest.raises(EventStoreUnavailable, match="TLS with the NATS server failed"):
        Transport([env["NATS_URL"]], name="test", timeout=2, auth=stranger)


def test_given_a_server_requiring_tls_when_no_ca_is_set_then_a_clear_error_not_a_hang(
    tls_server,
) -> None:
    env, auth = tls_server
    env = {**role(env, auth, "writer"), "NATS_TIMEOUT": "1"}
    del env["NATS_TLS_CA"]

    with pytest.raises(EventStoreUnavailable, match="set NATS_TLS_CA"), factory(env) as f:
        f.application_recorder()
