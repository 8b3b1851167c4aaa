"""The witness's key is its own, owner-only, never replaced; its verifier key is public."""

from __future__ import annotations

import json
import stat

from core.note import COSIGNATURE_V1, ED25519, Signer, Verifier
from services.entrypoints.cli.main import run


def test_given_no_key_when_init_then_an_owner_only_key_and_its_vkey_beside_it(
    monkeypatch, capsys, tmp_path
):
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path))

    assert run(["--json", "witness", "init", "--name", "opposition.paris/w1"]) == 0

    made = json.loads(capsys.readouterr().out)
    verifier = Verifier.from_vkey(made["vkey"])
    assert (verifier.name, verifier.signature_type) == ("opposition.paris/w1", COSIGNATURE_V1)
    assert stat.S_IMODE((tmp_path / "witness.key").stat().st_mode) == 0o600
    assert (tmp_path / "witness.vkey").read_text().strip() == made["vkey"]
    assert run(["--json", "witness", "key"]) == 0
    assert json.loads(capsys.readouterr().out)["vkey"] == made["vkey"]


def test_given_a_key_when_init_again_or_exposed_then_refused_in_one_sentence(
    monkeypatch, capsys, tmp_path
):
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path))
    assert run(["witness", "init", "--name", "opposition.paris/w1"]) == 0
    capsys.readouterr()

    again = run(["witness", "init", "--name", "opposition.paris/w1"])
    replaced = capsys.readouterr().err
    (tmp_path / "witness.key").chmod(0o644)
    log = Signer.from_seed("assembly-record/ASSEMBLY", b"\x01" * 32, ED25519).verifier.vkey
    exposed = run(["witness", "serve", "--log", log])
    why = capsys.readouterr().err

    assert again == 2 and "never replaced silently" in replaced
    assert exposed == 2
    assert "readable by group or others" in why and "chmod 600" in why


def test_given_a_name_with_a_space_when_init_then_bad_input(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path))

    assert run(["witness", "init", "--name", "opposition paris"]) == 2
    assert "cannot name a witness" in capsys.readouterr().err
    assert not (tmp_path / "witness.key").exists()
