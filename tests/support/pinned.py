"""A checkpointed stream and an auditor who pinned its key: what `audit verify` needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.application.audit.checkpointer import Checkpointer, open_stream
from services.application.audit.checkpoints import origin_of
from services.application.audit.keys import LogKey, create_key, load_key
from services.config import Settings


def checkpointed(
    env: dict[str, str], home: Path, monkeypatch: pytest.MonkeyPatch | None = None
) -> LogKey:
    """Sign a checkpoint of the stream with the key in ``home`` (made if missing); with
    ``monkeypatch``, the auditor pins that key (ASSEMBLY_TRUST)."""
    settings = Settings.from_env({**env, "ASSEMBLY_HOME": str(home)})
    path = home / "log.key"
    key = load_key(path) if path.exists() else create_key(path)
    conn, js = open_stream(settings, lambda _: None)
    try:
        Checkpointer(js, key).checkpoint()
    finally:
        conn.close()
    if monkeypatch is not None:
        monkeypatch.setenv("ASSEMBLY_TRUST", vkey_of(key, settings))
    return key


def vkey_of(key: LogKey, settings: Settings) -> str:
    return key.vkey(origin_of(settings.stream))


def checkpointed_by_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    """Through the commands, as the operator would: a log key (if none yet), a checkpoint,
    and the auditor pinning the vkey `keys show` prints (ASSEMBLY_TRUST); the vkey."""
    import json  # noqa: PLC0415

    from services.entrypoints.cli.main import run  # noqa: PLC0415

    run(["--json", "keys", "init"])  # refused when there is one: fine
    assert run(["--json", "checkpoint"]) == 0, capsys.readouterr()
    capsys.readouterr()
    assert run(["--json", "keys", "show"]) == 0
    vkey = str(json.loads(capsys.readouterr().out.strip().splitlines()[-1])["vkey"])
    monkeypatch.setenv("ASSEMBLY_TRUST", vkey)
    return vkey
