"""The portal works as the database role deploy/postgres/20-portal.sql makes: one that may only
SELECT, in read-only transactions; and that role can write nothing."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from projections.schema import positions
from services.adapters.readstore.database import open_engine
from services.application.portal.record import PublicRecord
from services.entrypoints.portal.serve import checked
from tests.portal.year import ROOT, off_the_loop
from tests.projections.support import POSTGRES_URL, application, databases, projector

GRANTS = ROOT / "deploy" / "postgres" / "20-portal.sql"


@pytest.mark.postgres
def test_given_the_portal_role_then_the_pages_read_and_nothing_is_written(
    demo_year, tmp_path
) -> None:
    env, story = demo_year
    role, password = f"portal_{secrets.token_hex(4)}", secrets.token_hex(12)
    with databases("postgres", tmp_path) as dbs:
        url, options = dbs.url_and_options()
        schema = options["execution_options"]["schema_translate_map"][None]
        owner = dbs.engine_on(url, options)
        off_the_loop(lambda: _built(owner, env))
        sql = GRANTS.read_text().replace("portal", role).replace("'portal'", f"'{password}'")
        sql = sql.replace(f"PASSWORD '{role}'", f"PASSWORD '{password}'")
        sql = sql.replace("SCHEMA public", f'SCHEMA "{schema}"').replace(
            "DATABASE assembly", "DATABASE test"
        )
        sql = sql.replace("FOR ROLE assembly", "FOR ROLE postgres")
        admin = create_engine(POSTGRES_URL)
        try:
            with admin.begin() as conn:
                for statement in filter(str.strip, _statements(sql)):
                    conn.execute(text(statement))
            as_portal = make_url(POSTGRES_URL).set(username=role, password=password)
            engine = open_engine(as_portal.render_as_string(hide_password=False), **options)
            try:
                record = PublicRecord(checked(engine))
                at, view = record.view("ballots", str(story.assembly_id))
                with (
                    pytest.raises(DBAPIError, match=r"read-only|permission denied"),
                    engine.begin() as conn,
                ):
                    conn.execute(insert(positions).values(name="x", version=1, position=0))
            finally:
                engine.dispose()
            assert at > 0 and len(view["ballots"]) > 0
        finally:
            with admin.begin() as conn:
                conn.execute(text(f'DROP OWNED BY "{role}"'))
                conn.execute(text(f'DROP ROLE "{role}"'))
            admin.dispose()


def _built(engine, env) -> None:
    app = application(env)
    worker = projector(engine, app)
    try:
        worker.wait_for(worker.source.head(), 120)
    finally:
        worker.close()
        app.close()


def _statements(sql: str) -> list[str]:
    lines = [ln for ln in sql.splitlines() if not ln.startswith("--")]
    return " ".join(lines).split(";")
