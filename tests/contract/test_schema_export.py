"""``assembly schema export DIR``: AsyncAPI 3.0, and a JSON Schema and an example per type."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import msgspec

from services.application.contract.catalogue import published
from services.entrypoints.cli.main import run


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [v for k, v in node.items() if k == "$ref"]
        return own + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def _resolve(doc: dict[str, Any], ref: str) -> Any:
    node: Any = doc
    for token in ref.removeprefix("#/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def test_given_a_prefix_when_exported_then_the_document_names_its_subjects_and_every_type(
    tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("ASSEMBLY_SUBJECT_PREFIX", "paris")

    code = run(["--json", "schema", "export", str(tmp_path)])

    doc = json.loads((tmp_path / "asyncapi.json").read_text())
    [channel] = doc["channels"].values()
    assert code == 0
    assert json.loads(capsys.readouterr().out)["event_types"] == len(published())
    assert doc["asyncapi"] == "3.0.0"
    assert channel["address"] == "paris.events.{aggregateId}"
    assert set(doc["components"]["messages"]) == set(published())
    assert all(_resolve(doc, ref) for ref in _refs(doc))


def test_given_the_export_then_each_example_fits_its_schema_and_decodes_to_its_type(
    tmp_path,
) -> None:
    assert run(["schema", "export", str(tmp_path)]) == 0

    for wire, cls in published().items():
        schema = json.loads((tmp_path / "schemas" / f"{wire}.json").read_text())
        example = json.loads((tmp_path / "examples" / f"{wire}.json").read_text())
        jsonschema.validate(example, schema)
        assert type(msgspec.convert(example, cls)) is cls


def test_given_a_message_in_the_document_then_its_headers_name_the_type_and_the_chain(
    tmp_path,
) -> None:
    assert run(["schema", "export", str(tmp_path)]) == 0

    doc = json.loads((tmp_path / "asyncapi.json").read_text())
    message = doc["components"]["messages"]["assembly.member_withdrew.v1"]
    [example] = message["examples"]
    jsonschema.validate(example["headers"], message["headers"])
    assert message["headers"]["properties"]["Assembly-Topic"] == {
        "const": "assembly.member_withdrew.v1",
        "description": "the event type (wire name)",
    }
    assert example["payload"]["member"] == "ele-007"


def test_given_a_file_where_the_directory_should_be_when_exporting_then_bad_input(
    tmp_path, capsys
) -> None:
    (blocked := tmp_path / "taken").write_text("")

    code = run(["schema", "export", str(blocked / "sub")])

    assert code == 2
    assert "is a file, not a folder" in capsys.readouterr().err
