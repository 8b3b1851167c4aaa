"""Every act of the CLI, given arbitrary arguments: a clean refusal or a recorded act."""

from __future__ import annotations

import uuid

import click
from hypothesis import event, given
from hypothesis import strategies as st

from services.entrypoints.cli.main import cli as root
from tests.fuzz.refusals import FUZZ, check

ACTS = [
    ("convene",),
    ("open-phase",),
    *(("member", c) for c in ("accept", "decline", "seat", "withdraw", "remove", "replace")),
    ("member", "join-group"),
    *(("session", c) for c in ("schedule", "open", "expert", "attend", "close", "minutes")),
    *(("ballot", c) for c in ("open", "vote", "close")),
    *(
        ("recommendation", c)
        for c in ("draft", "amend", "submit", "respond", "present", "council", "report")
    ),
    ("correct",),
    ("annul",),
]
ODD = [
    "", " ", "-", "--", "=", "\x00", "\t", "é" * 3, "ele-000", "ele-001=", "=present",
    "ele-001=present", "ele-002=in-favour", "ele-003=against", "ele-001=abstain", "ele-099",
    "res-001", "nobody", "-1", "0", "1", "2", "100", "99999999999999999999", "1e9", "NaN",
    "0.5", "1.5", "1,1,0", "3,0,0", "a,b,c", "2026-02-07", "2026-02-30", "2026-02-07T10:00",
    "2026-02-07T10:00:00+01:00", "1900-01-01", "9999-12-31T23:59:59+14:00", "yesterday",
    "https://paris.fr/pv.pdf", "environment", "public space", "discovery", "recommendations",
    str(uuid.UUID(int=0)), "not-a-uuid",
]  # fmt: skip


def _command(path: tuple[str, ...]) -> click.Command:
    command: click.Command = root
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


def _vocabulary(path: tuple[str, ...]) -> list[str]:
    """The command's own option names and choices: the fuzzer speaks its language."""
    words: set[str] = {"--help", "--as", "--at", "--assembly"}
    for param in _command(path).params:
        if isinstance(param, click.Option):
            words |= {*param.opts, *param.secondary_opts}
        if isinstance(param.type, click.Choice):
            words |= {str(c) for c in param.type.choices}
    return sorted(words - {"--debug"})


@FUZZ
@given(data=st.data())
def test_given_any_arguments_when_an_act_runs_then_a_clean_outcome(world, data) -> None:
    path = data.draw(st.sampled_from(ACTS), label="act")
    ids = [world.assembly, world.bare_assembly, world.session, world.ballot, str(world.home)]
    word = st.one_of(
        st.sampled_from(_vocabulary(path)),
        st.sampled_from(ODD + ids),
        st.text(max_size=12),
    )
    json_mode = data.draw(st.booleans(), label="--json")
    args = data.draw(st.lists(word, max_size=8), label="args")

    outcome = check(world, [*(["--json"] if json_mode else []), *path, *args])
    event(f"exit {outcome.code}")


def _well_formed(world) -> dict[tuple[str, ...], list[str]]:
    """An act that could be recorded, per command: the fuzzer bends one of them a little."""
    s, b = world.session, world.ballot
    return {
        ("member", "accept"): ["ele-005"],
        ("member", "decline"): ["ele-006", "--reason", "moving away"],
        ("member", "seat"): ["ele-004", "ele-005"],
        ("member", "withdraw"): ["ele-003", "--reason", "new job"],
        ("member", "remove"): ["ele-002", "--reason", "absent thrice"],
        ("member", "replace"): ["ele-003"],
        ("member", "join-group"): ["ele-000", "environment"],
        ("session", "open"): [s],
        ("session", "attend"): [s, "ele-000=present", "ele-001=excused"],
        ("session", "expert"): [s, "--name", "A", "--affiliation", "B", "--topic", "C"],
        ("session", "close"): [s],
        ("ballot", "vote"): [b, "ele-000=in-favour", "ele-001=against"],
        ("ballot", "close"): [b, "--count", "1,1,0"],
        ("ballot", "open"): ["--session", s, "--motion", "mandate", "--text", "t", "--secret"],
        ("open-phase",): ["recommendations"],
        ("correct",): ["3", "--field", "at", "--value", "2026-02-07", "--reason", "typo"],
        ("annul",): ["3", "--reason", "in error"],
    }


@FUZZ
@given(data=st.data())
def test_given_a_well_formed_act_bent_a_little_when_run_then_a_clean_outcome(world, data) -> None:
    templates = _well_formed(world)
    path = data.draw(st.sampled_from(sorted(templates)), label="act")
    args = list(templates[path])
    word = st.one_of(st.sampled_from(ODD + _vocabulary(path)), st.text(max_size=8))
    for _ in range(data.draw(st.integers(0, 2), label="changes")):
        at = data.draw(st.integers(0, len(args)), label="at")
        how = data.draw(st.sampled_from(["replace", "insert", "drop"]), label="how")
        if how == "insert" or not args or at == len(args):
            args.insert(at, data.draw(word, label="word"))
        elif how == "replace":
            args[at] = data.draw(word, label="word")
        else:
            del args[at]

    outcome = check(world, [*path, *args])
    event(f"exit {outcome.code}")
