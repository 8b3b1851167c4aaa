"""Convening an assembly and moving it through its phases."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import click

from commands.messages import ConveneAssembly, ConveneNextCohort, OpenPhase
from core.assembly.charter import Phase
from services.entrypoints.cli import i18n
from services.entrypoints.cli.acts import Act, Actor, Day, act, actor, nfc
from services.entrypoints.cli.charter import charter_given, charter_of, charter_options
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import _, value


@click.command(cls=i18n.Command)
@click.option("--name", help="The assembly's name (required, unless --from-cohort).")
@click.option("--cohort", required=True, type=int, help="The cohort, usually the year drawn.")
@click.option("--term-start", required=True, type=Day())
@click.option("--term-end", required=True, type=Day())
@click.option(
    "--from-cohort",
    "previous",
    type=click.UUID,
    metavar="PREVIOUS_ID",
    help="Convene the next cohort of this assembly: its charter and rules, never its members.",
)
@charter_options
@actor
@click.pass_context
def convene(
    ctx: click.Context,
    /,
    name: str | None,
    cohort: int,
    term_start: datetime,
    term_end: datetime,
    previous: UUID | None,
    actor: Actor,
    **charter: Any,
) -> None:
    """Convene a new assembly (a new cohort) for its term; prints its id.

    \b
    Example:
      assembly convene --name "Assemblée citoyenne de Paris" --cohort 2026 \\
          --term-start 2026-01-15 --term-end 2027-01-14 --as clerk:greffe \\
          --subpool electoral-rolls=80 --subpool non-eu-residents=15 --subpool minors=5 \\
          --teller dupont --teller martin
      export ASSEMBLY_ID=<the id printed>
      assembly convene --from-cohort $ASSEMBLY_ID --cohort 2027 \\
          --term-start 2027-01-15 --term-end 2028-01-14
    """
    start, end = term_start.date(), term_end.date()
    if previous is not None:
        _refuse_charter_options(ctx, name)
        _convene_next(ctx.obj, previous, cohort, start, end, actor)
        return
    if name is None:
        raise click.MissingParameter(ctx=ctx, param_hint="'--name'", param_type="option")
    chartered = charter_of(name=name, cohort=cohort, term_start=start, term_end=end, **charter)
    cmd = ConveneAssembly(charter=nfc(chartered), at=actor.at, by=actor.by)
    position = ctx.obj.app.execute(cmd)
    what = _("{name} (cohort {cohort})").format(name=repr(name), cohort=cohort)
    _convened(ctx.obj, cmd.assembly_id, position, what)


def _convene_next(
    obj: CliContext, previous: UUID, cohort: int, start: date, end: date, actor: Actor
) -> None:
    cmd = ConveneNextCohort(
        previous=previous, cohort=cohort, term_start=start, term_end=end, at=actor.at, by=actor.by
    )
    position = obj.app.execute(cmd)
    new_id = obj.app.recorded(position).originator_id
    name = obj.app.assembly(new_id).charter.name
    what = _("{name} (cohort {cohort}, rules of {previous})").format(
        name=repr(name), cohort=cohort, previous=previous
    )
    _convened(obj, new_id, position, what)


def _refuse_charter_options(ctx: click.Context, name: str | None) -> None:
    kept = [*(["--name"] if name is not None else []), *charter_given(ctx)]
    if kept:
        raise click.UsageError(
            _("--from-cohort keeps the previous cohort's charter and rules: drop {options}").format(
                options=", ".join(kept)
            )
        )


def _convened(obj: CliContext, assembly_id: UUID, position: int, what: str) -> None:
    obj.emit(
        {"ok": True, "assembly_id": str(assembly_id), "position": position},
        _(
            "convened {what} as {id} at log position {position}\nnext: export ASSEMBLY_ID={id}"
        ).format(what=what, id=assembly_id, position=position),
    )


@click.command("open-phase", cls=i18n.Command)
@click.argument("phase", type=click.Choice([p.value for p in Phase]))
@act
@click.pass_obj
def open_phase(obj: CliContext, phase: str, act: Act) -> None:
    """Open the next phase of an assembly (discovery, then recommendations).

    \b
    Example:
      assembly open-phase discovery --as clerk:greffe --at 2026-02-07T10:00:00+01:00
    """
    position = obj.app.execute(act.command(OpenPhase, phase=Phase(phase)))
    obj.emit(
        {"ok": True, "position": position},
        _("opened the {phase} phase of {id} at log position {position}").format(
            phase=value(phase), id=act.assembly_id, position=position
        ),
    )
