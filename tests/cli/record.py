"""What a CLI test reads back: the last JSON line printed, and the log as stored."""

from __future__ import annotations

import json
from typing import Any

from tests.support.store import factory


def last_json(capsys: Any) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    return out


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
