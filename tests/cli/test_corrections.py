"""`assembly correct` and `assembly annul` on a real nats-server: a new fact naming the old one by
its log position; exit 1 on a rule, exit 2 on bad input, nothing appended on a refusal."""

from __future__ import annotations

from typing import Any

from services.entrypoints.cli.main import run
from tests.cli.paris import AT, PLENARY
from tests.cli.record import acted, events, last_json, stored
from tests.cli.test_recommendation import adopted, drafting  # noqa: F401  (fixtures)
from tests.support.pinned import checkpointed_by_cli

LATER = "2026-02-02T09:00:00+01:00"


def scheduled(capsys: Any) -> tuple[str, int]:
    done = acted(capsys, "session", *PLENARY)
    return str(done["session_id"]), int(done["position"])


def test_given_a_misspelt_title_when_corrected_then_a_new_fact_names_it_and_status_shows_it(
    seated, cli_env, capsys
) -> None:
    session, position = scheduled(capsys)

    done = acted(
        capsys,
        f'correct {position} --field title --value "Plénière d\'ouverture" --reason typo',
        at=LATER,
    )

    assert (done["corrected"], done["field"], done["value"]) == (
        position,
        "title",
        "Plénière d'ouverture",
    )
    fact = stored(cli_env, done["position"])
    assert (fact["position"], fact["field"], fact["reason"]) == (position, "title", "typo")
    assert run(["--json", "status"]) == 0
    titles = [s["title"] for s in last_json(capsys)["sessions"] if s["id"] == session]
    assert titles == ["Plénière d'ouverture"]


def test_given_an_acceptance_when_its_time_is_corrected_then_the_value_is_written_in_utc(
    panel_received, capsys
) -> None:
    position = int(acted(capsys, "member accept ele-007")["position"])

    done = acted(
        capsys,
        f"correct {position} --field at --value {LATER} --reason 'accepted the 2nd'",
        at=LATER,
    )

    assert done["value"] == "2026-02-02T08:00:00Z"


def test_given_a_seat_when_the_acceptance_is_corrected_to_after_it_then_exit_1_and_no_append(
    seated, cli_env, capsys
) -> None:
    position = next(
        int(e["position"])
        for e in _log(capsys)
        if e["type"].endswith("invitation_accepted.v1") and '"ele-000"' in e["payload"]
    )
    before = events(cli_env)

    code = run(["correct", str(position), "--field", "at", "--value", LATER, "--reason", "r"])

    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("assembly: refused by the time-order rule: correcting the time of the ")
    assert "would break the later member seated of 2026-02-01T17:00:00Z (ele-000 cannot" in err
    assert err.endswith("): correct that fact first\n")
    assert events(cli_env) == before


def test_given_no_fact_at_a_position_when_corrected_then_exit_2_in_one_sentence(
    seated, cli_env, capsys
) -> None:
    before = events(cli_env)

    code = run(["correct", "9999", "--field", "at", "--value", AT, "--reason", "r"])

    assert code == 2
    assert "no fact of an assembly is recorded at log position 9999" in capsys.readouterr().err
    assert events(cli_env) == before


def test_given_an_acceptance_when_its_time_is_not_a_time_then_exit_2_and_no_append(
    panel_received, cli_env, capsys
) -> None:
    position = int(acted(capsys, "member accept ele-007")["position"])
    before = events(cli_env)

    code = run(["correct", str(position), "--field", "at", "--value", "the 2nd", "--reason", "r"])

    assert code == 2
    assert "'the 2nd' is not a time: write e.g." in capsys.readouterr().err
    assert events(cli_env) == before


def test_given_a_session_when_a_field_outside_the_table_is_corrected_then_exit_2(
    seated, cli_env, capsys
) -> None:
    _, position = scheduled(capsys)
    before = events(cli_env)

    code = run(["correct", str(position), "--field", "kind", "--value", "x", "--reason", "r"])

    err = capsys.readouterr().err
    assert code == 2
    assert "the 'kind' of a session scheduled cannot be corrected: correct one of at, title" in err
    assert events(cli_env) == before


