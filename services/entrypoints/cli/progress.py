"""A progress bar on stderr for long reads of the log (none with --json)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from services.entrypoints.cli.context import CliContext
from services.entrypoints.cli.i18n import _


@contextmanager
def progress_bar(
    obj: CliContext, total: int, label: str, show: Callable[[], str] | None = None
) -> Iterator[Callable[[int], None]]:
    """Call what it yields with the number of messages (or steps) done so far; `show` names,
    after the bar, what is being done."""
    if obj.as_json or total <= 0:
        yield lambda _done: None
        return
    shown = None if show is None else (lambda _item: show())
    with click.progressbar(
        length=total, label=_(label), file=sys.stderr, item_show_func=shown
    ) as bar:
        last = 0

        def advance(done: int) -> None:
            nonlocal last
            bar.update(done - last)
            last = done

        yield advance
        bar.update(total - last)
