"""``assembly keys init|show``: the log key that signs the log's checkpoints."""

from __future__ import annotations

from pathlib import Path

import click

from services.application.audit.keys import KEY_FILE, LogKey, create_key, load_key
from services.entrypoints.cli.context import CliContext

KEY_OPTION = click.option(
    "--key",
    "key_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="ASSEMBLY_LOG_KEY",
    help=f"The private key file (default: $ASSEMBLY_HOME/{KEY_FILE}; env ASSEMBLY_LOG_KEY).",
)


def key_file(obj: CliContext, key_path: Path | None) -> Path:
    return key_path if key_path is not None else obj.settings.home / KEY_FILE


def _describe(key: LogKey) -> dict[str, str]:
    return {"key_id": key.id, "public_key": key.public_b64, "path": str(key.path)}


@click.group()
def keys() -> None:
    """Manage the log key (Ed25519) that signs checkpoints."""


@keys.command()
@KEY_OPTION
@click.pass_obj
def init(obj: CliContext, key_path: Path | None) -> None:
    """Create the log key, owner-only (0600); never overwrites one.

    Give the printed public key to the auditors: they check checkpoints with it.

    \b
    Example:
      assembly keys init
      assembly keys init --key /run/secrets/log.key
    """
    key = create_key(key_file(obj, key_path))
    facts = _describe(key)
    obj.emit(
        {"ok": True, **facts},
        f"log key {key.id} created in {key.path}\npublic key (Ed25519, base64): {key.public_b64}",
    )


@keys.command()
@KEY_OPTION
@click.pass_obj
def show(obj: CliContext, key_path: Path | None) -> None:
    """Print the log key's id and public key (never the private key).

    \b
    Example:
      assembly --json keys show
    """
    key = load_key(key_file(obj, key_path))
    obj.emit(
        {"ok": True, **_describe(key)},
        f"log key {key.id} ({key.path})\npublic key (Ed25519, base64): {key.public_b64}",
    )