def test_given_a_vote_when_annulled_then_exit_2_never_annullable(
    adopted,  # noqa: F811
    cli_env,
    capsys,
) -> None:
    vote = next(int(e["position"]) for e in _log(capsys) if e["type"].endswith("vote_cast.v1"))
    before = events(cli_env)

    code = run(["--json", "annul", str(vote), "--reason", "r"])

    assert code == 2
    assert (
        "this fact (vote cast) can be neither corrected nor annulled"
        in last_json(capsys)["error"]["message"]
    )
    assert events(cli_env) == before


def test_given_an_answer_recorded_too_early_when_annulled_then_it_can_be_recorded_again(
    adopted,  # noqa: F811
    cli_env,
    capsys,
) -> None:
    acted(capsys, f"recommendation submit {adopted}", at="2026-06-01")
    answer = f"recommendation respond {adopted} --response accepted --reasons 'in 2027'"
    position = int(acted(capsys, answer, at="2026-06-02")["position"])
    assert (
        run(["recommendation", "respond", adopted, "--response", "rejected", "--reasons", "no"])
        == 1
    )
    capsys.readouterr()

    acted(capsys, f"annul {position} --reason 'recorded before it was given'", at="2026-06-03")
    again = f"recommendation respond {adopted} --response partly-accepted --reasons 'for 40'"
    done = acted(capsys, again, at="2026-06-10")

    assert stored(cli_env, done["position"])["response"] == "partly-accepted"


def test_given_minutes_when_the_location_is_corrected_to_a_non_url_then_exit_1_and_no_append(
    in_session, cli_env, capsys, tmp_path
) -> None:
    (pdf := tmp_path / "pv.pdf").write_bytes(b"%PDF minutes")
    acted(capsys, f"session close {in_session}")
    location = "--location https://paris.fr/pv/0207.pdf"
    position = int(
        acted(capsys, f"session minutes {in_session} --file {pdf} {location}")["position"]
    )
    before = events(cli_env)

    code = run(
        ["correct", str(position), "--field", "location", "--value", "paris.fr/pv", "--reason", "r"]
    )

    assert code == 1
    assert "https" in capsys.readouterr().err
    assert events(cli_env) == before


def test_given_a_corrected_title_when_shown_then_every_read_model_says_it_and_that_it_was_corrected(
    seated, capsys
) -> None:
    _, position = scheduled(capsys)
    done = acted(
        capsys,
        f"correct {position} --field title --value Plénière --reason typo --as clerk:greffe",
        at=LATER,
    )

    sessions = _shown(capsys, "attendance", "--sessions")["sessions"]
    lines = {e["position"]: e for e in _shown(capsys, "timeline")["timeline"]}
    [correction] = _shown(capsys, "corrections")["corrections"]

    assert [s["title"] for s in sessions] == ["Plénière"]
    assert lines[position]["summary"].endswith(
        f": Plénière [corrected at log position {done['position']}]"
    )
    assert lines[done["position"]]["summary"] == (
        f"the session scheduled at log position {position} corrected: title 'Plénière' (typo)"
    )
    assert (correction["corrects"], correction["action"], correction["by"]) == (
        position,
        "corrected",
        "clerk:greffe",
    )
    assert (correction["reason"], correction["at"]) == ("typo", "2026-02-02T08:00:00+00:00")


def test_given_a_corrected_title_when_exported_as_open_data_then_both_the_value_and_the_correction(
    seated, capsys, tmp_path
) -> None:
    _, position = scheduled(capsys)
    acted(capsys, f"correct {position} --field title --value Plénière --reason typo", at=LATER)

    assert run(["export", "open-data", str(tmp_path / "open")]) == 0, capsys.readouterr().err

    sessions = (tmp_path / "open" / "sessions.csv").read_text(encoding="utf-8")
    corrections = (tmp_path / "open" / "corrections.csv").read_text(encoding="utf-8").splitlines()
    assert "Plénière" in sessions and "Opening plenary" not in sessions
    assert corrections[0].split(",") == [
        *("position", "assembly_id", "corrects", "kind", "action", "field", "value", "reason"),
        "at",
    ]
    assert f",{position},session scheduled,corrected,title,Plénière,typo," in corrections[1]


