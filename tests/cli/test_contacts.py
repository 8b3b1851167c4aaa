"""`assembly member contacts`: the clerk gets the drawn and the reserves in call order with their
contact details from the registry, as a table or a CSV for a mail merge; each look-up is on the
log first (pseudonyms and purpose, nothing personal), and a refusal shows and records nothing."""

from __future__ import annotations

import csv
import io
import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from services.adapters import registry
from services.config import Settings
from services.entrypoints.cli.main import run
from tests.cli.drawing import ALGORITHM, CEREMONY, REVEAL_AT, SIGNED, SMALL
from tests.cli.record import events, last_json
from tests.pool.conftest import POSTGRES_URL, postgres_schema
from tests.support.store import factory

__all__ = ["postgres_schema"]  # a fixture, for the registry on PostgreSQL

CLERK = "clerk:greffe"
LOOK_UP = ["member", "contacts", "--purpose", "invitation"]


def draw_a_panel(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pool of 300 imported into the registry, an assembly of 12 seats, its panel drawn."""
    pool = tmp_path / "pool.csv"
    assert run(["pool", "synth", "--size", "300", "--seed", "cli", "--out", str(pool)]) == 0
    assert run(["pool", "import", str(pool)]) == 0
    assert run(["--json", *SMALL]) == 0
    monkeypatch.setenv("ASSEMBLY_ID", str(last_json(capsys)["assembly_id"]))
    monkeypatch.setenv("ASSEMBLY_ACTOR", CLERK)
    tolerance = ["--census-tolerance", "0.5"]
    assert run(["draw", "commit", *tolerance, *CEREMONY, *ALGORITHM]) == 0
    assert run(["draw", "reveal", "--dice", "271828", *SIGNED, *REVEAL_AT]) == 0
    capsys.readouterr()


@pytest.fixture
def drawn(cli_env, monkeypatch, tmp_path, capsys) -> list[dict[str, Any]]:
    """...on the default registry (SQLite in ASSEMBLY_HOME); the members, as `member list` has
    them."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REGISTRY_DATABASE_URL", raising=False)
    draw_a_panel(tmp_path, capsys, monkeypatch)
    return members(capsys)


def members(capsys: Any) -> list[dict[str, Any]]:
    assert run(["--json", "member", "list"]) == 0
    listed: list[dict[str, Any]] = last_json(capsys)["members"]
    return listed


def in_call_order(listed: list[dict[str, Any]]) -> list[str]:
    panel = [m["pseudonym"] for m in listed if m["reserve_rank"] is None]
    reserves = sorted((m for m in listed if m["reserve_rank"] is not None), key=_rank)
    return panel + [m["pseudonym"] for m in reserves]


def _rank(member: dict[str, Any]) -> int:
    return int(member["reserve_rank"])


def people() -> dict[str, registry.RespondentRow]:
    """The registry's rows by pseudonym, read as the registry's holder would."""
    with registry.open_from_settings(Settings.from_env())() as session:
        rows = session.scalars(select(registry.RespondentRow)).all()
        session.expunge_all()
    return {r.pseudonym: r for r in rows}


def stored_payload(env: dict[str, str], position: int) -> bytes:
    with factory(env) as f:
        [notification] = f.application_recorder().select_notifications(position, 1)
        return bytes(notification.state)


def test_given_a_drawn_panel_and_a_replacement_when_the_clerk_asks_for_everyone_then_call_order(
    drawn, cli_env, capsys
) -> None:
    first = drawn[0]["pseudonym"]
    decline = ["member", "decline", first, "--reason", "moving away", "--as", f"member:{first}"]
    assert run(decline) == 0
    assert run(["--json", "member", "replace", first]) == 0
    reserve = last_json(capsys)["reserve"]
    listed = members(capsys)
    registered = people()

    code = run(["--json", *LOOK_UP])

    out = last_json(capsys)
    assert code == 0
    rows = out["people"]
    assert [r["pseudonym"] for r in rows] == in_call_order(listed)
    assert [r["order"] for r in rows] == list(range(1, len(listed) + 1))
    assert len(rows) == len(listed) > 12
    by = {r["pseudonym"]: r for r in rows}
    assert (by[first]["status"], by[first]["replaced_by"]) == ("declined", reserve)
    assert (by[reserve]["status"], by[reserve]["replaces"]) == ("invited", first)
    assert run(LOOK_UP) == 0
    [line] = [x for x in capsys.readouterr().out.splitlines() if x.split()[1:2] == [reserve]]
    assert f"invited (reserve {by[reserve]['reserve_rank']})  {first}" in line
    for row in rows:
        person = registered[row["pseudonym"]]
        assert (row["first_name"], row["last_name"], row["email"]) == (
            person.first_name,
            person.last_name,
            person.email,
        )
        assert (row["address"], row["postcode"], row["contact"]) == (
            person.address,
            person.postcode,
            "available",
        )


