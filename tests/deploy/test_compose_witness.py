"""Compose runs one witness beside the cluster, and the checkpointer sends it checkpoints."""

from __future__ import annotations

from pathlib import PurePosixPath

import yaml

from core.note import COSIGNATURE_V1, Signer
from services.application.witness.client import parse_witnesses
from tests.deploy.test_compose import COMPOSE, argv, cli_path, command_line


def test_a_witness_runs_beside_the_cluster_with_its_own_key_and_volume() -> None:
    document = yaml.safe_load(COMPOSE.read_text())
    service = document["services"]["witness"]
    secrets = document["secrets"]

    assert cli_path(command_line(service)[1:]) == ["assembly", "witness", "serve"]
    args = argv(service["command"])
    assert args[args.index("--state") + 1].startswith("/data/")
    assert any(v.endswith(":/data") for v in service["volumes"])
    assert "NATS_URL" not in service["environment"]  # it knows the log by its key alone
    assert service["environment"]["ASSEMBLY_WITNESS_KEY"] == "/run/secrets/witness-key"
    log_vkey = PurePosixPath(args[args.index("--log") + 1])
    assert log_vkey.name in service["secrets"]
    assert secrets["witness-key"]["file"] == "./deploy/keys/witness.key"
    assert secrets[log_vkey.name]["file"] == "./deploy/keys/log.vkey"


def test_the_checkpointer_sends_its_checkpoints_to_that_witness(tmp_path) -> None:
    document = yaml.safe_load(COMPOSE.read_text())
    checkpointer = document["services"]["checkpointer"]
    url, vkey_file = checkpointer["environment"]["ASSEMBLY_WITNESSES"].split()
    assert url == "http://witness:8080"
    assert PurePosixPath(vkey_file).name in checkpointer["secrets"]
    assert document["secrets"]["witness-vkey"]["file"] == "./deploy/keys/witness.vkey"
    assert checkpointer["depends_on"]["witness"]["condition"] == "service_started"
    # the setting parses as the checkpointer reads it, the key read from its file
    verifier = Signer.from_seed("witness.test/w1", b"\x03" * 32, COSIGNATURE_V1).verifier
    (tmp_path / "witness-vkey").write_text(verifier.vkey + "\n")

    [w] = parse_witnesses(f"{url} {tmp_path / 'witness-vkey'}")

    assert (w.url, w.verifier) == (url, verifier)
