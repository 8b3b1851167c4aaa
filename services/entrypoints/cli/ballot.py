"""``assembly ballot ...``: ballots opened on a motion, votes cast, the outcome by the rules."""

from __future__ import annotations

import re
from uuid import UUID

import click
import msgspec

from commands.messages import CastVotes, CloseBallot, OpenBallot
from core.assembly.ballots.model import Ballot, Choice, Motion, MotionKind, Outcome, Tally
from core.assembly.charter import Secrecy
from core.assembly.state import Assembly
from services.entrypoints.cli import i18n
from services.entrypoints.cli.acts import Act, act
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import _, ngettext, value
from services.entrypoints.cli.inputs import MaybeAssigned, by_member
from services.entrypoints.cli.refusals import translated

_count = re.compile(r"[0-9]{1,9}")  # ASCII digits: "²".isdigit() is true, int("²") fails
BALLOT = click.argument("ballot_id", metavar="BALLOT", type=click.UUID)


class Count(click.ParamType[Tally]):
    """The tellers' count of a secret ballot: ``IN_FAVOUR,AGAINST,ABSTENTIONS``."""

    name = "in_favour,against,abstentions"

    def convert(
        self, value: Tally | str, param: click.Parameter | None, ctx: click.Context | None
    ) -> Tally:
        if isinstance(value, Tally):
            return value
        numbers = [n.strip() for n in value.split(",")]
        if len(numbers) != 3 or not all(_count.fullmatch(n) for n in numbers):
            self.fail(
                _("{value} is not IN_FAVOUR,AGAINST,ABSTENTIONS, e.g. 52,31,7").format(
                    value=repr(value)
                ),
                param,
                ctx,
            )
        in_favour, against, abstentions = map(int, numbers)
        return Tally(in_favour=in_favour, against=against, abstentions=abstentions)


@click.group(cls=i18n.Group)
def ballot() -> None:
    """Put motions to the vote: amendments, recommendations, mandates."""


@ballot.command("open")
@click.option("--session", "session_id", required=True, type=click.UUID, help="An open session.")
@click.option("--motion", required=True, type=click.Choice([k.value for k in MotionKind]))
@click.option("--subject", type=click.UUID, help="The amendment or recommendation decided.")
@click.option("--text", required=True, help="The motion as put to the assembly.")
@click.option("--secret", is_flag=True, help="Only who took part is recorded.")
@click.option("--roll-call", is_flag=True, help="Each member's choice is recorded.")
@act
@click.pass_obj
def open_ballot(
    obj: CliContext,
    session_id: UUID,
    motion: str,
    subject: UUID | None,
    text: str,
    secret: bool,
    roll_call: bool,
    act: Act,
) -> None:
    """Open a ballot on a motion in an open session; prints its id. Secrecy: the charter's.

    \b
    Example:
      assembly ballot open --session 6f1c...e2 --motion amendment --subject 9a0b...17 \\
          --text "Amendment 3 to 'Shade in schoolyards'" --roll-call
    """
    if secret and roll_call:
        raise click.UsageError(_("a ballot is --secret or --roll-call, not both"))
    secrecy = Secrecy.SECRET if secret else Secrecy.ROLL_CALL if roll_call else None
    put = Motion(kind=MotionKind(motion), subject=subject, text=text)
    cmd = act.command(OpenBallot, session_id=session_id, motion=put, secrecy=secrecy)
    position = obj.app.execute(cmd)
    opened = obj.app.assembly(act.assembly_id).ballots[cmd.ballot_id]
    how = _("opened a {secrecy} ballot on {text} (needs {threshold}) as {id}").format(
        secrecy=value(opened.secrecy.value),
        text=repr(text),
        threshold=value(opened.threshold.value),
        id=cmd.ballot_id,
    )
    obj.done(position, how, ballot_id=cmd.ballot_id)


