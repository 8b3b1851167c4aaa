"""A published wire form never changes: every event type has a golden payload that still decodes,
re-encodes to the same bytes, and whose schema fingerprint is the one recorded."""

from __future__ import annotations

import json
from uuid import UUID

import jsonschema
import pytest
from eventsourcing.persistence import StoredEvent

from services.adapters.eventstore.mapper import MsgspecMapper
from services.adapters.eventstore.upcasting import UPCASTERS
from services.application.contract.catalogue import published
from services.application.contract.schemas import fingerprint, json_schema
from tests.contract import golden

GOLDENS = golden.load()
PUBLISHED = published()
CURRENT = sorted(set(GOLDENS) & set(PUBLISHED))
RETIRED = sorted(set(GOLDENS) - set(PUBLISHED))


def _stored(wire: str) -> StoredEvent:
    g = GOLDENS[wire]
    payload = g["payload"]
    return StoredEvent(
        UUID(payload["originator_id"]), payload["originator_version"], wire, golden.stored_bytes(g)
    )


def test_given_the_published_event_types_then_each_has_a_golden() -> None:
    missing = golden.missing()

    assert missing == [], golden.missing_message(missing)


@pytest.mark.parametrize("wire", CURRENT)
def test_given_a_golden_when_decoded_and_re_encoded_then_the_bytes_are_unchanged(wire) -> None:
    mapper = MsgspecMapper(transcoder=None)  # type: ignore[arg-type]
    stored = _stored(wire)

    event = mapper.to_domain_event(stored)

    assert type(event) is PUBLISHED[wire]
    assert mapper.to_stored_event(event).state == stored.state, (
        f"{wire} no longer re-encodes to its published bytes: give the changed class a new "
        "wire name (.v2) and an upcaster from this one (services/adapters/eventstore/upcasting.py)"
    )


@pytest.mark.parametrize("wire", CURRENT)
def test_given_a_published_type_then_its_schema_is_the_one_its_golden_recorded(wire) -> None:
    recorded = GOLDENS[wire]["schema_sha256"]

    assert fingerprint(PUBLISHED[wire]) == recorded, (
        f"the wire form of {wire} changed: a published wire name never changes. Give the class "
        "the next wire name (.v2), register an upcaster from this one in "
        f"services/adapters/eventstore/upcasting.py, then run `{golden.ADD}` (keep this golden)"
    )


@pytest.mark.parametrize("wire", CURRENT)
def test_given_a_golden_then_the_exported_json_schema_accepts_it(wire) -> None:
    schema = json_schema(wire, PUBLISHED[wire])

    jsonschema.validate(json.loads(golden.stored_bytes(GOLDENS[wire])), schema)


def test_given_goldens_of_retired_wire_names_when_read_then_each_is_upcast() -> None:
    assert set(RETIRED) <= UPCASTERS.retired(), "a golden's type is gone and has no upcaster"

    for wire in RETIRED:
        assert UPCASTERS.decode(wire, golden.stored_bytes(GOLDENS[wire])).wire in PUBLISHED


def test_given_existing_goldens_when_adding_missing_ones_then_none_is_overwritten(
    tmp_path,
) -> None:
    kept = golden.path_of("assembly.member_seated.v1", tmp_path)
    kept.write_text('{"kept": true}')

    added = golden.add_missing(tmp_path)

    assert "assembly.member_seated.v1" not in added
    assert set(added) == set(PUBLISHED) - {"assembly.member_seated.v1"}
    assert json.loads(kept.read_text()) == {"kept": True}
    assert golden.add_missing(tmp_path) == []


def test_given_a_missing_golden_then_the_message_says_how_to_add_it(tmp_path) -> None:
    missing = golden.missing(tmp_path)

    message = golden.missing_message(missing)

    assert "assembly.member_seated.v1" in message
    assert "python -m tests.contract.golden --add-missing" in message
