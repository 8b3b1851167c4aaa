"""``assembly ... --json`` as a clerk or a resident types it, in a child process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ASSEMBLY = str(Path(sys.executable).with_name("assembly"))


def assembly_json(env: dict[str, str], *args: str) -> Any:
    done = subprocess.run(
        [ASSEMBLY, "--json", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    return json.loads(done.stdout)
