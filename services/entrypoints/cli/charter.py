"""The charter as ``assembly convene`` reads it: seats, sub-pools, themes and the rules, as data.

The defaults shown in ``--help`` are the core's own (``Rules()``), never restated here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

import click
from click.core import ParameterSource

from core.assembly import actors
from core.assembly.charter import (
    DEFAULT_THEMES,
    Abstentions,
    Charter,
    ReplacementRule,
    Rules,
    Secrecy,
    Threshold,
)
from services.entrypoints.cli.i18n import N_, _

_RULES = Rules()
_SEATS = re.compile(r"[0-9]{1,6}")  # ASCII digits: "²".isdigit() is true, int("²") fails


class Share(click.ParamType[Decimal]):
    """A share such as 0.5, read as a Decimal: the log must be canonical, never a float."""

    name = "share"

    def convert(
        self, value: Decimal | str, param: click.Parameter | None, ctx: click.Context | None
    ) -> Decimal:
        if isinstance(value, Decimal):
            return value
        try:
            share = Decimal(value.strip())
        except InvalidOperation:
            share = Decimal("NaN")
        if not (share.is_finite() and 0 < share <= 1):
            self.fail(
                _("{value} is not a share above 0 and at most 1, e.g. 0.5").format(
                    value=repr(value)
                ),
                param,
                ctx,
            )
        return share


class SubpoolSeats(click.ParamType[tuple[str, int]]):
    name = "subpool=seats"

    def convert(
        self, value: tuple[str, int] | str, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, int]:
        if isinstance(value, tuple):
            return value
        subpool, _sep, seats = value.partition("=")
        if not (subpool.strip() and _SEATS.fullmatch(seats.strip()) and int(seats) > 0):
            self.fail(
                _("{value} is not SUBPOOL=SEATS, e.g. electoral-rolls=80").format(
                    value=repr(value)
                ),
                param,
                ctx,
            )
        return subpool.strip(), int(seats)


class TellerName(click.ParamType[str]):
    """A teller of the ballots, as the charter names them: recorded ``teller:<name>``."""

    name = "name"

    def convert(self, value: str, param: click.Parameter | None, ctx: click.Context | None) -> str:
        name = value.strip().removeprefix(f"{actors.Role.TELLER.value}:")
        try:
            return str(actors.parse(actors.teller(name)))
        except actors.ActorRefused as e:
            from services.entrypoints.cli.refusals import translated  # noqa: PLC0415

            self.fail(translated(str(e)), param, ctx)


def _rule(option: str, kind: type[Enum], default: Enum, what: str) -> Callable[..., Any]:
    choices = click.Choice([e.value for e in kind])
    return click.option(option, type=choices, default=default.value, show_default=True, help=what)


_OPTIONS = (
    click.option("--seats", default=100, show_default=True, type=click.IntRange(min=1)),
    click.option("--theme", "themes", multiple=True, help="Repeat per theme (default: Paris's)."),
    click.option(
        "--subpool",
        "subpools",
        type=SubpoolSeats(),
        multiple=True,
        help="Seats drawn from a sub-pool; repeat per sub-pool, adding up to --seats.",
    ),
    click.option(
        "--quorum",
        type=Share(),
        default=_RULES.quorum,
        show_default=True,
        help="Share of the seated members who must be present for a vote to count.",
    ),
    _rule(
        "--amendment-threshold", Threshold, _RULES.amendment_threshold, N_("To adopt an amendment.")
    ),
    _rule(
        "--recommendation-threshold",
        Threshold,
        _RULES.recommendation_threshold,
        N_("To adopt a text."),
    ),
    _rule("--mandate-threshold", Threshold, _RULES.mandate_threshold, N_("To pass a mandate.")),
    _rule("--abstentions", Abstentions, _RULES.abstentions, N_("Whether they are votes cast.")),
    _rule(
        "--secrecy", Secrecy, _RULES.secrecy, N_("How ballots are held unless opened otherwise.")
    ),
    _rule("--replacement", ReplacementRule, _RULES.replacement, N_("Which reserve takes a seat.")),
    click.option(
        "--teller",
        "tellers",
        type=TellerName(),
        multiple=True,
        metavar="NAME",
        help="A teller who may record the ballots' votes (as teller:NAME); repeat per teller.",
    ),
    click.option(
        "--executive-response-days",
        type=click.IntRange(min=1),
        default=_RULES.executive_response_days,
        show_default=True,
        help="Days the executive has to answer submitted recommendations.",
    ),
)
_NAMES = frozenset({"seats", "themes", "subpools", "quorum", "executive_response_days"})
_NAMES |= {"amendment_threshold", "recommendation_threshold", "mandate_threshold"}
_NAMES |= {"abstentions", "secrecy", "replacement", "tellers"}


def charter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_OPTIONS):
        command = option(command)
    return command


def charter_given(ctx: click.Context) -> list[str]:
    """The charter options typed (a next cohort keeps its predecessor's, so takes none)."""
    return [
        p.opts[0]
        for p in ctx.command.params
        if p.name in _NAMES and ctx.get_parameter_source(p.name) is not ParameterSource.DEFAULT
    ]


def charter_of(
    *,
    name: str,
    cohort: int,
    term_start: date,
    term_end: date,
    seats: int,
    themes: tuple[str, ...],
    subpools: tuple[tuple[str, int], ...],
    quorum: Decimal,
    executive_response_days: int,
    tellers: tuple[str, ...] = (),
    **rules: str,
) -> Charter:
    subpool_seats = dict(subpools)
    if len(subpool_seats) != len(subpools):
        raise click.BadParameter("a sub-pool is named twice", param_hint="'--subpool'")
    return Charter(
        name=name,
        cohort=cohort,
        term_start=term_start,
        term_end=term_end,
        seats=seats,
        subpool_seats=subpool_seats,
        themes=themes or DEFAULT_THEMES,
        rules=Rules(
            quorum=quorum,
            amendment_threshold=Threshold(rules["amendment_threshold"]),
            recommendation_threshold=Threshold(rules["recommendation_threshold"]),
            mandate_threshold=Threshold(rules["mandate_threshold"]),
            abstentions=Abstentions(rules["abstentions"]),
            secrecy=Secrecy(rules["secrecy"]),
            replacement=ReplacementRule(rules["replacement"]),
            executive_response_days=executive_response_days,
            tellers=tuple(dict.fromkeys(tellers)),
        ),
    )
