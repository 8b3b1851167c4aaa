"""Junk and personal data never go in: each refusal is one sentence, exit 1, nothing recorded;
a decomposed accent is recorded in NFC."""

from __future__ import annotations

import msgspec
import pytest

from services.entrypoints.cli.main import run
from tests.cli.paris import AT
from tests.cli.record import acted, events
from tests.support.store import factory


def _refused(cli_env, capsys, argv: list[str]) -> str:
    before = events(cli_env)

    code = run([*argv, "--at", AT])

    err = capsys.readouterr().err
    assert code == 1, err
    assert events(cli_env) == before
    assert "Traceback" not in err and err.count("\n") == 1
    return err


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Claire Durand, claire.durand@example.org", "looks like an e-mail address"),
        ("Claire Durand 06 12 34 56 78", "looks like a phone number"),
        ("", "the expert name is empty"),
        ("x" * 120_000, "120,000 characters, over its limit of 120"),
        ("Claire\x00Durand", "control character U+0000"),
    ],
)
def test_given_an_expert_named_with_junk_or_a_contact_when_heard_then_refused(
    in_session, cli_env, capsys, name: str, said: str
) -> None:
    argv = ["session", "expert", in_session, "--name", name, "--affiliation", "Sciences Po"]

    err = _refused(cli_env, capsys, [*argv, "--topic", "heat"])

    assert said in err


def test_given_an_expert_named_with_a_title_when_heard_then_recorded(in_session, capsys) -> None:
    acted(
        capsys, "session expert", in_session, "--name", "Mme Claire Durand",
        "--affiliation", "Météo-France", "--topic", "heat",
    )  # fmt: skip


def test_given_a_reason_naming_a_person_when_withdrawing_then_refused_with_what_to_do(
    seated, cli_env, capsys
) -> None:
    argv = ["member", "withdraw", "ele-000", "--reason", "M. Dupont, né le 12/03/1987"]

    err = _refused(cli_env, capsys, argv)

    assert "refer to the person by their role or pseudonym" in err


def test_given_a_decomposed_accent_when_scheduled_then_recorded_in_nfc(
    seated, cli_env, capsys
) -> None:
    title = "Se\u0301ance d'ouverture"

    acted(
        capsys, "session schedule --kind plenary --starts-at 2026-02-07T10:00:00+01:00",
        "--title", title, "--agenda", "Accueil",
    )  # fmt: skip

    with factory(cli_env) as f:
        last = f.application_recorder().select_notifications(1, 1_000)[-1]
    assert msgspec.json.decode(last.state)["title"] == "S\u00e9ance d'ouverture"