@ballot.command()
@BALLOT
@click.argument("votes", nargs=-1, type=MaybeAssigned(Choice), metavar="MEMBER[=CHOICE]...")
@act
@click.pass_obj
def vote(
    obj: CliContext, ballot_id: UUID, votes: tuple[tuple[str, Choice | None], ...], act: Act
) -> None:
    """Record members' votes: all of them, or none.

    A roll call records each member's choice (MEMBER=CHOICE); a secret ballot records who
    took part, never the choice: name the members alone (the tellers give the count when
    it closes, `ballot close --count`).

    Who records each vote: with --as teller:NAME (a teller the charter names) the teller;
    with --as member:P only P's own vote; otherwise (the clerk at the desk) each vote is
    recorded as the member's own, member:<pseudonym>.

    \b
    Example:
      assembly ballot vote 3c5d...90 ele-000=in-favour ele-001=against ele-002=abstain
      assembly ballot vote 7e2a...41 ele-000 ele-001 ele-002    # a secret ballot
      assembly ballot vote 7e2a...41 ele-003 --as teller:dupont
    """
    cmd = act.command(CastVotes, ballot_id=ballot_id, votes=by_member(votes, "MEMBER[=CHOICE]"))
    position = obj.app.execute(cmd)
    n = len(cmd.votes)
    said = (
        ngettext(
            "recorded that {n} member took part", "recorded that {n} members took part", n
        ).format(n=n)
        if all(choice is None for choice in cmd.votes.values())
        else ngettext("recorded {n} vote", "recorded {n} votes", n).format(n=n)
    )
    obj.done(position, said, voters=list(cmd.votes))


@ballot.command("close")
@BALLOT
@click.option("--count", type=Count(), help="The tellers' count (needed for a secret ballot).")
@act
@click.pass_obj
def close_ballot(obj: CliContext, ballot_id: UUID, count: Tally | None, act: Act) -> None:
    """Close a ballot and print the outcome: tally, quorum, threshold, and the rule applied.

    \b
    Example:
      assembly ballot close 3c5d...90 --count 52,31,7
    """
    position = obj.app.execute(act.command(CloseBallot, ballot_id=ballot_id, count=count))
    state = obj.app.assembly(act.assembly_id)
    closed = state.ballots[ballot_id]
    assert closed.outcome is not None  # the close just recorded it
    obj.emit(
        {"ok": True, "position": position, "outcome": msgspec.to_builtins(closed.outcome)},
        "\n".join([*_outcome(closed, closed.outcome), *_decided(state, closed)]),
    )


def _outcome(ballot: Ballot, o: Outcome) -> list[str]:
    t, quorum = o.tally, _("met") if o.quorum_met else _("NOT met")
    return [
        _("{outcome}: {text}").format(
            outcome=_("ADOPTED") if o.adopted else _("NOT ADOPTED"), text=ballot.motion.text
        ),
        _("  tally: {in_favour} in favour, {against} against, {abstentions} abstentions").format(
            in_favour=t.in_favour, against=t.against, abstentions=t.abstentions
        )
        + f" ({value(ballot.secrecy.value)})",
        _("  quorum: {present} present of {seated} seated, {needed} needed: {met}").format(
            present=o.present, seated=o.seated, needed=o.quorum_needed, met=quorum
        ),
        _("  threshold: {threshold}, {needed} of {cast} votes cast needed").format(
            threshold=value(o.threshold.value), needed=o.needed, cast=o.votes_cast
        ),
        _("  rule: {rule}").format(rule=translated(o.rule)),
    ]


def _decided(state: Assembly, ballot: Ballot) -> list[str]:
    """What the outcome changed: the amended text's new version, the recommendation's status."""
    subject, kind = ballot.motion.subject, ballot.motion.kind
    if subject is None or kind is MotionKind.MANDATE:
        return []
    if kind is MotionKind.AMENDMENT:
        amendment = state.amendments[subject]
        rec = state.recommendations[amendment.recommendation]
        return [
            _("amendment {status}; {title} is at version {n}").format(
                status=value(amendment.status.value), title=repr(rec.title), n=rec.current.number
            )
        ]
    rec = state.recommendations[subject]
    return [
        _("{title} is {status} (version {n})").format(
            title=repr(rec.title), status=value(rec.status.value), n=rec.current.number
        )
    ]
