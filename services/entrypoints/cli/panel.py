"""``assembly panel receive``: the drawn panel and its reserves reach the assembly."""

from __future__ import annotations

from typing import BinaryIO
from uuid import UUID

import click
import msgspec

from commands.messages import ReceivePanel
from core.assembly.membership.members import Drawn
from services.entrypoints.cli import i18n
from services.entrypoints.cli.acts import Act, act
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import _
from services.entrypoints.cli.refusals import translated


class PanelFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The draw's hand-over: pseudonyms, sub-pool and criteria only, never personal data."""

    panel: tuple[Drawn, ...]
    reserves: tuple[Drawn, ...] = ()
    draw: UUID | None = None


def read_panel(file: BinaryIO) -> PanelFile:
    try:
        return msgspec.json.decode(file.read(), type=PanelFile)
    except msgspec.ValidationError as e:  # says where, e.g. `$.panel[3].subpool`
        raise click.BadParameter(
            _("{file} is not a panel: {e}").format(file=file.name, e=translated(str(e))),
            param_hint="FILE",
        ) from e
    except msgspec.DecodeError as e:
        raise click.BadParameter(
            _("{file} is not JSON: {e}").format(file=file.name, e=translated(str(e))),
            param_hint="FILE",
        ) from e


@click.group(cls=i18n.Group)
def panel() -> None:
    """Receive the panel drawn by lot."""


@panel.command()
@click.argument("file", type=click.File("rb"))
@act
@click.pass_obj
def receive(obj: CliContext, file: BinaryIO, act: Act) -> None:
    """Receive the drawn panel (invited) and reserves (in reserve order) from a JSON file.

    \b
    FILE holds pseudonyms, sub-pools and criteria, never names:
      {"draw": null,
       "panel": [{"pseudonym": "ele-000", "subpool": "electoral-rolls",
                  "criteria": {"gender": "f", "age": "25-34", ...}}, ...],
       "reserves": [...]}

    \b
    Example:
      assembly panel receive paris-panel.json --as clerk:greffe
    """
    drawn = read_panel(file)
    cmd = act.command(ReceivePanel, panel=drawn.panel, reserves=drawn.reserves, draw=drawn.draw)
    position = obj.app.execute(cmd)
    obj.emit(
        {
            "ok": True,
            "position": position,
            "panel": len(drawn.panel),
            "reserves": len(drawn.reserves),
        },
        _(
            "received a panel of {panel} (invited) and {reserves} reserves at log position "
            "{position}"
        ).format(panel=len(drawn.panel), reserves=len(drawn.reserves), position=position),
    )
