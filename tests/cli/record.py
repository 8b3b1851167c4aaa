"""What a CLI test reads back: the last JSON line printed, and the log as stored; and an act
that must succeed, to build the givens."""

from __future__ import annotations

import json
import shlex
from typing import Any

from services.entrypoints.cli.main import run
from tests.cli.paris import AT
from tests.support.store import factory


def last_json(capsys: Any) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    return out


def acted(capsys: Any, line: str, *args: str, at: str = AT) -> dict[str, Any]:
    """Run an act that must succeed: its command line as typed, then any further arguments."""
    code = run(["--json", *shlex.split(line), *args, "--at", at])
    assert code == 0, capsys.readouterr().err
    return last_json(capsys)


def events(env: dict[str, str]) -> int:
    """The last log position: unchanged after a refused command."""
    with factory(env) as f:
        return f.application_recorder().max_notification_id() or 0


def stored(env: dict[str, str], position: int) -> dict[str, Any]:
    """The payload of the event at a log position, decoded from the bytes JetStream holds."""
    with factory(env) as f:
        [notification] = f.application_recorder().select_notifications(position, 1)
        payload: dict[str, Any] = json.loads(notification.state)
        return payload
