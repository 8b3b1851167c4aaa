# ruff: noqa: E501 - one line a command, as click prints it
"""What `assembly --help` lists, so that the help imports no command: each imports what its work
needs (NATS, SQLAlchemy, numpy...), most of a second for all of them. Each command's help is
kept whole, as the command has it, so that the list says what the command would (its first
sentence, shortened to the terminal's width; translated where the help is).

Written by ``python -m services.entrypoints.cli.write_index`` from the commands themselves;
tests/cli/test_help_index.py fails when a command's help and its entry here differ.
"""

from __future__ import annotations

HELP: dict[str, str] = {
    # BEGIN (written by python -m services.entrypoints.cli.write_index)
    "annul": 'Annul the fact at a log position, recorded in error, with a reason: a new fact, the old\n    one stays on the log and no longer counts, so the right act can be recorded. Refused if a\n    later fact depends on it (an annulled session would leave its attendance with no session).\n\n    \b\n    Example:\n      assembly annul 310 --reason "the answer was recorded before it was given"\n    ',
    "audit": "Verify the whole record, trace a recommendation back to the draw, prove one fact.",
    "ballot": "Put motions to the vote: amendments, recommendations, mandates.",
    "checkpoint": 'Sign the RFC 9162 Merkle root of the whole log with the log key, as a C2SP\n    tlog-checkpoint signed note; record it as an event on <prefix>.checkpoints and append it\n    to --out.\n\n    \b\n    Example:\n      assembly checkpoint --out checkpoints.txt\n      assembly checkpoint --every 60 --out /data/checkpoints.txt\n      assembly checkpoint --witnesses "https://witness.example/ witness.example/w1+…"\n    ',
    "convene": 'Convene a new assembly (a new cohort) for its term; prints its id.\n\n    \b\n    Example:\n      assembly convene --name "Assemblée citoyenne de Paris" --cohort 2026 \\\n          --term-start 2026-01-15 --term-end 2027-01-14 --as clerk:greffe \\\n          --subpool electoral-rolls=80 --subpool non-eu-residents=15 --subpool minors=5 \\\n          --teller dupont --teller martin\n      export ASSEMBLY_ID=<the id printed>\n      assembly convene --from-cohort $ASSEMBLY_ID --cohort 2027 \\\n          --term-start 2027-01-15 --term-end 2028-01-14\n    ',
    "correct": 'Correct one field of the fact at a log position, with a reason: a new fact, the old one\n    stays on the log. Refused if a later fact depends on the old value (correct that first).\n\n    The facts and fields that may be corrected are listed below; the draw, the panel, reserve\n    calls, ballots, votes and tallies never are. A time is given as --at is (stored in UTC).\n\n    \b\n    Example:\n      assembly correct 212 --field reference --value "2026 V. 212" \\\n          --reason "the deliberation number was left empty"\n      assembly correct 48 --field at --value 2026-02-03T10:00+01:00 \\\n          --reason "accepted on the 3rd, typed as the 2nd"\n    ',
    "draw": "The draw by lot: commit, reveal, verify, report.",
    "export": "Export the record for others to reuse.",
    "keys": "Manage the log key (Ed25519) that signs checkpoints.",
    "log": "Read the immutable event log.",
    "member": "Record what the panel's members do: accept, take their seat, leave, are replaced.",
    "notifier": "Tell seated members about their sessions (an example downstream service).",
    "open-phase": "Open the next phase of an assembly (discovery, then recommendations).\n\n    \b\n    Example:\n      assembly open-phase discovery --as clerk:greffe --at 2026-02-07T10:00:00+01:00\n    ",
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
    "status": "Show the charter, phase, members, sessions, ballots, recommendations and submissions,\n    with the executive's answers overdue.\n\n    \b\n    Example:\n      assembly status\n      assembly --json status --on 2026-12-01 | jq .overdue\n    ",
    "subscribe": "Tail the event log, in order, as typed events: one line each (--json: JSON lines).\n\n    Stops cleanly on Ctrl-C or SIGTERM, after the event in hand.\n\n    \b\n    Example:\n      assembly --json subscribe --from 1 --type session_scheduled --until-caught-up\n    ",
    "training": "Record the members' training (public speaking, deciphering current events) and who came.",
    "witness": "Witness a log: cosign only checkpoints consistent with those cosigned before.",
    # END
}
"""Each command's help, as its docstring gives it."""
