"""Files and folders a command writes: checked when the command line is read, so that a
path that cannot be written is one sentence (exit 2) before anything is recorded."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from services.entrypoints.cli.i18n import _


class Output(click.Path):
    """A path the command writes: a file (its folder must exist) or a folder (made if
    missing, under a folder that can be written)."""

    def __init__(self, *, folder: bool = False) -> None:
        super().__init__(file_okay=not folder, dir_okay=folder, path_type=Path)
        self.folder = folder

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        path = Path(os.fsdecode(value))
        reason = (folder_unwritable if self.folder else file_unwritable)(path)
        if reason:
            self.fail(
                _("cannot write {path}: {reason}").format(path=path, reason=reason), param, ctx
            )
        return super().convert(value, param, ctx)


def file_unwritable(path: Path) -> str | None:
    """Why a file cannot be written there, or None."""
    if path.is_dir():
        return _("it is a folder; give a file name")
    parent = path.parent
    if not parent.exists():
        return _("the folder {folder} does not exist").format(folder=parent)
    if not parent.is_dir():
        return _("{path} is a file, not a folder").format(path=parent)
    if path.exists() and not os.access(path, os.W_OK):
        return _("the file is read-only")
    if not path.exists() and not os.access(parent, os.W_OK | os.X_OK):
        return _("the folder {folder} is not writable").format(folder=parent)
    return None


def folder_unwritable(path: Path) -> str | None:
    """Why a folder cannot be written (or made) there, or None."""
    if path.exists():
        if not path.is_dir():
            return _("it is a file; give a folder")
        return None if os.access(path, os.W_OK | os.X_OK) else _("the folder is not writable")
    ancestor = next(p for p in path.parents if p.exists())
    if not ancestor.is_dir():
        return _("{path} is a file, not a folder").format(path=ancestor)
    if not os.access(ancestor, os.W_OK | os.X_OK):
        return _("the folder {folder} is not writable").format(folder=ancestor)
    return None


@contextmanager
def written(path: Path) -> Iterator[None]:
    """A write that fails after all (a full disk, a device that refuses): one sentence."""
    try:
        yield
    except OSError as e:
        reason = e.strerror or type(e).__name__
        raise click.ClickException(
            _("cannot write {path}: {reason}").format(path=path, reason=reason)
        ) from e
