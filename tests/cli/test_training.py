"""``assembly training ...``: a training scheduled, its attendance taken; shown in `member list`
and `show attendance`; a refusal records nothing."""

from __future__ import annotations

import json

from services.entrypoints.cli.main import run
from tests.cli.paris import AT
from tests.cli.record import acted, events, last_json

STARTS = "2026-02-14T10:00:00+01:00"
SPEAKING = [
    "training",
    "schedule",
    "--topic",
    "public speaking",
    "--trainer",
    "Mme C. Lemoine, Cours Florent",
    "--starts-at",
    STARTS,
]


def test_given_seated_members_when_trained_then_member_list_attendance_and_open_data_show_it(
    seated, tmp_path, capsys
) -> None:
    training_id = str(acted(capsys, *SPEAKING)["training_id"])

    attended = acted(
        capsys, f"training attend {training_id} ele-000=present ele-001=excused", at=STARTS
    )

    assert (attended["present"], attended["excused"], attended["absent"]) == (1, 1, 0)
    run(["--json", "member", "list"])
    listed = {m["pseudonym"]: m["trainings_attended"] for m in last_json(capsys)["members"]}
    assert (listed["ele-000"], listed["ele-001"]) == (1, 0)
    assert run(["--json", "show", "attendance"]) == 0
    shown = {m["member"]: m["trainings"] for m in last_json(capsys)["members"]}
    assert shown == {"ele-000": 1, "ele-001": 0}
    assert run(["--json", "show", "attendance", "--trainings"]) == 0
    [training] = last_json(capsys)["trainings"]
    assert (training["topic"], training["present"], training["excused"]) == (
        "public speaking",
        1,
        1,
    )
    assert run(["--json", "export", "open-data", str(tmp_path / "open")]) == 0
    published = json.loads((tmp_path / "open" / "trainings.json").read_text(encoding="utf-8"))
    assert [(t["topic"], t["trainer"], t["present"]) for t in published] == [
        ("public speaking", "Mme C. Lemoine, Cours Florent", 1)
    ]
    assert "ele-000" not in json.dumps(published)


def test_given_schedule_when_run_then_it_prints_the_training_id(seated, capsys) -> None:
    code = run([*SPEAKING, "--at", AT])

    out = capsys.readouterr().out
    assert code == 0
    assert "scheduled the training on 'public speaking' by Mme C. Lemoine, Cours Florent" in out
    assert " as " in out and "(log position " in out


def test_given_an_invitee_among_several_when_attending_then_exit_1_and_none_is_recorded(
    seated, cli_env, capsys
) -> None:
    training_id = str(acted(capsys, *SPEAKING)["training_id"])
    before = events(cli_env)

    code = run(["training", "attend", training_id, "ele-000=present", "ele-050=present"])

    assert code == 1
    assert "ele-050 cannot attend the training on 'public speaking'" in capsys.readouterr().err
    assert events(cli_env) == before


def test_given_attendance_dated_before_the_start_when_attending_then_exit_1_as_json(
    seated, cli_env, capsys
) -> None:
    training_id = str(acted(capsys, *SPEAKING)["training_id"])
    before = events(cli_env)

    code = run(["--json", "training", "attend", training_id, "ele-000=present", "--at", AT])

    assert code == 1
    refusal = last_json(capsys)
    assert "the training on 'public speaking' starts at 2026-02-14T09:00:00Z" in str(refusal)
    assert events(cli_env) == before


def test_given_an_unknown_presence_when_attending_then_exit_2(seated, cli_env, capsys) -> None:
    training_id = str(acted(capsys, *SPEAKING)["training_id"])
    before = events(cli_env)

    code = run(["training", "attend", training_id, "ele-000=here", "--at", STARTS])

    assert code == 2
    assert "'ele-000=here' is not MEMBER=present|excused|absent" in capsys.readouterr().err
    assert events(cli_env) == before


def test_given_the_help_then_it_gives_an_example(capsys) -> None:
    assert run(["training", "attend", "--help"]) == 0
    assert "assembly training attend 3a9e...41 ele-001=present" in capsys.readouterr().out


def test_given_a_presence_typed_wrong_when_corrected_then_attendance_shows_the_right_one(
    seated, capsys
) -> None:
    training_id = str(acted(capsys, *SPEAKING)["training_id"])
    position = acted(capsys, f"training attend {training_id} ele-000=absent", at=STARTS)["position"]

    acted(
        capsys,
        f"correct {position} --field presence --value present",
        "--reason",
        "she signed the sheet late",
        at=STARTS,
    )

    run(["--json", "member", "list"])
    listed = {m["pseudonym"]: m["trainings_attended"] for m in last_json(capsys)["members"]}
    assert listed["ele-000"] == 1
    assert run(["--json", "show", "attendance", "--trainings"]) == 0
    [training] = last_json(capsys)["trainings"]
    assert (training["present"], training["absent"]) == (1, 0)
