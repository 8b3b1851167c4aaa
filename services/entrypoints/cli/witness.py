"""``assembly witness init|key|serve``: a C2SP tlog-witness, run by an independent body."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import click

from core.note import NoteError, Verifier
from services.application.witness.keys import KEY_FILE, create_witness_key, load_witness_key
from services.application.witness.service import Witness
from services.application.witness.state import WitnessState
from services.entrypoints.cli import i18n
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import _
from services.entrypoints.cli.waiting import stop_on_signals

STATE_FILE = "witness.sqlite"

_KEY = click.option(
    "--key",
    "key_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="ASSEMBLY_WITNESS_KEY",
    help="The witness's key file (default: $ASSEMBLY_HOME/witness.key; env ASSEMBLY_WITNESS_KEY).",
)


def _key_file(obj: CliContext, key_path: Path | None) -> Path:
    return key_path if key_path is not None else obj.settings.home / KEY_FILE


@click.group(cls=i18n.Group)
def witness() -> None:
    """Witness a log: cosign only checkpoints consistent with those cosigned before."""


@witness.command()
@click.option(
    "--name", required=True, help="The witness's name, a schema-less URL (opposition.paris/w1)."
)
@_KEY
@click.pass_obj
def init(obj: CliContext, name: str, key_path: Path | None) -> None:
    """Create the witness's key (Ed25519, owner-only); never overwrites one. Its verifier
    key is printed and written beside it (``witness.vkey``: public).

    Give the verifier key to the log's operator and to the auditors.

    \b
    Example:
      assembly witness init --name opposition.conseil.paris/w1
    """
    path = _key_file(obj, key_path)
    signer = create_witness_key(path, name)
    vkey = signer.verifier.vkey
    public = path.with_suffix(".vkey")
    public.write_text(vkey + "\n")
    obj.emit(
        {"ok": True, "name": name, "vkey": vkey, "path": str(path), "vkey_file": str(public)},
        _("witness key created in {path}\nverifier key (also in {public}): {vkey}").format(
            path=path, public=public, vkey=vkey
        ),
    )


@witness.command()
@_KEY
@click.pass_obj
def key(obj: CliContext, key_path: Path | None) -> None:
    """Print the witness's verifier key (never the private key).

    \b
    Example:
      assembly witness key
    """
    signer = load_witness_key(_key_file(obj, key_path))
    obj.emit(
        {"ok": True, "name": signer.name, "vkey": signer.verifier.vkey},
        _("verifier key: {vkey}").format(vkey=signer.verifier.vkey),
    )


def _logs(values: tuple[str, ...]) -> dict[str, list[Verifier]]:
    logs: dict[str, list[Verifier]] = {}
    for value in values:
        if "+" not in value:  # the path of a file holding it (a container's secret)
            try:
                value = Path(value).read_text().strip()  # noqa: PLW2901
            except OSError as e:
                raise click.BadParameter(
                    _("{value} is neither a verifier key nor a file holding one ({error})").format(
                        value=value, error=e.strerror
                    ),
                    param_hint="--log",
                ) from None
        try:
            v = Verifier.from_vkey(value)
        except NoteError as e:
            raise click.BadParameter(str(e), param_hint="--log") from None
        logs.setdefault(v.name, []).append(v)
    if not logs:
        raise click.UsageError(_("give at least one --log VKEY: the logs this witness accepts"))
    return logs


def _listen(value: str) -> socket.socket:
    from services.entrypoints.witness_http import listening_socket  # noqa: PLC0415

    host, _sep, port = value.rpartition(":")
    try:
        sock = listening_socket(host or "127.0.0.1", int(port))
    except (ValueError, OSError) as e:
        raise click.BadParameter(
            _("cannot listen on {value}: {e}").format(value=value, e=e), param_hint="--listen"
        ) from None
    return sock


@witness.command()
@_KEY
@click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="ASSEMBLY_WITNESS_STATE",
    help="Its memory, SQLite (default: $ASSEMBLY_HOME/witness.sqlite).",
)
@click.option(
    "--log",
    "log_keys",
    multiple=True,
    metavar="VKEY",
    envvar="ASSEMBLY_WITNESS_LOGS",
    help="A log's verifier key, or a file holding it (its name is the log's origin); repeatable.",
)
@click.option("--listen", default="127.0.0.1:8080", show_default=True, metavar="HOST:PORT")
@click.pass_obj
def serve(
    obj: CliContext,
    key_path: Path | None,
    state_path: Path | None,
    log_keys: tuple[str, ...],
    listen: str,
) -> None:
    """Serve POST /add-checkpoint (c2sp.org/tlog-witness) until SIGTERM or SIGINT.

    The witness cosigns a checkpoint of a configured log only if the log's key signed it and
    a consistency proof shows it extends the last one it cosigned, which it keeps, on disk
    before answering, and never goes back on.

    \b
    Example:
      assembly witness serve --log "assembly-record/ASSEMBLY+1a2b3c4d+AQ..." \\
          --listen 0.0.0.0:8080
    """
    import uvicorn  # noqa: PLC0415 - only the server needs it

    from services.entrypoints.witness_http import witness_app  # noqa: PLC0415

    logs = _logs(log_keys)
    signer = load_witness_key(_key_file(obj, key_path))
    state = WitnessState(state_path or obj.settings.home / STATE_FILE)
    sock = _listen(listen)
    try:
        host, port = sock.getsockname()[:2]
        service = Witness(signer, logs, state)
        held = ", ".join(f"{o} at {service.latest[o].size}" for o in logs if o in service.latest)
        obj.say(
            _("witness {name} listening on {url} for {logs} ({held})").format(
                name=signer.name,
                url=f"http://{host}:{port}",
                logs=", ".join(sorted(logs)),
                held=held or _("nothing cosigned yet"),
            )
        )
        config = uvicorn.Config(
            witness_app(service), log_level="warning", access_log=False, lifespan="on"
        )
        server = uvicorn.Server(config)
        # uvicorn in a thread of its own (it then leaves the signals alone): SIGTERM stops it
        # gracefully and the command exits 0, as the checkpointer's service does.
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        stop = stop_on_signals()
        while thread.is_alive() and not stop.wait(0.5):
            pass
        server.should_exit = True
        thread.join()
        obj.say("stopped")
    finally:
        sock.close()
        state.close()
