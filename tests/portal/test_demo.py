"""`make demo` ends by saying how to open the portal on the demo year, and what it says works:
the command it prints serves the year's assembly page, in French."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request

from tests.portal.cli import ASSEMBLY
from tests.portal.server import _ready, free_port
from tests.support.natsd import unique_stream


def test_given_the_demo_when_its_last_words_are_followed_then_the_portal_shows_the_year(
    tmp_path,
) -> None:
    env = {**os.environ, **unique_stream(), "ASSEMBLY_HOME": str(tmp_path / "home")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'projections.sqlite'}"
    demo = subprocess.run(
        [sys.executable, "-m", "services.entrypoints.demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    said = demo.stdout.rstrip().splitlines()
    tail = "\n".join(said[-8:])
    command = re.search(r"\.venv/bin/assembly (portal serve --follow)\n", tail)
    url = re.search(r"then open (http://127\.0\.0\.1:8000(/assemblies/[0-9a-f-]{36}))", tail)
    assert command and url, tail

    port = free_port()
    argv = [ASSEMBLY, *command.group(1).split(), "--port", str(port)]
    server = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _ready(f"http://127.0.0.1:{port}", server, within=120)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{url.group(2)}") as r:
            status, page = r.status, r.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=20)

    assert status == 200 and '<html lang="fr">' in page
    assert "Assemblée citoyenne de Paris" in page
    assert "--tiles .assembly/tiles" in tail  # and how each fact gets its proof
