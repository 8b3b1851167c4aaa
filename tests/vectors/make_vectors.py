"""Write the spec's test vectors (docs/spec/vectors/*.json) from the project's own Python.

.venv/bin/python -m tests.vectors.make_vectors          # write them
.venv/bin/python -m tests.vectors.make_vectors --check  # exit 1 if a file differs
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.vectors.spec_vectors import all_vectors, dumps

FOLDER = Path(__file__).resolve().parents[2] / "docs" / "spec" / "vectors"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    FOLDER.mkdir(parents=True, exist_ok=True)
    differ = []
    for name, vectors in all_vectors().items():
        path = FOLDER / name
        text = dumps(vectors)
        if check:
            if not path.exists() or path.read_text("utf-8") != text:
                differ.append(name)
        else:
            path.write_text(text, "utf-8")
    if differ:
        print("vectors differ from the code:", ", ".join(differ))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
