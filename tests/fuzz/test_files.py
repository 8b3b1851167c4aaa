"""What organisers hand the CLI as files: attendance sheets, the drawn panel, the pool of
volunteers. Arbitrary bytes or near-misses of a good file: a clean outcome, nothing appended."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import event, given
from hypothesis import strategies as st

from tests.cli.paris import PANEL
from tests.fuzz.refusals import FUZZ, check

CELL = st.one_of(
    st.sampled_from(["ele-000", "ele-001", "ele-077", "res-001", "present", "excused", "absent"]),
    st.sampled_from(["", " ", "member", "presence", "=", "PRESENT", "\x00", "é", "\ufeff"]),
    st.text(max_size=10),
)
ENCODING = st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"])


def _csv(rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue()


def _encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


@FUZZ
@given(
    header=st.lists(st.sampled_from(["member", "presence", "note", "Member", ""]), max_size=3),
    rows=st.lists(st.lists(CELL, max_size=3), max_size=5),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=ENCODING,
    noise=st.binary(max_size=8),
)
def test_given_any_attendance_sheet_when_recorded_then_a_clean_outcome(
    world, header, rows, delimiter, encoding, noise
) -> None:
    sheet = world.home / "attendance.csv"
    sheet.write_bytes(_encoded(_csv([header, *rows], delimiter), encoding) + noise)

    outcome = check(world, ["session", "attend", world.session, "--from-file", str(sheet)])
    event(f"exit {outcome.code}")


def _bend(value: object, data: st.DataObject) -> object:
    """The same panel with one value somewhere replaced, removed or doubled."""
    if isinstance(value, dict) and value and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(value)))
        choice = data.draw(st.sampled_from(["bend", "drop", "junk"]))
        if choice == "drop":
            return {k: v for k, v in value.items() if k != key}
        if choice == "junk":
            return {**value, key: data.draw(JSONISH)}
        return {**value, key: _bend(value[key], data)}
    if isinstance(value, list) and value and data.draw(st.booleans()):
        i = data.draw(st.integers(0, len(value) - 1))
        bent = _bend(value[i], data)
        return [*value[:i], bent, bent, *value[i + 1 :]] if data.draw(st.booleans()) else [bent]
    return data.draw(JSONISH)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@FUZZ
@given(data=st.data(), raw=st.binary(max_size=64), mode=st.sampled_from(["bent", "bytes"]))
def test_given_any_panel_file_when_received_then_a_clean_outcome(world, data, raw, mode) -> None:
    panel = world.home / "panel.json"
    good = json.loads(PANEL.read_text(encoding="utf-8"))
    if mode == "bent":
        raw = json.dumps(_bend(good, data)).encode()
    panel.write_bytes(raw)

    outcome = check(world, ["panel", "receive", str(panel), "--assembly", world.bare_assembly])
    event(f"exit {outcome.code}")


@FUZZ
@given(
    text=st.text(max_size=40),
    encoding=ENCODING,
    noise=st.binary(max_size=4),
    act=st.sampled_from(["draft", "amend"]),
)
def test_given_any_text_file_when_a_recommendation_is_written_then_a_clean_outcome(
    world, text, encoding, noise, act
) -> None:
    file = world.home / "text.md"
    file.write_bytes(_encoded(text, encoding) + noise)
    target = ["draft", "--group", "environment", "--title", "Shade"]
    if act == "amend":
        target = ["amend", world.ballot, "--member", "ele-001"]  # no such recommendation

    outcome = check(world, ["recommendation", *target, "--text-file", str(file)])
    event(f"exit {outcome.code}")
