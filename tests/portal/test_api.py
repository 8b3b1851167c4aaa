"""The JSON API mirrors every page, is described by OpenAPI (served, and exported beside the
AsyncAPI document), answers conditional requests by the log position, and links open data."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.request
from typing import Any

from projections.opendata import DATASETS
from services.entrypoints.cli.main import run

SECTIONS = ["", "/draw", "/members", "/sessions", "/ballots", "/recommendations", "/timeline"]


def _get(url: str, method: str = "GET", **headers: str) -> tuple[int, Any, bytes]:
    request = urllib.request.Request(url, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def _json(url: str) -> Any:
    return json.loads(_get(url)[2])


def test_given_every_page_then_its_json_twin_carries_the_position_the_page_shows(
    served, aid
) -> None:
    for section in SECTIONS:
        status, headers, body = _get(
            f"{served}/assemblies/{aid}{section}", **{"Accept-Language": "fr"}
        )
        api_status, api_headers, api_body = _get(f"{served}/api/assemblies/{aid}{section}")

        assert (status, api_status) == (200, 200), section
        position = json.loads(api_body)["position"]
        assert api_headers["ETag"] == f'"p{position}"'
        assert headers["ETag"] == f'"p{position}-fr"'
        assert f'href="/api/assemblies/{aid}{section}"' in body.decode()


def test_given_an_etag_when_asked_again_then_304_and_no_body(served, aid) -> None:
    url = f"{served}/api/assemblies/{aid}/ballots"
    _, headers, _ = _get(url)

    status, again, body = _get(url, **{"If-None-Match": headers["ETag"]})
    other, _, _ = _get(url, **{"If-None-Match": '"p1"'})

    assert (status, body, again["ETag"]) == (304, b"", headers["ETag"])
    assert other == 200


def test_given_any_address_when_asked_with_head_then_answered_as_get_without_the_body(
    served, aid
) -> None:
    for path in (f"/assemblies/{aid}", f"/api/assemblies/{aid}/ballots", "/static/portal.css"):
        _, got, body = _get(served + path)

        status, headers, empty = _get(served + path, method="HEAD")

        assert (status, empty) == (200, b""), path
        assert int(headers["Content-Length"]) == len(body), path
        assert headers["ETag"] == got["ETag"], path
    assert _get(f"{served}/assemblies/nowhere", method="HEAD")[:1] == (404,)


def test_given_the_languages_then_the_html_etag_and_vary_name_each(served, aid) -> None:
    _, fr, fr_body = _get(f"{served}/assemblies/{aid}", **{"Accept-Language": "en;q=0.5, fr"})
    _, en, en_body = _get(f"{served}/assemblies/{aid}", **{"Accept-Language": "en-GB,en;q=0.9"})
    _, switched, _ = _get(f"{served}/assemblies/{aid}?lang=en", **{"Accept-Language": "fr"})

    assert b'<html lang="fr">' in fr_body and b'<html lang="en">' in en_body
    assert fr["ETag"] != en["ETag"] != switched["ETag"]
    assert fr["Vary"] == "Accept-Language"


def test_given_the_openapi_document_then_every_api_path_is_described_and_exported_the_same(
    served, tmp_path, capsys
) -> None:
    served_doc = _json(f"{served}/schema/openapi.json")

    code = run(["--json", "schema", "export", str(tmp_path)])

    assert code == 0
    exported = json.loads((tmp_path / "openapi.json").read_text())
    assert (tmp_path / "asyncapi.json").exists()
    assert exported["paths"].keys() == served_doc["paths"].keys()
    paths = set(served_doc["paths"])
    assert {f"/api/assemblies/{{assembly_id}}{s}" for s in SECTIONS} <= paths
    assert "/api/assemblies/{assembly_id}/recommendations/{recommendation_id}" in paths
    assert "/api/proofs/{seq}" in paths
    draw = served_doc["paths"]["/api/assemblies/{assembly_id}/draw"]["get"]
    schema = draw["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("DrawPage")


def test_given_the_open_data_links_then_each_is_the_data_set_export_writes(served, aid) -> None:
    page = _get(f"{served}/assemblies/{aid}/ballots")[2].decode()
    ballots = _json(f"{served}/api/assemblies/{aid}/ballots")["ballots"]

    status, headers, body = _get(f"{served}/open-data/ballots.csv")

    assert 'href="/open-data/ballots.csv"' in page
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    header, *rows = list(csv.reader(io.StringIO(body.decode())))
    assert header == list(next(d for d in DATASETS if d.name == "ballots").columns)
    assert len(rows) == len(ballots)


def test_given_what_the_record_does_not_hold_then_404_in_words_and_in_json(served, aid) -> None:
    html_status, _, html = _get(f"{served}/assemblies/00000000-0000-0000-0000-000000000000")
    rec_status, _, rec = _get(f"{served}/assemblies/{aid}/recommendations/nope")
    en_status, _, en = _get(f"{served}/assemblies/nope/ballots?lang=en")
    api_status, _, api = _get(f"{served}/api/assemblies/{aid}/recommendations/nope")
    data_status, _, _ = _get(f"{served}/open-data/roster.csv")
    lost_status, _, lost = _get(f"{served}/nowhere", **{"Accept-Language": "fr"})

    for status, page in ((html_status, html), (rec_status, rec), (lost_status, lost)):
        text = page.decode()
        assert status == 404 and '<html lang="fr">' in text
        assert "<h1>Absent du registre</h1>" in text
        assert "Aucune page du registre ne correspond à cette adresse" in text
        assert 'href="/"' in text and 'href="/static/portal.css"' in text  # a page of the site
    assert en_status == 404 and "<h1>Not in the record</h1>" in en.decode()
    assert api_status == 404 and json.loads(api)["status"] == 404
    assert data_status == 404


def test_given_the_timeline_in_french_then_its_lines_are_in_french(served, aid) -> None:
    fr = _get(f"{served}/assemblies/{aid}/timeline", **{"Accept-Language": "fr"})[2].decode()
    en = _get(f"{served}/assemblies/{aid}/timeline?lang=en")[2].decode()
    api = _json(f"{served}/api/assemblies/{aid}/timeline")["timeline"]

    lines = re.findall(r'<li id="p\d+">(.*?)</li>', fr)
    english = re.findall(r'<li id="p\d+">(.*?)</li>', en)

    assert len(lines) == len(english) == len(api)
    assert [line for line in lines if 'lang="en"' in line] == []
    assert "convoquée\u00a0: promotion" in lines[0] and "convened: cohort" in english[0]
    assert any("un membre a accepté son invitation" in line for line in lines)
    assert any("vivier engagé" in line for line in lines)  # a fact told by its kind
    assert api[0]["summary"].endswith(api[0]["words"]["values"]["term_end"])  # as the CLI says


def test_given_a_recommendation_in_french_then_its_steps_are_french_and_each_fact_positioned(
    served, aid
) -> None:
    rec = _json(f"{served}/api/assemblies/{aid}/recommendations")["recommendations"][0]
    page = _get(f"{served}/assemblies/{aid}/recommendations/{rec['recommendation_id']}")[2]
    text = page.decode()
    steps = text[text.index('<ol class="steps">') : text.index("</ol>", text.index("steps"))]
    facts = text[text.index('<dl class="facts">') : text.index("</dl>")]

    assert 'lang="en"' not in steps
    assert "par le scrutin" in steps and "décision du Conseil</strong> <span>adoptée" in steps
    for fact in ("Transmise à l\u2019exécutif", "Réponse de l\u2019exécutif", "Conseil de Paris"):
        line = facts[facts.index(fact) :].split("</dd>")[0]
        assert 'class="pos" href="/proofs/' in line, fact
