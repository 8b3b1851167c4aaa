"""``assembly recommendation ...``: texts drafted by a working group and amended by members
(the ballots that decide them are ``assembly ballot``); their follow-up is in followup.py."""

from __future__ import annotations

from typing import TextIO
from uuid import UUID

import click

from commands.messages import DraftRecommendation, TableAmendment, WithdrawAmendment
from services.entrypoints.cli import i18n
from services.entrypoints.cli.acts import Act, act
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.followup import FOLLOW_UP
from services.entrypoints.cli.i18n import N_, _
from services.entrypoints.cli.inputs import text_of, text_options

REC = click.argument("recommendation_id", metavar="REC", type=click.UUID)


@click.group(commands=FOLLOW_UP, cls=i18n.Group)
def recommendation() -> None:
    """Draft and amend recommendations, then follow them to the executive and the Council."""


@recommendation.command()
@click.option("--group", required=True, metavar="THEME", help="The working group drafting it.")
@click.option("--title", required=True)
@text_options(N_("The recommendation's text"), N_("The recommendation's text, from a file."))
@act
@click.pass_obj
def draft(
    obj: CliContext, group: str, title: str, text: str | None, text_file: TextIO | None, act: Act
) -> None:
    """Record a working group's draft (in the recommendations phase); prints its id.

    \b
    Example:
      assembly recommendation draft --group environment --title "Shade in schoolyards" \\
          --text-file shade.md
    """
    body = text_of(text, text_file)
    cmd = act.command(DraftRecommendation, group=group, title=title, text=body)
    position = obj.app.execute(cmd)
    rid = cmd.recommendation_id
    text = _("drafted {title} (version 1) as {id}").format(title=repr(title), id=rid)
    obj.done(position, text, recommendation_id=rid)


@recommendation.command()
@REC
@click.option("--member", required=True, help="The seated member tabling it.")
@text_options(
    N_("The whole text as the amendment would have it"),
    N_("The whole text as the amendment would have it, from a file."),
)
@act
@click.pass_obj
def amend(
    obj: CliContext,
    recommendation_id: UUID,
    member: str,
    text: str | None,
    text_file: TextIO | None,
    act: Act,
) -> None:
    """Table a member's amendment: the whole text as amended; prints the amendment's id.

    \b
    Example:
      assembly recommendation amend 9a0b...17 --member ele-007 --text-file shade-v2.md
    """
    body = text_of(text, text_file)
    cmd = act.command(TableAmendment, recommendation_id=recommendation_id, member=member, text=body)
    position = obj.app.execute(cmd)
    aid = cmd.amendment_id
    text = _("{member} tabled amendment {id}").format(member=member, id=aid)
    obj.done(position, text, amendment_id=aid)


@recommendation.command("withdraw-amendment")
@click.argument("amendment_id", metavar="AMENDMENT", type=click.UUID)
@click.option("--member", required=True, help="Its author: only they withdraw it.")
@act
@click.pass_obj
def withdraw_amendment(obj: CliContext, amendment_id: UUID, member: str, act: Act) -> None:
    """Record that an amendment's author withdrew it, before it is put to the vote.

    \b
    Example:
      assembly recommendation withdraw-amendment 5e6f...aa --member ele-007
    """
    cmd = act.command(WithdrawAmendment, amendment_id=amendment_id, member=member)
    position = obj.app.execute(cmd)
    text = _("{member} withdrew amendment {id}").format(member=member, id=amendment_id)
    obj.done(position, text, amendment_id=amendment_id)
