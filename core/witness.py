"""A C2SP tlog-witness's judgement of one ``add-checkpoint`` request (c2sp.org/tlog-witness).

A witness keeps, per log origin, the latest checkpoint it cosigned, and cosigns a new one only
if it is signed by a key it was configured with for that origin and a consistency proof shows
it extends the one before: so a log cannot show one history to some and another to others
once each has to pass the same witnesses. The request body is an ``old <size>`` line, up to 63
consistency proof lines (base64 hashes), a blank line, then the checkpoint note. The answers,
as the spec gives them: 400 malformed (or old size above the checkpoint's), 404 unknown
origin, 403 no signature by a known key, 409 (body: the size the witness holds, content type
``text/x.tlog.size``) when ``old`` is not that size or the same size has another root, 422 a
consistency proof that does not verify, 200 with the cosignature line(s).

Pure: the caller gives the witness's state for the origin and the time, stores what
``judge`` accepted (atomically with the check, before answering), and signs.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.merkle import verify_consistency
from core.note import (
    Checkpoint,
    InvalidNoteSignature,
    NoteError,
    UnverifiedNote,
    Verifier,
    open_note,
    parse_note,
)

MAX_PROOF = 63
SIZE_TYPE = "text/x.tlog.size"
_OLD = re.compile(r"old (0|[1-9][0-9]*)")


@dataclass(frozen=True)
class Request:
    old: int
    proof: tuple[bytes, ...]
    note: str  # the checkpoint note, signatures included


@dataclass(frozen=True)
class Latest:
    """What the witness holds for one origin: the checkpoint it last cosigned."""

    size: int
    root: bytes
    note: str


@dataclass(frozen=True)
class Refused:
    status: int
    reason: str  # one sentence; for 409, the body is the size instead
    size: int | None = None  # for 409: the size the witness holds

    @property
    def body(self) -> str:
        return f"{self.size}\n" if self.size is not None else self.reason + "\n"

    @property
    def content_type(self) -> str:
        return SIZE_TYPE if self.size is not None else "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Accepted:
    checkpoint: Checkpoint
    text: str  # the checkpoint body the cosignature signs
    note: str


class Malformed(ValueError):
    pass


def parse_request(body: bytes) -> Request:
    """The three parts of the body; ``Malformed`` with the reason otherwise."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("the body is not UTF-8") from None
    head, sep, note = text.partition("\n\n")
    if not sep:
        raise Malformed("no blank line between the consistency proof and the checkpoint")
    lines = head.split("\n")
    m = _OLD.fullmatch(lines[0])
    if m is None:
        raise Malformed(f"the first line must be 'old <size>', not {lines[0][:40]!r}")
    if len(lines) - 1 > MAX_PROOF:
        raise Malformed(f"more than {MAX_PROOF} consistency proof lines")
    proof = []
    for number, line in enumerate(lines[1:], start=1):
        try:
            h = base64.b64decode(line, validate=True)
        except (binascii.Error, ValueError):
            h = b""
        if len(h) != 32:
            raise Malformed(f"consistency proof line {number} is not a base64 SHA-256 hash")
        proof.append(h)
    return Request(int(m.group(1)), tuple(proof), note)


def judge(
    request: Request,
    logs: Mapping[str, Sequence[Verifier]],
    latest: Latest | None,
) -> Accepted | Refused:
    """Accept or refuse ``request`` given the witness's configured logs (origin -> keys) and
    what it holds for the checkpoint's origin (``latest``, None if nothing yet).

    ``latest`` must be read for the origin of the checkpoint: ``origin_of`` gives it."""
    try:
        note = parse_note(request.note)
        checkpoint = Checkpoint.parse(note.text)
    except NoteError as e:
        return Refused(400, f"not a checkpoint note: {e}")
    keys = logs.get(checkpoint.origin)
    if keys is None:
        return Refused(404, f"this witness does not witness the log {checkpoint.origin!r}")
    try:
        open_note(note, keys)
    except (UnverifiedNote, InvalidNoteSignature) as e:
        return Refused(403, f"no valid signature by the log's key: {e}")
    if request.old > checkpoint.size:
        return Refused(
            400, f"old size {request.old} is above the checkpoint's size {checkpoint.size}"
        )
    held = 0 if latest is None else latest.size
    if request.old != held:
        return Refused(409, f"this witness holds size {held}", size=held)
    if latest is not None and checkpoint.size == latest.size:
        if checkpoint.root_hash != latest.root:
            return Refused(409, f"another root for size {held}", size=held)
        return Accepted(checkpoint, note.text, request.note)
    if request.old == 0:
        if request.proof:
            return Refused(422, "the consistency proof from size 0 must be empty")
    elif latest is None or not verify_consistency(
        latest.size, checkpoint.size, latest.root, checkpoint.root_hash, request.proof
    ):
        return Refused(
            422,
            f"the consistency proof does not show size {checkpoint.size} extends size {held}",
        )
    return Accepted(checkpoint, note.text, request.note)


def origin_of(request: Request) -> str | None:
    """The origin line of the request's checkpoint (None if it has none)."""
    first, sep, _ = request.note.partition("\n")
    return first if sep and first else None


def request_body(old: int, proof: Sequence[bytes], note: str) -> bytes:
    """The body a log sends (the inverse of ``parse_request``)."""
    lines = [f"old {old}", *(base64.b64encode(h).decode() for h in proof)]
    return ("\n".join(lines) + "\n\n" + note).encode()
