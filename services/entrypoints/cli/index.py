# ruff: noqa: E501 - one line a command, as click prints it
"""What `assembly --help` lists, one line a command, so that the help imports no command: each
imports what its work needs (NATS, SQLAlchemy, numpy...), most of a second for all of them.

Written by ``python -m services.entrypoints.cli.index`` from the commands themselves;
tests/cli/test_help_index.py fails when a command's help and its line here differ.
"""

from __future__ import annotations

import json
import sys

SHORT_HELP: dict[str, str] = {
    # BEGIN (written by python -m services.entrypoints.cli.index)
    "annul": "Annul the fact at a log position, recorded in error, with a reason: a new fact, the old one stays on the log and no longer counts, so the right act can be recorded.",
    "audit": "Verify the whole record, trace a recommendation back to the draw, prove one fact.",
    "ballot": "Put motions to the vote: amendments, recommendations, mandates.",
    "checkpoint": "Sign the RFC 9162 Merkle root of the whole log with the log key, as a C2SP tlog-checkpoint signed note; record it as an event on <prefix>.checkpoints and append it to --out.",
    "convene": "Convene a new assembly (a new cohort) for its term; prints its id.",
    "correct": "Correct one field of the fact at a log position, with a reason: a new fact, the old one stays on the log.",
    "draw": "The draw by lot: commit, reveal, verify, report.",
    "export": "Export the record for others to reuse.",
    "keys": "Manage the log key (Ed25519) that signs checkpoints.",
    "log": "Read the immutable event log.",
    "member": "Record what the panel's members do: accept, take their seat, leave, are replaced.",
    "notifier": "Tell seated members about their sessions (an example downstream service).",
    "open-phase": "Open the next phase of an assembly (discovery, then recommendations).",
    "panel": "Receive the panel drawn by lot.",
    "pool": "The pool of volunteers: import, erase, synthesise, commit.",
    "portal": "The public web record: every page in French and English, and its JSON API.",
    "projections": "Keep the read models (roster, composition, ballots, ...) in step with the log.",
    "recommendation": "Draft and amend recommendations, then follow them to the executive and the Council.",
    "schema": "The contracts: the events' AsyncAPI document and JSON Schemas, the portal's OpenAPI.",
    "security": "Access control on NATS: roles and their credentials.",
    "server": "Manage the embedded nats-server and the event stream.",
    "session": "Record the assembly's sessions: plenaries and working groups, who came, the minutes.",
    "show": "Read the assembly from its read models (which `assembly projections run` keeps current).",
    "status": "Show the charter, phase, members, sessions, ballots, recommendations and submissions, with the executive's answers overdue.",
    "subscribe": "Tail the event log, in order, as typed events: one line each (--json: JSON lines).",
    "training": "Record the members' training (public speaking, deciphering current events) and who came.",
    "witness": "Witness a log: cosign only checkpoints consistent with those cosigned before.",
    # END
}
"""Each command's short help, untruncated (click shortens it to the terminal's width)."""


def current() -> dict[str, str]:
    """Each command's short help as the commands give it now (every command imported)."""
    from services.entrypoints.cli.main import cli  # noqa: PLC0415 - the whole program

    return {
        name: command.get_short_help_str(10_000)
        for name, command in sorted(cli.commands.items())
        if not command.hidden
    }


def written() -> str:
    """This module's source with SHORT_HELP as the commands give it now."""
    lines = [
        f"    {json.dumps(name)}: {json.dumps(text, ensure_ascii=False)},\n"
        for name, text in current().items()
    ]
    with open(__file__, encoding="utf-8") as f:
        source = f.read()
    head, rest = source.split("    # BEGIN", 1)
    _, tail = rest.split("    # END", 1)
    begin = "    # BEGIN (written by python -m services.entrypoints.cli.index)\n"
    return head + begin + "".join(lines) + "    # END" + tail


if __name__ == "__main__":
    text = written()
    with open(__file__, "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(f"{__file__}: the short help of {len(current())} commands\n")
