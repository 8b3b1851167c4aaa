"""Subscribers run as the reader role `assembly security config` writes: they can read,
keep a durable position and notify."""

from __future__ import annotations

import json

from services.entrypoints.cli.main import run
from tests.cli.paris import CONVENE
from tests.security.conftest import as_role, secured, stream_ready

__all__ = ["as_role", "secured", "stream_ready"]


def test_given_the_reader_role_when_subscribing_and_notifying_then_it_can(
    stream_ready, as_role, tmp_path, capsys
) -> None:
    as_role("writer")
    assert run(["--json", *CONVENE]) == 0
    assembly = json.loads(capsys.readouterr().out)["assembly_id"]
    as_role("reader")

    tailed = run(["--json", "subscribe", "--durable", "website", "--until-caught-up"])
    notified = run(["notifier", "run", "--outbox", str(tmp_path / "n.sqlite"), "--until-caught-up"])

    [line] = [json.loads(x) for x in capsys.readouterr().out.splitlines() if '"position"' in x]
    assert (tailed, notified) == (0, 0)
    assert (line["aggregate"], line["type"]) == (assembly, "assembly.assembly_convened.v2")
