"""``assembly member ...``: invitations answered, seats taken and left, reserves called, groups."""

from __future__ import annotations

from collections import Counter
from uuid import UUID

import click
import msgspec

from commands.messages import (
    AcceptInvitation,
    CallReserve,
    ChooseWorkingGroup,
    DeclineInvitation,
    RemoveMember,
    SeatMember,
    WithdrawMember,
)
from core.assembly.membership.facts import ReserveCalled
from core.assembly.membership.members import Member, Status
from core.errors import DomainError
from services.entrypoints.cli import i18n
from services.entrypoints.cli.acts import Act, act, on_assembly
from services.entrypoints.cli.contacts import contacts
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import N_, _, value


def quotas_of_call(called: ReserveCalled) -> str:
    """The read models' words for how a call stood against the quotas (projections.roster,
    imported with SQLAlchemy when a reserve is called, not for every member command)."""
    from projections.roster import quotas_of_call as words  # noqa: PLC0415

    return words(called)


@click.group(cls=i18n.Group)
def member() -> None:
    """Record what the panel's members do: accept, take their seat, leave, are replaced."""


@member.command()
@click.argument("pseudonym", metavar="MEMBER")
@act
@click.pass_obj
def accept(obj: CliContext, pseudonym: str, act: Act) -> None:
    """Record that an invited member accepted their invitation.

    \b
    Example:
      assembly member accept ele-007 --as clerk:greffe --at 2026-02-03
    """
    position = obj.app.execute(act.command(AcceptInvitation, member=pseudonym))
    obj.done(
        position, _("{member} accepted their invitation").format(member=pseudonym), member=pseudonym
    )


@member.command()
@click.argument("pseudonym", metavar="MEMBER")
@click.option("--reason", default="", help="Why, if they said (optional).")
@act
@click.pass_obj
def decline(obj: CliContext, pseudonym: str, reason: str, act: Act) -> None:
    """Record that an invited member declined; their seat can then go to a reserve.

    \b
    Example:
      assembly member decline ele-012 --reason "moving away"
    """
    cmd = act.command(DeclineInvitation, member=pseudonym, reason=reason)
    position = obj.app.execute(cmd)
    obj.done(
        position, _("{member} declined their invitation").format(member=pseudonym), member=pseudonym
    )


@member.command()
@click.argument("pseudonyms", metavar="MEMBER...", nargs=-1, required=True)
@act
@click.pass_obj
def seat(obj: CliContext, pseudonyms: tuple[str, ...], act: Act) -> None:
    """Seat members who accepted, one act each, in order; stops at the first refusal.

    \b
    Example:
      assembly member seat ele-007 ele-008 non-002 --at 2026-02-07T10:00:00+01:00
    """
    positions: list[int] = []
    for pseudonym in pseudonyms:
        try:
            positions.append(obj.app.execute(act.command(SeatMember, member=pseudonym)))
        except DomainError as refused:
            if len(pseudonyms) > 1:
                refused.add_note(_seated_before(pseudonyms, len(positions)))
            raise
        obj.say(
            _("seated {member} (log position {position})").format(
                member=pseudonym, position=positions[-1]
            )
        )
    text = _("seated {members}").format(members=", ".join(pseudonyms))
    obj.done(positions[-1], text, seated=list(pseudonyms), positions=positions)


def _seated_before(pseudonyms: tuple[str, ...], n: int) -> str:
    """A note on the refusal, in English like the refusal (both are shown translated)."""
    names = f" ({', '.join(pseudonyms[:n])})" if n else ""
    untried = len(pseudonyms) - n - 1
    return N_("seated {n} of {total} before this refusal{names}, {untried} not tried").format(
        n=n, total=len(pseudonyms), names=names, untried=untried
    )


@member.command()
@click.argument("pseudonym", metavar="MEMBER")
@click.option("--reason", required=True, help="Why they leave, as they said it.")
@act
@click.pass_obj
def withdraw(obj: CliContext, pseudonym: str, reason: str, act: Act) -> None:
    """Record that a member left of their own accord (the organisers' act is `remove`).

    \b
    Example:
      assembly member withdraw ele-007 --reason "new job abroad"
    """
    cmd = act.command(WithdrawMember, member=pseudonym, reason=reason)
    position = obj.app.execute(cmd)
    text = _("{member} withdrew: {reason}").format(member=pseudonym, reason=reason)
    obj.done(position, text, member=pseudonym)


