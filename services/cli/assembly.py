"""Convening an assembly and moving it through its phases."""

from __future__ import annotations

from datetime import datetime

import click

from commands.messages import ConveneAssembly, OpenPhase
from core.assembly.charter import DEFAULT_THEMES, Charter, Phase
from services.cli.acts import Act, Actor, act, actor
from services.cli.context import CliContext


@click.command()
@click.option("--name", required=True, help="The assembly's name.")
@click.option("--cohort", required=True, type=int, help="The cohort, usually the year drawn.")
@click.option("--term-start", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--term-end", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--seats", default=100, show_default=True, type=click.IntRange(min=1))
@click.option("--theme", "themes", multiple=True, help="Repeat per theme (default: Paris's three).")
@actor
@click.pass_obj
def convene(
    obj: CliContext,
    name: str,
    cohort: int,
    term_start: datetime,
    term_end: datetime,
    seats: int,
    themes: tuple[str, ...],
    actor: Actor,
) -> None:
    """Convene a new assembly (a new cohort) for its term; prints its id.

    \b
    Example:
      assembly convene --name "Assemblée citoyenne de Paris" --cohort 2026 \\
          --term-start 2026-01-15 --term-end 2027-01-14 --as clerk@paris.fr
      export ASSEMBLY_ID=<the id printed>
    """
    charter = Charter(
        name=name,
        cohort=cohort,
        term_start=term_start.date(),
        term_end=term_end.date(),
        seats=seats,
        themes=themes or DEFAULT_THEMES,
    )
    cmd = ConveneAssembly(charter=charter, at=actor.at, by=actor.by)
    assembly_id, position = cmd.assembly_id, obj.app.convene_assembly(cmd)
    obj.emit(
        {"ok": True, "assembly_id": str(assembly_id), "position": position},
        f"convened {name!r} (cohort {cohort}) as {assembly_id} at log position {position}\n"
        f"next: export ASSEMBLY_ID={assembly_id}",
    )


@click.command("open-phase")
@click.argument("phase", type=click.Choice([p.value for p in Phase]))
@act
@click.pass_obj
def open_phase(obj: CliContext, phase: str, act: Act) -> None:
    """Open the next phase of an assembly (discovery, then recommendations).

    \b
    Example:
      assembly open-phase discovery --as clerk@paris.fr --at 2026-02-07T10:00:00+01:00
    """
    position = obj.app.open_phase(act.command(OpenPhase, phase=Phase(phase)))
    obj.emit(
        {"ok": True, "position": position},
        f"opened the {phase} phase of {act.assembly_id} at log position {position}",
    )
