"""``python -m tests.contract.golden --add-missing``: goldens for new wire names only."""

from __future__ import annotations

import argparse
import sys

from tests.contract.golden import HERE, add_missing, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.contract.golden", description=__doc__)
    parser.add_argument(
        "--add-missing", action="store_true", help="write goldens for wire names that have none"
    )
    args = parser.parse_args(argv)
    if not args.add_missing:
        names = missing()
        print("\n".join(names) if names else "every published wire name has a golden")
        return 1 if names else 0
    added = add_missing()
    for wire in added:
        print(f"added {HERE / wire}.json")
    print(f"{len(added)} golden(s) added; existing ones untouched")
    return 0


if __name__ == "__main__":
    sys.exit(main())
