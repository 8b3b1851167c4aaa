"""What an auditor remembers between runs, per log origin, in a folder of its own.

The operator's machine is not the auditor's: the folder defaults to
``$XDG_STATE_HOME/assembly-auditor`` (``~/.local/state/assembly-auditor``), never
``ASSEMBLY_HOME``; ``--auditor-state DIR`` (or ``ASSEMBLY_AUDITOR_STATE``) chooses another. For
each origin, ``<origin, '/' as '_'>/``:

- ``checkpoint``: the last checkpoint the auditor accepted, exactly as signed (a note, or a
  legacy JSON envelope). A later one must be consistent with it; if not, the two signed
  texts prove the key holder signed two histories (equivocation).
- ``seen.json``: ``{"size", "root" (hex), "at"}``, the whole log as the auditor last read it,
  signed or not: messages no checkpoint covered then may not vanish or change unseen later.

Written atomically (a temporary file renamed), so a crash leaves the previous memory.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path

from core.note import NoteError
from services.application.audit.checkpoints import (
    CheckpointFileError,
    SignedCheckpoint,
    parse_outside,
)
from services.application.audit.errors import AuditInputError

STATE_FOLDER = "assembly-auditor"


def default_folder(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ) if env is None else env
    given = env.get("ASSEMBLY_AUDITOR_STATE")
    if given:
        return Path(given)
    base = env.get("XDG_STATE_HOME") or str(Path(env.get("HOME", "~")) / ".local" / "state")
    return Path(base).expanduser() / STATE_FOLDER


@dataclass(frozen=True)
class Seen:
    size: int
    root: str
    at: str
    where: str = ""  # the file it was read from, for the violations that name it


@dataclass(frozen=True)
class Remembered:
    checkpoint: SignedCheckpoint | None = None
    seen: Seen | None = None


class AuditorMemory:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _dir(self, origin: str) -> Path:
        return self.folder / origin.replace("/", "_")

    def recall(self, origin: str) -> Remembered:
        d = self._dir(origin)
        checkpoint = seen = None
        try:
            text = (d / "checkpoint").read_text("utf-8")
        except FileNotFoundError:
            text = ""
        except (OSError, UnicodeDecodeError) as e:
            raise AuditInputError(f"cannot read the auditor's memory {d}: {e}") from None
        if text:
            try:
                found = parse_outside(text, str(d / "checkpoint"))
            except (CheckpointFileError, NoteError) as e:
                raise AuditInputError(f"the auditor's memory is damaged: {e}") from None
            if found:
                where = f"{d / 'checkpoint'} (accepted before by this auditor)"
                checkpoint = replace(found[-1], where=where)
        try:
            raw = json.loads((d / "seen.json").read_text("utf-8"))
            seen = Seen(int(raw["size"]), str(raw["root"]), str(raw["at"]), str(d / "seen.json"))
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise AuditInputError(f"the auditor's memory {d}/seen.json is damaged: {e}") from None
        return Remembered(checkpoint, seen)

    def keep(self, origin: str, checkpoint: SignedCheckpoint | None, seen: Seen | None) -> None:
        d = self._dir(origin)
        try:
            d.mkdir(parents=True, exist_ok=True, mode=0o700)
            if checkpoint is not None:
                _atomic(d / "checkpoint", checkpoint.text.rstrip("\n") + "\n")
            if seen is not None:
                body = {"size": seen.size, "root": seen.root, "at": seen.at}
                _atomic(d / "seen.json", json.dumps(body, sort_keys=True) + "\n")
        except OSError as e:
            raise AuditInputError(
                f"cannot write the auditor's memory in {d}: {e.strerror}; "
                "give --auditor-state a folder you may write"
            ) from None


def _atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(path)
