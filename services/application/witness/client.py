"""The log's side of tlog-witness: send a new checkpoint to each configured witness, with a
consistency proof from the size the witness last cosigned, and keep the cosignatures back.

``ASSEMBLY_WITNESSES`` (or ``checkpoint --witnesses``) lists the witnesses, separated by
commas: each ``URL VKEY``, the witness's submission prefix and its verifier key (or the path
of a file holding it). A witness that answers 409 holds another size: the request is sent
again with that size's proof. A cosignature is kept only if it verifies under the witness's
key; a witness that is down or refuses is reported, and the checkpoint is kept without its
cosignature (auditors decide, by their quorum, whether that is enough).
"""

from __future__ import annotations

import http.client
import socket
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from core.note import Note, NoteError, Signature, Verifier, open_note, parse_note
from core.witness import SIZE_TYPE, request_body
from services.application.audit.errors import AuditInputError

ATTEMPTS = 3  # a 409 is answered with the size to use; more than twice means a race


class WitnessSettingError(AuditInputError):
    """ASSEMBLY_WITNESSES (or --witnesses) cannot be used; the message says which entry."""


class WitnessFailed(Exception):
    """A witness did not cosign: down, or refused (the message has its status and reason)."""


@dataclass(frozen=True)
class WitnessConfig:
    url: str  # the submission prefix
    verifier: Verifier  # its cosignature/v1 key


def parse_witnesses(value: str | None) -> list[WitnessConfig]:
    out: list[WitnessConfig] = []
    for number, raw in enumerate((value or "").split(","), start=1):
        entry = raw.strip()
        if not entry:
            continue
        url, _, vkey = entry.partition(" ")
        vkey = vkey.strip()
        if "+" not in vkey and vkey:
            try:
                vkey = Path(vkey).read_text().strip()
            except OSError as e:
                raise WitnessSettingError(
                    f"witness {number}: cannot read its verifier key file {vkey}: {e.strerror}"
                ) from None
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise WitnessSettingError(
                f"witness {number}: {url!r} is not an http(s) URL; give 'URL VKEY' per witness"
            )
        try:
            verifier = Verifier.from_vkey(vkey)
        except NoteError as e:
            raise WitnessSettingError(f"witness {number} ({url}): {e}") from None
        out.append(WitnessConfig(url.rstrip("/"), verifier))
    return out


@dataclass
class WitnessClient:
    """One witness, over one keep-alive connection; remembers the size it last cosigned."""

    config: WitnessConfig
    timeout: float = 10.0
    known_size: int = 0
    _conn: http.client.HTTPConnection | None = field(default=None, repr=False)

    def _post(self, body: bytes) -> tuple[int, str, str]:
        parsed = urllib.parse.urlsplit(self.config.url)
        path = parsed.path + "/add-checkpoint"
        for attempt in (1, 2):  # a kept-alive connection the witness closed: once more
            if self._conn is None:
                kind = (
                    http.client.HTTPSConnection
                    if parsed.scheme == "https"
                    else http.client.HTTPConnection
                )
                self._conn = kind(parsed.netloc, timeout=self.timeout)
            try:
                if self._conn.sock is None:  # headers and body go apart: no Nagle delay
                    self._conn.connect()
                    sock: socket.socket = self._conn.sock  # type: ignore[assignment]
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self._conn.request(
                    "POST", path, body, {"Content-Type": "text/plain; charset=utf-8"}
                )
                r = self._conn.getresponse()
                text = r.read().decode("utf-8", "replace")
                return r.status, r.headers.get("Content-Type", ""), text
            except (OSError, http.client.HTTPException) as e:
                self.close()
                if attempt == 2:
                    raise WitnessFailed(f"{self.config.url} did not answer: {e}") from None
        raise AssertionError("unreachable")

    def cosign(self, note: str, size: int, proof: Callable[[int], list[bytes]]) -> list[Signature]:
        """The witness's valid cosignatures on ``note`` (a checkpoint of ``size``); ``proof(old)``
        gives the consistency proof from ``old`` to ``size``."""
        old = min(self.known_size, size)
        for _ in range(ATTEMPTS):
            status, kind, text = self._post(request_body(old, proof(old) if old else [], note))
            if status == 409 and kind.startswith(SIZE_TYPE) and text.strip().isdigit():
                held = int(text.strip())
                if held > size:
                    raise WitnessFailed(
                        f"{self.config.url} has cosigned size {held}, beyond this checkpoint's "
                        f"{size}: the log went back, or another signs for it"
                    )
                if held == old:
                    raise WitnessFailed(f"{self.config.url} holds another root at size {held}")
                old = held
                continue
            if status != 200:
                raise WitnessFailed(f"{self.config.url} refused ({status}): {text.strip()[:200]}")
            signatures = self._valid(note, text)
            self.known_size = size
            return signatures
        raise WitnessFailed(f"{self.config.url} kept answering 409 (another log writer?)")

    def _valid(self, note: str, lines: str) -> list[Signature]:
        try:
            body = parse_note(note)
            answer = parse_note(body.text + "\n" + lines)
            opened = open_note(Note(body.text, answer.signatures), [self.config.verifier])
        except NoteError as e:
            raise WitnessFailed(
                f"{self.config.url}: no valid cosignature in its answer ({e})"
            ) from None
        v = opened.verified[0]
        return [s for s in answer.signatures if (s.name, s.key_id) == (v.name, v.key_id)]

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
