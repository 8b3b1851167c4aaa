"""``assembly portal serve``: the public web record, read-only, under uvicorn."""

from __future__ import annotations

import os

import click
import uvicorn

from services.adapters.readstore.readside import described, engine_for, read_side_errors
from services.application.portal.proofs import NoProof, PublishedLog
from services.entrypoints.cli import i18n
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import _
from services.entrypoints.portal.serve import TILES, Follower, NotBuilt, checked


@click.group(cls=i18n.Group)
def portal() -> None:
    """The public web record: every page in French and English, and its JSON API."""


@portal.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes."
)
@click.option(
    "--follow",
    is_flag=True,
    help="Also keep the read models up to the log here (the projection worker, as the reader "
    "role); without it the portal only reads what `assembly projections run` keeps current.",
)
@click.option(
    "--tiles",
    metavar="DIR|URL",
    envvar=TILES,
    help="The published log (`assembly log publish DIR`) each fact's inclusion proof is read "
    "from, at /proofs/SEQ; a directory is also served at /log/.",
)
@click.pass_obj
def serve(
    obj: CliContext, host: str, port: int, workers: int, follow: bool, tiles: str | None
) -> None:
    """Serve the public record over the read models (SQLite, or PostgreSQL by DATABASE_URL),
    reading only: the assemblies by cohort, each assembly's charter and rules, its draw,
    members, sessions, ballots, recommendations and timeline; /api/... the same as JSON,
    /schema/openapi.json its description. Stop it with Ctrl-C.

    \b
    Example:
      assembly portal serve --follow         # then open http://127.0.0.1:8000/
      assembly log publish .assembly/tiles && assembly portal serve --tiles .assembly/tiles
      DATABASE_URL=postgresql://portal@db/assembly assembly portal serve --host 0.0.0.0
    """
    follower = Follower(obj.settings, obj.say) if follow else None
    with read_side_errors(obj.settings):
        engine = engine_for(obj.settings)
        if follower is not None:
            follower.start()
            follower.caught_up.wait()
        try:
            checked(engine)
        except NotBuilt as e:
            raise click.ClickException(str(e)) from e
        obj.say(
            _("the public record of {where}: {url}").format(
                where=described(engine), url=f"http://{host}:{port}/"
            )
        )
        engine.dispose()
    if tiles:
        os.environ[TILES] = tiles  # for uvicorn's factory, in every worker
        obj.say(_proofs_from(tiles))
    try:
        uvicorn.run(
            "services.entrypoints.portal.serve:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            access_log=False,
        )
    finally:
        if follower is not None:
            follower.stop()


def _proofs_from(tiles: str) -> str:
    try:
        size = PublishedLog(tiles).checkpoint().tree_size
    except NoProof:
        return (
            f"no published log at {tiles} yet: each fact's proof page says so until "
            f"`assembly log publish {tiles}`"
        )
    return f"the facts' proofs from the log published at {tiles} (facts #1 to #{size})"
