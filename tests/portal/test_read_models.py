"""The read models the portal needs: every assembly by cohort with its charter and phase, and
each draw's facts, kept to be re-derived; the same on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess

import msgspec
import pytest
from sqlalchemy import select, update

from projections import assemblies, draws
from services.adapters.readstore.database import open_engine, reading, writing
from services.application.portal.record import PublicRecord
from tests.portal.cli import ASSEMBLY
from tests.portal.year import off_the_loop
from tests.projections.support import application, databases, projector


def _sqlite(env: dict[str, str]):
    return open_engine(env["DATABASE_URL"])


def test_given_the_demo_year_then_its_assembly_charter_phase_and_draw_are_listed(demo_year) -> None:
    env, story = demo_year
    engine = _sqlite(env)

    with reading(engine) as conn:
        listed = assemblies.assembly_list(conn)
        facts = draws.facts_of(conn, draws.draws_of(conn, str(story.assembly_id))[0])
    engine.dispose()

    mine = next(a for a in listed if a["assembly_id"] == str(story.assembly_id))
    assert (mine["cohort"], mine["seats"], mine["phase"]) == (2025, 100, "recommendations")
    assert mine["charter"]["subpool_seats"] == {
        "electoral-rolls": 80,
        "non-eu-residents": 15,
        "minors": 5,
    }
    topics = [f["topic"] for f in facts]
    assert topics[0] == "assembly.draw_opened.v1" and topics[-1] == "assembly.panel_arrived.v1"
    assert topics.count("assembly.panel_drawn.v1") == 3
    assert [f["position"] for f in facts] == sorted(f["position"] for f in facts)


def test_given_a_seed_changed_in_the_read_models_then_the_draw_page_says_it_does_not_verify(
    demo_year, tmp_path
) -> None:
    env, story = demo_year
    copy = tmp_path / "forged.sqlite"
    shutil.copy(env["DATABASE_URL"].removeprefix("sqlite:///"), copy)
    engine = open_engine(f"sqlite:///{copy}")
    revealed = draws.draw_facts.c.topic == "assembly.randomness_revealed.v1"
    with writing(engine) as conn:
        data = conn.execute(select(draws.draw_facts.c.data).where(revealed)).scalar_one()
        fact = msgspec.json.decode(data)
        fact["seed"] = "0" * 64
        conn.execute(
            update(draws.draw_facts).where(revealed).values(data=msgspec.json.encode(fact))
        )

    _, view = PublicRecord(engine).view("draw", str(story.assembly_id))
    engine.dispose()

    assert view["draw"]["verified"] is False
    assert "seed" in {v["rule"] for v in view["draw"]["violations"]}


@pytest.mark.postgres
def test_given_the_year_on_postgresql_then_the_portal_reads_the_same_views(
    demo_year, tmp_path
) -> None:
    env, story = demo_year
    aid = str(story.assembly_id)
    sqlite = PublicRecord(_sqlite(env))
    with databases("postgres", tmp_path) as dbs:
        engine = dbs.engine()

        def build() -> None:
            app = application(env)
            worker = projector(engine, app)
            try:
                worker.wait_for(sqlite.position(), 120)
            finally:
                worker.close()
                app.close()

        off_the_loop(build)
        postgres = PublicRecord(engine)

        for name in ("assembly", "draw", "members", "ballots", "recommendations"):
            at, on_postgres = postgres.view(name, aid)
            assert (at, on_postgres) == sqlite.view(name, aid), name
    sqlite.engine.dispose()


def test_given_read_models_of_an_older_version_then_portal_serve_says_so_and_serves_nothing(
    demo_year, tmp_path
) -> None:
    env = demo_year[0]
    older = tmp_path / "older.sqlite"
    source, copy = sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///")), None
    try:
        copy = sqlite3.connect(older)
        source.backup(copy)
        copy.execute("UPDATE projection_positions SET version = 3 WHERE name = 'timeline'")
        copy.commit()
    finally:
        source.close()
        if copy is not None:
            copy.close()

    done = subprocess.run(
        [ASSEMBLY, "portal", "serve", "--port", "0"],
        env={**os.environ, **env, "DATABASE_URL": f"sqlite:///{older}"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 2  # as for read models not built yet
    assert "not those this portal reads (timeline v3)" in done.stderr
    assert "Traceback" not in done.stderr
