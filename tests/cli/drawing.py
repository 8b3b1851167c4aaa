"""A small drawn assembly as an administrator types it: the charter (12 seats in three
sub-pools), the dice ceremony, its signatories, and the commit."""

from __future__ import annotations

from services.entrypoints.cli.main import run
from tests.cli.paris import CONVENE
from tests.cli.record import last_json

SMALL = [
    *CONVENE,
    "--seats",
    "12",
    "--subpool",
    "electoral-rolls=10",
    "--subpool",
    "non-eu-residents=1",
    "--subpool",
    "minors=1",
    "--at",  # the last --at counts: convened before the drand round of 2024 used below
    "2024-09-01T10:00:00+02:00",
]
CEREMONY = [
    "--dice-at",
    "2026-01-20T10:00:00+01:00",
    "--place",
    "Hôtel de Ville",
    "--bailiff",
    "Maître Durand",
    "--witness",
    "Observer A",
    "--rolls",
    "6",
    "--at",
    "2026-01-12",
]
SIGNED = ["--signed-by", "Maître Durand", "--signed-by", "Observer A"]
REVEAL_AT = ["--at", "2026-01-20T11:00:00+01:00"]
ALGORITHM = ["--algorithm", "maximin"]  # the fast stage; LEXIMIN is tested in the core


def committed(capsys) -> dict:
    code = run(["--json", "draw", "commit", "--census-tolerance", "0.5", *CEREMONY, *ALGORITHM])
    assert code == 0
    return last_json(capsys)
