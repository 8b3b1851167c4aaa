"""The log key: written owner-only, refused when others may read it, shown by its public half."""

from __future__ import annotations

import stat

import pytest

from services.application.audit.keys import KeyFileError, create_key, load_key
from services.entrypoints.cli.main import run
from tests.cli.record import last_json


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSEMBLY_HOME", str(tmp_path))
    monkeypatch.delenv("ASSEMBLY_LOG_KEY", raising=False)
    return tmp_path


def test_given_no_key_when_init_then_written_owner_only_and_shown(home, capsys) -> None:
    assert run(["--json", "keys", "init"]) == 0
    created = last_json(capsys)

    assert stat.S_IMODE((home / "log.key").stat().st_mode) == 0o600
    assert run(["--json", "keys", "show"]) == 0
    assert last_json(capsys)["public_key"] == created["public_key"]
    assert len(created["key_id"]) == 8 and len(created["legacy_key_id"]) == 16
    name, key_id, _ = created["vkey"].split("+", 2)
    assert name == created["key_name"] == "assembly-record/ASSEMBLY" and key_id == created["key_id"]


def test_given_a_key_when_init_again_then_refused_and_kept(home, capsys) -> None:
    key = create_key(home / "log.key")

    assert run(["keys", "init"]) == 2

    assert "already exists" in capsys.readouterr().err
    assert load_key(home / "log.key").public == key.public


def test_given_a_key_readable_by_others_when_used_then_refused_with_the_chmod(home, capsys) -> None:
    path = home / "log.key"
    create_key(path)
    path.chmod(0o644)

    code = run(["checkpoint"])

    err = capsys.readouterr().err
    assert code == 2
    assert f"chmod 600 {path}" in err
    assert "Traceback" not in err
    with pytest.raises(KeyFileError, match="readable by group or others"):
        load_key(path)


def test_given_no_key_when_show_then_says_how_to_make_one(home, capsys) -> None:
    assert run(["keys", "show"]) == 2

    assert "assembly keys init" in capsys.readouterr().err


def test_given_a_key_when_shown_as_text_then_stdout_is_the_vkey_alone(home, capsys) -> None:
    assert run(["--json", "keys", "init"]) == 0
    vkey = last_json(capsys)["vkey"]

    assert run(["keys", "show"]) == 0
    out = capsys.readouterr()

    assert out.out == vkey + "\n"  # `--trust "$(assembly keys show)"` pins it as printed
    assert "log key" in out.err
