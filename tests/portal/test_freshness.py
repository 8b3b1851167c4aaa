"""A page shows a new event as soon as the read models have caught up with it: views and pages
are kept by the read models' log position, never by a time."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from tests.portal.cli import assembly_json
from tests.portal.year import catch_up


def _get(url: str, **headers: str) -> tuple[int, Any, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_given_a_new_session_when_the_read_models_catch_up_then_the_next_request_shows_it(
    served, aid, demo_year
) -> None:
    env = demo_year[0]
    api = f"{served}/api/assemblies/{aid}/sessions"
    _, headers, body = _get(api)
    before = json.loads(body)
    starts = "2026-01-12T18:00+01:00"  # within the year's term (it ended in January 2026)
    title = "Séance de restitution publique"

    recorded = assembly_json(
        env,
        "session",
        "schedule",
        "--assembly",
        aid,
        "--as",
        "clerk:greffe",
        "--at",
        "2026-01-10T10:00+01:00",
        "--kind",
        "plenary",
        "--title",
        title,
        "--starts-at",
        starts,
        "--agenda",
        "Bilan",
    )
    unchanged, _, _ = _get(api, **{"If-None-Match": headers["ETag"]})
    reached = catch_up(env)
    status, fresh_headers, fresh = _get(api, **{"If-None-Match": headers["ETag"]})
    page = _get(f"{served}/assemblies/{aid}/sessions")[2].decode()

    assert unchanged == 304  # the read models had not moved: the page had not either
    assert reached >= recorded["position"] > before["position"]
    assert status == 200 and fresh_headers["ETag"] == f'"p{reached}"'
    after = json.loads(fresh)
    assert len(after["sessions"]) == len(before["sessions"]) + 1
    assert title in page
