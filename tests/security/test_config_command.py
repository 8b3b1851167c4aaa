"""`assembly security config OUTDIR`: owner-only files, secrets never printed unless asked."""

from __future__ import annotations

import json
import stat
import subprocess

from services.adapters.embedded import binary
from services.adapters.security.roles import ROLES
from services.entrypoints.cli.main import run


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_given_a_folder_when_config_is_written_then_every_file_is_owner_only(
    tmp_path, capsys
) -> None:
    out = tmp_path / "auth"

    code = run(["--json", "security", "config", str(out)])

    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert sorted(report["created"]) == sorted([*ROLES, "route"])
    assert mode(out) == 0o700
    assert {p.name for p in out.iterdir()} == {
        *(f"{r}.password" for r in (*ROLES, "route")),
        "users.conf",
        "routes.conf",
    }
    assert all(mode(p) == 0o600 for p in out.iterdir())


def test_given_no_show_secrets_when_config_is_written_then_no_password_is_printed(
    tmp_path, capsys
) -> None:
    out = tmp_path / "auth"

    assert run(["security", "config", str(out)]) == 0
    assert run(["--json", "security", "config", str(out)]) == 0

    printed = capsys.readouterr()
    for role in (*ROLES, "route"):
        secret = (out / f"{role}.password").read_text().strip()
        assert len(secret) >= 40
        assert secret not in printed.out and secret not in printed.err


def test_given_show_secrets_when_config_is_written_then_the_passwords_are_printed(
    tmp_path, capsys
) -> None:
    out = tmp_path / "auth"

    assert run(["--json", "security", "config", str(out), "--show-secrets"]) == 0

    roles = json.loads(capsys.readouterr().out)["roles"]
    assert roles["writer"]["password"] == (out / "writer.password").read_text().strip()


def test_given_existing_passwords_when_run_again_then_kept_unless_rotated(tmp_path) -> None:
    out = tmp_path / "auth"
    assert run(["security", "config", str(out)]) == 0
    first = (out / "reader.password").read_text()

    assert run(["security", "config", str(out)]) == 0
    kept = (out / "reader.password").read_text()
    assert run(["security", "config", str(out), "--rotate"]) == 0

    assert kept == first
    assert (out / "reader.password").read_text() != first


def test_given_the_written_files_when_nats_server_checks_them_then_valid(tmp_path) -> None:
    out = tmp_path / "auth"
    assert run(["security", "config", str(out), "--route", "127.0.0.1:6222"]) == 0
    conf = tmp_path / "node.conf"
    conf.write_text(
        'server_name: n1\njetstream { store_dir: "store" }\n'
        'cluster {\n  name: c\n  port: 6222\n  include "auth/routes.conf"\n}\n'
        'include "auth/users.conf"\n'
    )

    result = subprocess.run(
        [binary(), "-t", "-c", str(conf)], check=False, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr


def test_given_a_bad_route_when_config_is_written_then_bad_input_and_nothing_written(
    tmp_path, capsys
) -> None:
    out = tmp_path / "auth"

    code = run(["security", "config", str(out), "--route", "nats://user:pw@nats1"])

    assert code == 2
    assert "give host:port" in capsys.readouterr().err
    assert not out.exists()


def test_given_a_weak_password_open_to_others_when_config_runs_again_then_it_is_replaced_and_said(
    tmp_path, capsys
) -> None:
    """What the landed main kept, silently: a 3-character password in a world-readable file."""
    out = tmp_path / "auth"
    assert run(["security", "config", str(out)]) == 0
    kept = (out / "writer.password").read_text()
    weak = out / "reader.password"
    weak.write_text("abc\n")
    weak.chmod(0o600)
    (out / "auditor.password").chmod(0o644)
    capsys.readouterr()

    assert run(["--json", "security", "config", str(out)]) == 0

    printed = capsys.readouterr()
    report = json.loads(printed.out)
    assert sorted(report["replaced"]) == ["auditor", "reader"]
    assert "replaced the reader password: reader.password held a weak password (3" in printed.err
    assert "replaced the auditor password: auditor.password was open to others" in printed.err
    assert len(weak.read_text().strip()) >= 43 and mode(weak) == 0o600
    assert mode(out / "auditor.password") == 0o600
    assert (out / "writer.password").read_text() == kept
    assert "abc" not in (out / "users.conf").read_text()


def test_given_a_users_file_open_to_others_when_config_runs_again_then_every_password_changes(
    tmp_path, capsys
) -> None:
    out = tmp_path / "auth"
    assert run(["security", "config", str(out)]) == 0
    before = {r: (out / f"{r}.password").read_text() for r in ROLES}
    (out / "users.conf").chmod(0o644)
    capsys.readouterr()

    assert run(["--json", "security", "config", str(out)]) == 0

    assert set(json.loads(capsys.readouterr().out)["replaced"]) == {*ROLES, "route"}
    assert all((out / f"{r}.password").read_text() != before[r] for r in ROLES)
    assert mode(out / "users.conf") == 0o600