def test_given_a_look_up_when_recorded_then_pseudonyms_purpose_and_clerk_only_on_the_log(
    drawn, cli_env, capsys
) -> None:
    before = events(cli_env)

    assert run(["--json", *LOOK_UP]) == 0

    out = last_json(capsys)
    assert out["position"] == before + 1 == events(cli_env)
    payload = stored_payload(cli_env, out["position"])
    fact = json.loads(payload)
    assert fact["members"] == [r["pseudonym"] for r in out["people"]]
    assert (fact["purpose"], fact["by"]) == ("invitation", CLERK)
    for person in people().values():  # synthetic last names are digits: a pseudonym may hold them
        for personal in (person.first_name, person.email, person.person_id, person.address):
            assert personal is not None
            assert personal.encode() not in payload, personal
        assert f'"{person.last_name}"'.encode() not in payload
    assert run(["--json", "show", "timeline", "--limit", "1"]) == 0
    [line] = last_json(capsys)["timeline"]
    assert (line["position"], line["kind"], line["member"]) == (
        out["position"],
        "contacts looked up",
        None,
    )
    assert run(["--json", "status"]) == 0
    assert last_json(capsys)["contact_look_ups"] == 1
    assert line["summary"] == (
        f"the contact details of {len(out['people'])} of the drawn were looked up in the "
        "registry, for invitation"
    )


def test_given_one_member_when_looked_up_then_only_they_are_listed_and_recorded(
    drawn, cli_env, capsys
) -> None:
    someone = drawn[5]["pseudonym"]

    assert run(["--json", "member", "contacts", someone, "--purpose", "reminder"]) == 0

    out = last_json(capsys)
    assert [(r["pseudonym"], r["order"]) for r in out["people"]] == [(someone, 6)]
    assert json.loads(stored_payload(cli_env, out["position"]))["members"] == [someone]
    assert out["people"][0]["last_name"] == people()[someone].last_name


def test_given_a_person_id_of_the_clerks_csv_when_looked_up_then_resolved_and_never_recorded(
    drawn, cli_env, capsys
) -> None:
    someone = drawn[-1]["pseudonym"]
    person_id = people()[someone].person_id

    code = run(["--json", *LOOK_UP, "--person-id", person_id])

    out = last_json(capsys)
    assert code == 0
    assert [r["pseudonym"] for r in out["people"]] == [someone]
    payload = stored_payload(cli_env, out["position"])
    assert json.loads(payload)["members"] == [someone]
    assert person_id.encode() not in payload