def test_given_an_annulled_answer_recorded_again_when_shown_then_the_new_answer_and_the_mark(
    adopted,  # noqa: F811
    capsys,
) -> None:
    acted(capsys, f"recommendation submit {adopted}", at="2026-06-01")
    answer = f"recommendation respond {adopted} --response accepted --reasons 'in 2027'"
    position = int(acted(capsys, answer, at="2026-06-02")["position"])
    annulled = acted(capsys, f"annul {position} --reason 'not given yet'", at="2026-06-03")
    again = f"recommendation respond {adopted} --response rejected --reasons 'no budget'"
    acted(capsys, again, at="2026-06-10")

    found = _shown(capsys, "recommendation", adopted)["recommendation"]
    lines = {e["position"]: e["summary"] for e in _shown(capsys, "timeline")["timeline"]}

    assert (found["response"], found["response_reasons"]) == ("rejected", "no budget")
    assert [s["detail"] for s in found["lifecycle"] if s["stage"] == "answered"] == [
        "rejected: no budget"
    ]
    assert lines[position].endswith(f"[ANNULLED at log position {annulled['position']}]")


def test_given_a_corrected_session_title_when_the_trail_is_traced_then_it_shows_both(
    adopted,  # noqa: F811
    capsys,
    monkeypatch,
) -> None:
    scheduling = next(
        int(e["position"]) for e in _log(capsys) if e["type"].endswith("session_scheduled.v1")
    )
    fix = f"correct {scheduling} --field title --value 'Plénière du 7' --reason 'a typo'"
    done = acted(capsys, fix, "--as", "clerk:greffe", at=LATER)

    checkpointed_by_cli(capsys, monkeypatch)
    assert run(["--json", "audit", "trail", adopted]) == 0, capsys.readouterr().err
    trail = last_json(capsys)["trail"]

    assert trail["session_title"] == "Plénière du 7"
    assert trail["corrections"] == [
        {
            "what": f"the title of the fact at #{scheduling} corrected to 'Plénière du 7' "
            "on 2026-02-02T08:00:00Z by clerk:greffe: a typo",
            "seq": done["position"],
        }
    ]


def test_given_a_member_who_left_their_group_when_the_choice_is_corrected_then_shown_still(
    seated, capsys
) -> None:
    joined = int(acted(capsys, "member join-group ele-000 environment")["position"])
    acted(capsys, "member withdraw ele-000 --reason 'a new job'", at=LATER)
    assert "ele-000" not in str(_shown(capsys, "groups"))  # the read side caught up: row gone

    fix = ["correct", str(joined), "--field", "group", "--value", "public space", "--reason", "r"]
    assert run(fix) == 0, capsys.readouterr()

    roster = {m["member"]: m for m in _shown(capsys, "roster")["members"]}
    groups = _shown(capsys, "groups")
    assert roster["ele-000"]["status"] == "withdrew"
    assert "ele-000" not in str(groups)


def test_given_an_acceptance_recorded_in_error_when_annulled_then_the_roster_says_invited_again(
    panel_received, capsys
) -> None:
    position = int(acted(capsys, "member accept ele-007")["position"])
    assert _roster(capsys)["ele-007"]["status"] == "accepted"

    acted(capsys, f"annul {position} --reason 'another ele-007 answered'", at=LATER)

    assert _roster(capsys)["ele-007"]["status"] == "invited"
    acted(capsys, "member decline ele-007 --reason 'no time'", at=LATER)
    assert _roster(capsys)["ele-007"]["status"] == "declined"


def _roster(capsys: Any) -> dict[str, dict[str, Any]]:
    return {m["member"]: m for m in _shown(capsys, "roster")["members"]}


def _shown(capsys: Any, *what: str) -> dict[str, Any]:
    assert run(["--json", "show", *what]) == 0, capsys.readouterr().err
    return last_json(capsys)


def _log(capsys: Any) -> list[dict[str, Any]]:
    assert run(["--json", "log", "show", "--limit", "10000"]) == 0
    rows: list[dict[str, Any]] = last_json(capsys)["events"]
    return rows