@member.command()
@click.argument("pseudonym", metavar="MEMBER")
@click.option("--reason", required=True, help="Why the organisers remove them (on the record).")
@act
@click.pass_obj
def remove(obj: CliContext, pseudonym: str, reason: str, act: Act) -> None:
    """Record that the organisers removed a member, with the reason.

    \b
    Example:
      assembly member remove ele-007 --reason "absent from five sessions without word"
    """
    position = obj.app.execute(act.command(RemoveMember, member=pseudonym, reason=reason))
    text = _("removed {member}: {reason}").format(member=pseudonym, reason=reason)
    obj.done(position, text, member=pseudonym)


@member.command()
@click.argument("vacated", metavar="VACATED")
@act
@click.pass_obj
def replace(obj: CliContext, vacated: str, act: Act) -> None:
    """Call a reserve to a vacated seat, by the replacement rule in the charter.

    The reserve called is the first, in the rule's order, who keeps every quota the draw
    committed for the sub-pool, counting everyone seated, accepted or invited (reserves
    already called included) and the seats still vacant; if none can, the one who breaches
    them least, and the output says by how many seats and which quotas.

    \b
    Example:
      assembly member replace ele-007
      assembly --json member replace ele-012
    """
    position = obj.app.execute(act.command(CallReserve, vacated=vacated))
    called = obj.app.recorded(position)
    assert isinstance(called, ReserveCalled)  # the fact the call just recorded
    stood = quotas_of_call(called)
    text = _("called reserve {reserve} to replace {vacated} (they are invited)").format(
        reserve=called.reserve, vacated=vacated
    )
    obj.done(
        position,
        f"{text}, {stood}" if stood else text,
        vacated=vacated,
        reserve=called.reserve,
        keeps_quotas=called.keeps_quotas,
        breach=called.breach,
        breached=msgspec.to_builtins(called.breached),
    )


@member.command("join-group")
@click.argument("pseudonym", metavar="MEMBER")
@click.argument("group")
@act
@click.pass_obj
def join_group(obj: CliContext, pseudonym: str, group: str, act: Act) -> None:
    """Record the working group (one per theme) a seated member chose.

    \b
    Example:
      assembly member join-group ele-007 "public space"
      assembly member join-group ele-008 "espace public"   # the same group, in French
    """
    position = obj.app.execute(act.command(ChooseWorkingGroup, member=pseudonym, group=group))
    theme = getattr(obj.app.recorded(position), "group", group)  # the charter's own name
    text = _("{member} joined the {theme} working group").format(member=pseudonym, theme=theme)
    obj.done(position, text, member=pseudonym)


@member.command("list")
@on_assembly
@click.pass_obj
def list_members(obj: CliContext, assembly_id: UUID) -> None:
    """List the panel and reserves: sub-pool, status, working group, who replaced whom.

    \b
    Example:
      assembly member list | grep seated
      assembly --json member list
    """
    assembly = obj.app.assembly(assembly_id)
    members = list(assembly.members.values())
    trained = Counter(m for t in assembly.trainings.values() for m in t.present())
    counts = Counter(m.status.value for m in members)
    summary = ", ".join(
        _("{n} {status}").format(n=n, status=value(status)) for status, n in counts.items()
    )
    listed = [
        {**msgspec.to_builtins(m), "trainings_attended": trained[m.pseudonym]} for m in members
    ]
    obj.emit(
        {"ok": True, "assembly_id": str(assembly_id), "members": listed},
        "\n".join(
            [
                *_aligned(
                    [tuple(_(c) for c in _COLUMNS)],
                    [_cells(m, trained[m.pseudonym]) for m in members],
                ),
                summary or _("no panel yet"),
            ]
        ),
    )


_COLUMNS = (
    N_("member"),
    N_("sub-pool"),
    N_("status"),
    N_("group"),
    N_("trained"),
    N_("replaces"),
    N_("replaced by"),
)


def _cells(m: Member, trained: int) -> tuple[str, ...]:
    status = (
        _("reserve {rank}").format(rank=m.reserve_rank)
        if m.status is Status.RESERVE
        else value(m.status.value)
    )
    optional = (m.replaces, m.replaced_by)
    return (
        m.pseudonym,
        m.subpool,
        status,
        m.group or "-",
        str(trained),
        *(v or "-" for v in optional),
    )


def _aligned(heads: list[tuple[str, ...]], rows: list[tuple[str, ...]]) -> list[str]:
    """Each column as wide as its widest cell (pseudonyms are as long as the pool makes them)."""
    lines = heads + rows
    widths = [max(len(line[i]) for line in lines) for i in range(len(heads[0]))]
    return [
        " ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines
    ]


member.add_command(contacts)
