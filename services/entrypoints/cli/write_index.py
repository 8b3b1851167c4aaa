"""``python -m services.entrypoints.cli.write_index``: writes services/entrypoints/cli/index.py
(what `assembly --help` lists) from the commands themselves. Apart from the index, which
main.py reads at every `--help`: this imports every command, the index imports nothing."""

from __future__ import annotations

import json
import sys

from services.entrypoints.cli import index
from services.entrypoints.cli.main import cli


def current() -> dict[str, str]:
    """Each command's help as the commands give it now (every command imported)."""
    return {
        name: command.help or ""
        for name, command in sorted(cli.commands.items())
        if not command.hidden and not command.short_help
    }


def written() -> str:
    """The index's source with HELP as the commands give it now."""
    lines = [
        f"    {json.dumps(name)}: {json.dumps(text, ensure_ascii=False)},\n"
        for name, text in current().items()
    ]
    with open(index.__file__, encoding="utf-8") as f:
        source = f.read()
    head, rest = source.split("    # BEGIN", 1)
    _, tail = rest.split("    # END", 1)
    begin = "    # BEGIN (written by python -m services.entrypoints.cli.write_index)\n"
    return head + begin + "".join(lines) + "    # END" + tail


if __name__ == "__main__":
    text = written()
    with open(index.__file__, "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(f"{index.__file__}: the help of {len(current())} commands\n")
