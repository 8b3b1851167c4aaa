"""Every parser of the CLI (dates and times, MEMBER=CHOICE pairs, counts, shares, sub-pool
seats, texts), given arbitrary values: a recorded act or a clean refusal, never a traceback,
and nothing appended on a refusal. The dates at the edges of Python's calendar are exit 2."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import click
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from core.assembly.ballots.model import Choice
from core.assembly.sittings.model import Presence
from services.entrypoints.cli.acts import ActorName, Day, Timestamp
from services.entrypoints.cli.ballot import Count
from services.entrypoints.cli.charter import Share, SubpoolSeats, TellerName
from services.entrypoints.cli.inputs import Assigned
from tests.fuzz.refusals import FUZZ, check

ZONES = st.sampled_from([timezone(timedelta(hours=h)) for h in (-14, -12, -1, 0, 1, 5, 14)])
MOMENTS = st.one_of(
    st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59), timezones=ZONES),
    st.datetimes(datetime(1969, 12, 31), datetime(3000, 1, 1), timezones=ZONES),
)
TIMES = st.one_of(
    MOMENTS.map(lambda m: m.isoformat()),
    MOMENTS.map(lambda m: m.isoformat(timespec="minutes")),
    st.dates().map(lambda d: d.isoformat()),
    st.text(max_size=30),
)
DAYS = st.one_of(st.dates().map(lambda d: d.isoformat()), TIMES)
NUMBER = st.one_of(
    st.integers(-5, 10**6).map(str),
    st.floats().map(str),
    st.sampled_from(["²", "\u0661", "\u0663", "9" * 5000, "", " ", "1e3"]),
)
TEXTS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", " ", "\x00", "a\x1bb", "=1+1", "x" * 2_100, "é" * 1_001, "e\u0301",
         "jeanne@example.org", "06 12 34 56 78", "née le 12/03/1987", "M. Dupont"]
    ),
)  # fmt: skip
EDGES = [
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "9999-12-31T23:59:59+00:00",
    "0001-01-01",
    "9999-12-31",
]


def _timed(world) -> dict[str, list[str]]:
    """Each date or time option, in a command that reads it; the value comes last."""
    s = world.session
    return {
        "--at": ["member", "accept", "ele-005", "--at"],
        "--starts-at": ["session", "schedule", "--kind", "plenary", "--title", "T", "--starts-at"],
        "--dice-at": ["draw", "commit", "--census-tolerance", "0.2", "--place", "Hôtel de Ville",
                      "--bailiff", "Maître Durand", "--witness", "Observer", "--dice-at"],
        "--sitting": ["recommendation", "present", s, "--instrument", "voeu", "--sitting"],
        "--on": ["status", "--on"],
        "--term-start": ["convene", "--name", "A", "--cohort", "2031", "--term-end", "2032-01-01",
                         "--as", "clerk:greffe", "--term-start"],
        "--term-end": ["convene", "--name", "A", "--cohort", "2031", "--term-start", "2031-01-01",
                       "--as", "clerk:greffe", "--term-end"],
    }  # fmt: skip


@pytest.mark.parametrize("edge", EDGES)
@pytest.mark.parametrize(
    "option", ["--at", "--starts-at", "--dice-at", "--sitting", "--on", "--term-start"]
)
def test_given_a_time_at_the_edge_of_the_calendar_when_given_then_one_sentence_exit_2(
    world, option: str, edge: str
) -> None:
    outcome = check(world, [*_timed(world)[option], edge])

    assert outcome.code == 2, outcome
    assert "between 1970 and 2999" in outcome.err or "is not a" in outcome.err, outcome.err


@FUZZ
@given(data=st.data())
def test_given_any_time_when_given_to_a_time_option_then_a_clean_outcome(world, data) -> None:
    option = data.draw(st.sampled_from(sorted(_timed(world))), label="option")
    value = data.draw(DAYS if option in ("--sitting", "--on", "--term-start") else TIMES)

    outcome = check(world, [*_timed(world)[option], value])
    event(f"{option} exit {outcome.code}")


@FUZZ
@given(data=st.data())
def test_given_any_value_when_parsed_as_pairs_counts_or_shares_then_a_clean_outcome(
    world, data
) -> None:
    s, b = world.session, world.ballot
    value = data.draw(st.one_of(NUMBER, TEXTS, st.tuples(NUMBER, NUMBER, NUMBER).map(",".join)))
    argv = data.draw(
        st.sampled_from(
            [
                ["ballot", "close", b, "--count", value],
                ["ballot", "vote", b, f"ele-000={value}"],
                ["ballot", "vote", b, value],
                ["session", "attend", s, value],
                ["session", "attend", s, f"{value}=present"],
                ["convene", "--name", "A", "--cohort", value, "--term-start", "2031-01-01",
                 "--term-end", "2032-01-01", "--as", "clerk:greffe"],
                ["convene", "--name", "A", "--cohort", "2031", "--term-start", "2031-01-01",
                 "--term-end", "2032-01-01", "--as", "clerk:greffe", "--subpool", f"x={value}"],
                ["convene", "--name", "A", "--cohort", "2031", "--term-start", "2031-01-01",
                 "--term-end", "2032-01-01", "--as", "clerk:greffe", "--quorum", value],
                ["draw", "commit", "--census-tolerance", value],
                ["draw", "commit", "--census-tolerance", "0.2", "--beacon-round", value],
                ["draw", "commit", "--census-tolerance", "0.2", "--dice-at", "2026-01-20",
                 "--place", "P", "--bailiff", "B", "--witness", "W", "--rolls", value],
            ]
        ),
        label="argv",
    )  # fmt: skip

    outcome = check(world, argv)
    event(f"exit {outcome.code}")


@FUZZ
@given(data=st.data())
def test_given_any_text_when_recorded_then_a_clean_outcome(world, data) -> None:
    s = world.session
    text = data.draw(TEXTS, label="text")
    argv = data.draw(
        st.sampled_from(
            [
                ["member", "decline", "ele-099", "--reason", text],
                ["session", "expert", s, "--name", text, "--affiliation", "B", "--topic", "C"],
                ["session", "schedule", "--kind", "plenary", "--title", text,
                 "--starts-at", "2026-03-01T10:00+01:00"],
                ["ballot", "open", "--session", s, "--motion", "mandate", "--text", text],
                ["member", "accept", "ele-099", "--as", text],
            ]
        ),
        label="argv",
    )  # fmt: skip

    outcome = check(world, argv)
    event(f"exit {outcome.code}")


def _param_types() -> list[click.ParamType]:
    return [
        Timestamp(), Day(), Count(), Share(), SubpoolSeats(), Assigned(Presence),
        Assigned(Choice), ActorName(), TellerName(),
    ]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(range(9)),
    value=st.one_of(TIMES, NUMBER, TEXTS, st.text(max_size=20).map(lambda t: f"ele-1={t}")),
)
def test_given_any_text_when_converted_by_a_param_type_then_a_value_or_bad_parameter(
    kind: int, value: str
) -> None:
    parser = _param_types()[kind]

    try:
        parser.convert(value, None, None)
    except click.BadParameter as refused:
        assert refused.message.strip()
