"""Convening an assembly and moving it through its phases."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import click

from commands.messages import ConveneAssembly, OpenPhase
from core.assembly.charter import DEFAULT_THEMES, Charter, Phase
from services.cli.context import CliContext


def _now() -> datetime:
    return datetime.now(tz=UTC)


@click.command()
@click.option("--name", required=True, help="The assembly's name.")
@click.option("--cohort", required=True, type=int, help="The cohort, usually the year drawn.")
@click.option("--term-start", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--term-end", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--seats", default=100, show_default=True, type=click.IntRange(min=1))
@click.option("--theme", "themes", multiple=True, help="Repeat per theme (default: Paris's three).")
@click.option("--by", required=True, help="Who convenes (the administrator's identity).")
@click.pass_obj
def convene(
    obj: CliContext,
    name: str,
    cohort: int,
    term_start: datetime,
    term_end: datetime,
    seats: int,
    themes: tuple[str, ...],
    by: str,
) -> None:
    """Convene a new assembly (a new cohort) for its term.

    \b
    Example:
      assembly convene --name "Assemblée citoyenne de Paris" --cohort 2026 \\
          --term-start 2026-01-15 --term-end 2027-01-14 --by clerk@paris.fr
    """
    charter = Charter(
        name=name,
        cohort=cohort,
        term_start=term_start.date(),
        term_end=term_end.date(),
        seats=seats,
        themes=themes or DEFAULT_THEMES,
    )
    cmd = ConveneAssembly(charter=charter, at=_now(), by=by)
    assembly_id, position = cmd.assembly_id, obj.app.convene_assembly(cmd)
    obj.emit(
        {"ok": True, "assembly_id": str(assembly_id), "position": position},
        f"convened {name!r} (cohort {cohort}) as {assembly_id} at log position {position}",
    )


@click.command("open-phase")
@click.argument("assembly_id", type=click.UUID)
@click.argument("phase", type=click.Choice([p.value for p in Phase]))
@click.option("--by", required=True, help="Who opens the phase.")
@click.pass_obj
def open_phase(obj: CliContext, assembly_id: UUID, phase: str, by: str) -> None:
    """Open the next phase of an assembly (discovery, then recommendations).

    \b
    Example:
      assembly open-phase 0b6f...e1 discovery --by clerk@paris.fr
    """
    position = obj.app.open_phase(
        OpenPhase(assembly_id=assembly_id, phase=Phase(phase), at=_now(), by=by)
    )
    obj.emit(
        {"ok": True, "position": position},
        f"opened the {phase} phase of {assembly_id} at log position {position}",
    )
