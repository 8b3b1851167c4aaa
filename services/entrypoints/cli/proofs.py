"""``assembly audit prove SEQ|ID`` and ``assembly audit check-proof FILE``: one fact, proved
to be in the log, and the proof checked offline by anyone who pinned the log key."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from uuid import UUID

import click
import msgspec

from services.adapters.eventstore.client import RawMessage
from services.adapters.eventstore.records import H_ID, H_TOPIC, H_VERSION
from services.application.audit.errors import AuditInputError
from services.application.audit.proofs import Proof, decode, problems, prove, read_log
from services.application.audit.source import open_source
from services.application.audit.trust import Trust
from services.entrypoints.cli import i18n
from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import N_, _
from services.entrypoints.cli.progress import progress_bar
from services.entrypoints.cli.refusals import translated


def _wanted(target: str) -> Callable[[RawMessage], bool]:
    """SEQ (a log position), or ID[@VERSION] (a record's event; its latest without VERSION)."""
    if target.isdigit():
        seq = int(target)
        return lambda m: m.seq == seq
    record, _sep, version = target.partition("@")
    try:
        rid = str(UUID(record))
    except ValueError:
        raise AuditInputError(
            f"{target} is neither a log position nor a record id (ID or ID@VERSION)"
        ) from None
    if version and not version.isdigit():
        raise AuditInputError(f"{target}: the version after @ is a number")
    return lambda m: (
        m.headers.get(H_ID) == rid and (not version or m.headers.get(H_VERSION) == version)
    )


def proofs_of(
    obj: CliContext, log_file: Path | None, wanted: Callable[[RawMessage], bool]
) -> list[Proof]:
    """Read the log once and prove the wanted messages (refused on a log that fails)."""
    source = open_source(obj.settings, log_file, obj.say)
    try:
        with progress_bar(obj, source.last_seq, N_("proving")):
            checker, kept, broken = read_log(source, wanted)
    finally:
        source.close()
    if broken:
        raise AuditInputError(
            f"the log has {broken} integrity violation(s): no proof is given from it "
            "(`assembly audit verify` names them)"
        )
    return [prove(checker, m) for m in kept]


@click.command("prove", cls=i18n.Command)
@click.argument("target", metavar="SEQ|ID[@VERSION]")
@click.option(
    "--log",
    "log_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An export (`assembly log export`) instead of the live stream.",
)
@click.pass_obj
def prove_(obj: CliContext, target: str, log_file: Path | None) -> None:
    """Print one stored event with its inclusion proof in the latest checkpoint (JSON, see
    README "A proof for one fact"): whoever pinned the log key checks it offline with
    `assembly audit check-proof`, without the log.

    \b
    Example:
      assembly audit prove 1234 > fact-1234.json
      assembly audit prove 6f1c0d2e-…@3 > vote.json
    """
    found = proofs_of(obj, log_file, _wanted(target))
    if not found:
        raise AuditInputError(f"no message {target} in the log")
    click.echo(msgspec.json.encode(found[-1]).decode())


@click.command("check-proof", cls=i18n.Command)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--trust",
    multiple=True,
    metavar="VKEY",
    envvar="ASSEMBLY_TRUST",
    help="The log key to trust, as `assembly keys show` prints it to the operator.",
)
@click.pass_obj
def check_proof(obj: CliContext, file: Path, trust: tuple[str, ...]) -> None:
    """Check a proof (`audit prove`, or every link of `audit trail --prove`) offline, with no
    server: the checkpoint signed by the key you pinned, the message's leaf hash, its
    inclusion path to the checkpoint's root. Exit 0 when it holds, 1 otherwise.

    \b
    Example:
      assembly audit check-proof fact-1234.json --trust assembly-record/ASSEMBLY+1f2e3d4c+AWx…
    """
    keys = Trust.pinned(trust).keys
    proofs = _read(file)
    results = [(p, problems(p, keys)) for p in proofs]
    ok = all(not found for _, found in results)
    obj.emit(
        {
            "ok": ok,
            "proofs": [
                {"seq": p.seq, "ok": not found, "problems": found, "event": _event(p)}
                for p, found in results
            ],
        },
        "\n".join(_line(p, found) for p, found in results),
    )
    if not ok:
        raise click.exceptions.Exit(1)


def _read(file: Path) -> list[Proof]:
    raw = file.read_bytes()
    try:
        parsed = json.loads(raw)
    except ValueError as e:
        raise AuditInputError(f"{file} is not JSON ({e}): give what `audit prove` prints") from None
    items: Iterable[Any] = parsed.get("proofs", [parsed]) if isinstance(parsed, dict) else []
    proofs = [decode(json.dumps(item).encode(), str(file)) for item in items]
    if not proofs:
        raise AuditInputError(f"{file} holds no proof: give what `audit prove` prints")
    return proofs


def _event(p: Proof) -> dict[str, Any]:
    headers = dict(p.headers)
    try:
        payload: Any = json.loads(base64.b64decode(p.data))
    except ValueError:
        payload = None
    return {
        "record": headers.get(H_ID),
        "version": headers.get(H_VERSION),
        "type": headers.get(H_TOPIC),
        "payload": payload,
    }


def _line(p: Proof, found: list[str]) -> str:
    e = _event(p)
    what = _("message #{seq} ({type}, record {record} v{version})").format(
        seq=p.seq, type=e["type"], record=e["record"], version=e["version"]
    )
    if found:
        return _("{what}: the proof does not hold: {why}").format(
            what=what, why="; ".join(translated(f) for f in found)
        )
    witnesses = _(", cosigned by {n}").format(n=len(p.cosignatures)) if p.cosignatures else ""
    return _(
        "{what} is in the log: its inclusion path leads to root {root} of the first {size} "
        "messages, signed by {origin}{witnesses}"
    ).format(what=what, root=p.root, size=p.tree_size, origin=p.origin, witnesses=witnesses)
