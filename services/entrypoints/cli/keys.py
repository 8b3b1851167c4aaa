"""``assembly keys init|show``: the log key that signs the log's checkpoints."""

from __future__ import annotations

from pathlib import Path

import click

from services.application.audit.checkpoints import origin_of
from services.application.audit.keys import KEY_FILE, LogKey, create_key, load_key
from services.entrypoints.cli import i18n
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import _

KEY_OPTION = click.option(
    "--key",
    "key_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="ASSEMBLY_LOG_KEY",
    help="The private key file (default: $ASSEMBLY_HOME/log.key; env ASSEMBLY_LOG_KEY).",
)


def key_file(obj: CliContext, key_path: Path | None) -> Path:
    return key_path if key_path is not None else obj.settings.home / KEY_FILE


def _describe(obj: CliContext, key: LogKey) -> dict[str, str]:
    verifier = key.verifier(origin_of(obj.settings.stream))
    return {
        "vkey": verifier.vkey,
        "key_name": verifier.name,
        "key_id": verifier.key_id.hex(),
        "legacy_key_id": key.id,
        "public_key": key.public_b64,
        "path": str(key.path),
    }


@click.group(cls=i18n.Group)
def keys() -> None:
    """Manage the log key (Ed25519) that signs checkpoints."""


@keys.command()
@KEY_OPTION
@click.pass_obj
def init(obj: CliContext, key_path: Path | None) -> None:
    """Create the log key, owner-only (0600); never overwrites one.

    Give the printed verifier key (vkey) to the auditors by a channel other than the log:
    they pin it (`audit verify --trust VKEY`) and check checkpoints with it.

    \b
    Example:
      assembly keys init
      assembly keys init --key /run/secrets/log.key
    """
    key = create_key(key_file(obj, key_path))
    facts = _describe(obj, key)
    obj.emit(
        {"ok": True, **facts},
        _(
            "log key {id} created in {path}\n"
            "give auditors this verifier key (they pin it with --trust): {vkey}"
        ).format(id=facts["key_id"], path=key.path, vkey=facts["vkey"]),
    )


@keys.command()
@KEY_OPTION
@click.pass_obj
def show(obj: CliContext, key_path: Path | None) -> None:
    """Print the log key's verifier key (vkey), for auditors to pin (never the private key).

    The vkey alone goes to stdout, so it can be pinned as it is printed.

    \b
    Example:
      assembly audit verify --trust "$(assembly keys show)"
      assembly --json keys show
    """
    key = load_key(key_file(obj, key_path))
    facts = _describe(obj, key)
    if not obj.as_json:
        obj.say(
            _("log key {id} ({path}); its verifier key, for --trust:").format(
                id=facts["key_id"], path=key.path
            )
        )
    obj.emit({"ok": True, **facts}, facts["vkey"])
