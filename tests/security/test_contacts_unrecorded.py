"""A look-up of contacts that cannot be recorded shows nothing: here the reader role, which the
NATS permissions let read the assembly but never append to it, asks for the invitation list."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from services.adapters import registry
from services.config import Settings
from services.entrypoints.cli.main import run
from tests.cli.test_contacts import LOOK_UP, draw_a_panel


def test_given_a_role_that_may_not_append_when_it_looks_up_contacts_then_nothing_is_shown(
    stream_ready, as_role, monkeypatch: pytest.MonkeyPatch, tmp_path, capsys
) -> None:
    as_role("writer")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REGISTRY_DATABASE_URL", raising=False)
    draw_a_panel(tmp_path, capsys, monkeypatch)
    with registry.open_from_settings(Settings.from_env())() as session:
        names = [p.last_name for p in session.scalars(select(registry.RespondentRow))]
    csv_file = tmp_path / "invitations.csv"
    monkeypatch.setenv("NATS_USER", "reader")
    monkeypatch.setenv("NATS_PASSWORD_FILE", str(stream_ready.auth / "reader.password"))

    code = run([*LOOK_UP, "--csv", str(csv_file)])

    captured = capsys.readouterr()
    assert code == 2
    assert "NATS refused NATS user 'reader'" in captured.err
    assert captured.out == ""
    assert not csv_file.exists()
    assert not any(name in captured.err for name in names)
