"""One recorded assembly for a whole fuzz module, and the CLI run against it with its output kept.

Hypothesis runs many examples per test, so the givens are built once per module:
the Paris assembly seated, a plenary open with an open ballot and a draft
recommendation, and a second assembly convened with no panel yet. Each example
reads the log's last position before and after the command.
"""

from __future__ import annotations

import contextlib
import io
import json
import shlex
from dataclasses import dataclass
from pathlib import Path

from services.adapters.eventstore import JetStreamFactory
from services.entrypoints.cli.main import run
from tests.cli.paris import AT, CONVENE, PANEL, PLENARY, SEATED


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


def cli(argv: list[str]) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(argv)
    return Outcome(code, out.getvalue(), err.getvalue())


def _acted(line: str, *args: str) -> dict[str, object]:
    done = cli(["--json", *shlex.split(line), *args, "--at", AT])
    assert done.code == 0, done.err
    result: dict[str, object] = json.loads(done.out.strip().splitlines()[-1])
    return result


@dataclass
class World:
    env: dict[str, str]
    home: Path
    factory: JetStreamFactory
    assembly: str = ""
    bare_assembly: str = ""
    session: str = ""
    ballot: str = ""
    recommendation: str = ""

    def last(self) -> int:
        """The log's last position: a refused command must leave it where it was."""
        return self.factory.application_recorder().max_notification_id() or 0

    def build(self) -> World:
        self.assembly = str(_acted(*CONVENE[:1], *CONVENE[1:-2])["assembly_id"])
        self.bare_assembly = str(_acted(*CONVENE[:1], *CONVENE[1:-2])["assembly_id"])
        own = ["--assembly", self.assembly]
        _acted("panel receive", str(PANEL), *own)
        for member in SEATED:
            _acted("member accept", member, *own)
        _acted("member seat", *SEATED, *own)
        _acted("open-phase discovery", *own)
        self.session = str(_acted("session", *PLENARY, *own)["session_id"])
        _acted("session open", self.session, *own)
        _acted("session attend", self.session, *(f"{m}=present" for m in SEATED), *own)
        self.ballot = str(
            _acted(
                "ballot open --motion mandate --text 'Invite the mayor' --roll-call",
                "--session",
                self.session,
                *own,
            )["ballot_id"]
        )
        return self
