"""The figures a resident reads on the pages are those `assembly show ... --json` gives."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from tests.portal.cli import assembly_json


@pytest.fixture(scope="module")
def page(browser) -> Iterator[object]:
    context = browser.new_context(locale="fr-FR")
    yield context.new_page()
    context.close()


def _data(page, selector: str, *names: str) -> list[tuple[str, ...]]:
    return [
        tuple(e.get_attribute(f"data-{n}") for n in names)
        for e in page.query_selector_all(selector)
    ]


def test_given_the_assembly_page_then_seats_and_seated_are_show_composition(
    served, aid, demo_year, page
) -> None:
    shown = assembly_json(demo_year[0], "show", "composition", "--assembly", aid)

    page.goto(f"{served}/assemblies/{aid}")

    rows = _data(page, "tr[data-subpool]", "subpool", "seats", "seated")
    assert sorted(rows) == sorted(
        (s["subpool"], str(s["seats"]), str(s["seated"])) for s in shown["subpools"]
    )


def test_given_the_members_page_then_counts_by_status_are_show_roster(
    served, aid, demo_year, page
) -> None:
    shown = assembly_json(demo_year[0], "show", "roster", "--assembly", aid)

    page.goto(f"{served}/assemblies/{aid}/members")

    counts = {
        e.get_attribute("data-status"): int(e.inner_text())
        for e in page.query_selector_all("td[data-status]")
    }
    assert counts == dict(Counter(m["status"] for m in shown["members"]))
    listed = [e.inner_text() for e in page.query_selector_all("#members tbody th code")]
    assert sorted(listed) == sorted(m["member"] for m in shown["members"])


def test_given_the_sessions_page_then_attendance_is_show_attendance(
    served, aid, demo_year, page
) -> None:
    shown = assembly_json(demo_year[0], "show", "attendance", "--sessions", "--assembly", aid)

    page.goto(f"{served}/assemblies/{aid}/sessions")

    met = [s for s in shown["sessions"] if s["status"] not in ("scheduled", "cancelled")]
    rows = _data(page, ".attendance", "session", "present", "excused", "absent")
    assert sorted(rows) == sorted(
        (s["session_id"], str(s["present"]), str(s["excused"]), str(s["absent"])) for s in met
    )
    assert page.query_selector_all("section.item").__len__() == len(shown["sessions"])


def test_given_the_ballots_page_then_each_count_is_show_ballot(
    served, aid, demo_year, page
) -> None:
    shown = assembly_json(demo_year[0], "show", "ballot", "--assembly", aid)

    page.goto(f"{served}/assemblies/{aid}/ballots")

    rows = _data(page, "tr[data-ballot]", "ballot", "for", "against", "abstentions", "participants")
    assert sorted(rows) == sorted(
        (
            b["ballot_id"],
            str(b["in_favour"]),
            str(b["against"]),
            str(b["abstentions"]),
            str(b["participants"]),
        )
        for b in shown["ballots"]
    )


def test_given_the_recommendations_page_then_stages_are_show_recommendation(
    served, aid, demo_year, page
) -> None:
    shown = assembly_json(demo_year[0], "show", "recommendation", "--assembly", aid)

    page.goto(f"{served}/assemblies/{aid}/recommendations")

    rows = _data(page, "tr[data-recommendation]", "recommendation", "stage", "version")
    assert sorted(rows) == sorted(
        (r["recommendation_id"], r["stage"], str(r["version"])) for r in shown["recommendations"]
    )


def test_given_the_timeline_page_then_its_positions_are_show_timeline(
    served, aid, demo_year, page
) -> None:
    shown = assembly_json(demo_year[0], "show", "timeline", "--assembly", aid)

    page.goto(f"{served}/assemblies/{aid}/timeline")

    ids = [e.get_attribute("id") for e in page.query_selector_all("#timeline li")]
    assert ids == [f"p{e['position']}" for e in shown["timeline"]]


def test_given_the_draw_page_then_it_verifies_as_draw_verify_says(
    served, aid, demo_year, page
) -> None:
    verified = assembly_json(demo_year[0], "draw", "verify", "--assembly", aid)

    page.goto(f"{served}/assemblies/{aid}/draw")

    assert verified["ok"] is True
    assert "ok" in page.get_attribute("#verdict", "class")
    digits = "".join(ch for ch in page.inner_text("#respondents") if ch.isdigit())
    assert int(digits) == verified["respondents"]
    assert (
        len(page.query_selector_all("svg.chart")) == 2 * 3
    )  # probabilities and quotas, per sub-pool