def test_given_the_table_when_shown_then_one_line_per_person_with_name_and_address(
    drawn, capsys
) -> None:
    someone = drawn[0]["pseudonym"]
    person = people()[someone]

    assert run([*LOOK_UP, someone]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["#", "member", "status"]
    assert f"{person.first_name} {person.last_name}" in lines[1]
    assert f"{person.address}, {person.postcode}" in lines[1] and someone in lines[1]
    assert lines[2].startswith("1 people, 0 erased from the registry; the look-up (invitation)")


def test_given_a_csv_file_when_written_then_bom_header_a_row_each_and_safe_cells(
    drawn, capsys, tmp_path
) -> None:
    someone = drawn[0]["pseudonym"]
    with registry.open_from_settings(Settings.from_env())() as session:
        row = session.scalars(
            select(registry.RespondentRow).where(registry.RespondentRow.pseudonym == someone)
        ).one()
        row.last_name, row.phone = '=HYPERLINK("http://x")', "+33 6 12 34 56 78"
        session.commit()
    file = tmp_path / "invitations.csv"

    assert run([*LOOK_UP, "--csv", str(file), "--delimiter", ";"]) == 0

    raw = file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert table[0] == [
        "order",
        "pseudonym",
        "status",
        "subpool",
        "reserve_rank",
        "replaces",
        "replaced_by",
        "first_name",
        "last_name",
        "address",
        "postcode",
        "email",
        "phone",
        "contact",
    ]
    assert len(table) == 1 + len(drawn)
    first = dict(zip(table[0], table[1], strict=True))
    assert (first["order"], first["pseudonym"], first["status"]) == ("1", someone, "invited")
    assert (first["last_name"], first["phone"]) == (
        '\'=HYPERLINK("http://x")',
        "'+33 6 12 34 56 78",
    )
    reserve = dict(zip(table[0], table[13], strict=True))
    assert (reserve["status"], reserve["reserve_rank"]) == ("reserve", "1")
    assert os.stat(file).st_mode & 0o077 == 0
    assert f"wrote {len(drawn)} rows to" in capsys.readouterr().out


def test_given_an_erased_person_when_listed_then_shown_as_erased_without_details(
    drawn, cli_env, capsys
) -> None:
    someone = drawn[3]["pseudonym"]
    assert run(["pool", "erase", someone]) == 0
    capsys.readouterr()

    code = run(["--json", *LOOK_UP])

    out = last_json(capsys)
    assert code == 0
    erased = next(r for r in out["people"] if r["pseudonym"] == someone)
    assert erased["contact"] == "erased" and erased["order"] == 4
    assert all(erased[k] is None for k in ("first_name", "last_name", "email", "address"))
    assert out["erased"] == 1
    assert run([*LOOK_UP, someone]) == 0
    assert "(erased)" in capsys.readouterr().out


def test_given_someone_not_drawn_when_looked_up_then_refused_and_nothing_appended(
    drawn, cli_env, capsys
) -> None:
    before = events(cli_env)

    code = run([*LOOK_UP, drawn[0]["pseudonym"], "p-0000000000000000"])

    captured = capsys.readouterr()
    assert code == 1
    assert "refused by the contacts rule" in captured.err
    assert "not on the panel or reserve list" in captured.err
    assert "p-0000000000000000" in captured.err
    assert captured.out == ""
    assert events(cli_env) == before


def test_given_the_person_id_of_someone_not_drawn_when_looked_up_then_refused_saying_who(
    drawn, cli_env, capsys
) -> None:
    outsider = next(p for p in people().values() if p.pseudonym not in in_call_order(drawn))
    before = events(cli_env)

    code = run([*LOOK_UP, "--person-id", outsider.person_id])

    captured = capsys.readouterr()
    assert code == 1
    assert "not on the panel or reserve list of 'Assemblée citoyenne de Paris': " in captured.err
    assert f"by person id: {outsider.person_id} is {outsider.pseudonym}" in captured.err
    assert events(cli_env) == before


def test_given_an_unknown_person_id_when_looked_up_then_refused_and_nothing_appended(
    drawn, cli_env, capsys
) -> None:
    before = events(cli_env)

    code = run([*LOOK_UP, "--person-id", "NOT-IN-THE-LIST"])

    captured = capsys.readouterr()
    assert code == 1
    assert "no one has the person id NOT-IN-THE-LIST in the registry" in captured.err
    assert captured.out == ""
    assert events(cli_env) == before


def test_given_no_registry_here_when_looked_up_then_exit_2_in_one_sentence_nothing_appended(
    panel_received, cli_env, monkeypatch, capsys
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REGISTRY_DATABASE_URL", raising=False)
    before = events(cli_env)

    code = run(LOOK_UP)

    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.startswith("assembly: there is no registry here (")
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.out == ""
    assert events(cli_env) == before


def test_given_a_registry_the_panel_was_not_drawn_from_when_looked_up_then_exit_2(
    panel_received, cli_env, monkeypatch, capsys, tmp_path
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    pool = tmp_path / "other.csv"
    assert run(["pool", "synth", "--size", "20", "--seed", "other", "--out", str(pool)]) == 0
    assert run(["pool", "import", str(pool)]) == 0
    capsys.readouterr()
    before = events(cli_env)

    code = run(LOOK_UP)

    captured = capsys.readouterr()
    assert code == 2
    assert "115 of the 115 people asked for are not in this registry" in captured.err
    assert captured.out == ""
    assert events(cli_env) == before


def test_given_a_registry_file_others_may_read_when_looked_up_then_exit_2_saying_chmod(
    drawn, cli_env, capsys
) -> None:
    file = Settings.from_env().home / "registry.sqlite"
    file.chmod(0o644)
    before = events(cli_env)

    code = run(LOOK_UP)

    captured = capsys.readouterr()
    assert code == 2
    assert f"`chmod 600 {file}`" in captured.err
    assert captured.out == ""
    assert events(cli_env) == before


def test_given_a_csv_path_that_cannot_be_written_when_looked_up_then_exit_2_nothing_appended(
    drawn, cli_env, capsys, tmp_path
) -> None:
    before = events(cli_env)

    code = run([*LOOK_UP, "--csv", str(tmp_path / "no-such-folder" / "list.csv")])

    captured = capsys.readouterr()
    assert code == 2
    assert "no-such-folder does not exist" in captured.err
    assert events(cli_env) == before


def test_given_no_purpose_when_looked_up_then_exit_2_naming_the_option(
    drawn, cli_env, capsys
) -> None:
    before = events(cli_env)

    code = run(["member", "contacts"])

    assert code == 2
    assert "--purpose" in capsys.readouterr().err
    assert events(cli_env) == before


@pytest.fixture
def on_postgres(cli_env, postgres_schema, monkeypatch, tmp_path, capsys) -> list[dict[str, Any]]:
    """The registry in a PostgreSQL schema of its own, by REGISTRY_DATABASE_URL (the read
    models stay in SQLite); the panel drawn from it."""
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{postgres_schema}"
    monkeypatch.setenv("REGISTRY_DATABASE_URL", url)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    draw_a_panel(tmp_path, capsys, monkeypatch)
    return members(capsys)


@pytest.mark.postgres
def test_given_the_registry_on_postgresql_when_looked_up_then_contacts_from_there(
    on_postgres, cli_env, capsys
) -> None:
    someone = on_postgres[0]["pseudonym"]

    code = run(["--json", *LOOK_UP, someone])

    out = last_json(capsys)
    assert code == 0
    assert out["people"][0]["last_name"] == people()[someone].last_name
    assert not (Settings.from_env().home / "registry.sqlite").exists()


@pytest.fixture
def role_without_the_registry(on_postgres, postgres_schema) -> Iterator[str]:
    """A PostgreSQL role that may log in and see the registry's schema, but was never granted
    the respondents' table: the URL it would connect with."""
    role = f"outsider_{secrets.token_hex(4)}"
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        conn.execute(text(f'GRANT USAGE ON SCHEMA "{postgres_schema}" TO "{role}"'))
        conn.execute(text(f'GRANT SELECT ON "{postgres_schema}".pseudonym TO "{role}"'))
    try:
        url = make_url(POSTGRES_URL).set(username=role).render_as_string(hide_password=False)
        yield f"{url}?options=-csearch_path%3D{postgres_schema}"
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
        engine.dispose()


@pytest.mark.postgres
def test_given_a_database_role_without_the_registry_when_looked_up_then_exit_2_nothing_appended(
    role_without_the_registry, cli_env, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("REGISTRY_DATABASE_URL", role_without_the_registry)
    before = events(cli_env)

    code = run(LOOK_UP)

    captured = capsys.readouterr()
    assert code == 2
    assert "the registry refused to be read (permission denied for table respondent)" in (
        captured.err
    )
    assert captured.out == ""
    assert events(cli_env) == before


def test_given_a_registry_url_of_another_kind_when_looked_up_then_the_setting_is_named(
    panel_received, cli_env, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("REGISTRY_DATABASE_URL", "mysql://clerk@localhost/registry")
    before = events(cli_env)

    code = run(LOOK_UP)

    err = capsys.readouterr().err
    assert code == 2
    assert "REGISTRY_DATABASE_URL starts with 'mysql://'" in err and "Traceback" not in err
    assert events(cli_env) == before
