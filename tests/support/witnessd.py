"""A real witness process (`assembly witness serve`) on a free loopback port."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from core.note import ED25519, Signer, Verifier
from services.entrypoints.cli.main import run


def log_signer(origin: str, seed: bytes = b"\x01" * 32) -> Signer:
    return Signer.from_seed(origin, seed, ED25519)


@dataclass
class WitnessProcess:
    home: Path
    logs: list[str]  # the log vkeys it accepts
    process: subprocess.Popen[str] | None = None
    url: str = ""

    @property
    def vkey(self) -> str:
        return (self.home / "witness.vkey").read_text().strip()

    @property
    def verifier(self) -> Verifier:
        return Verifier.from_vkey(self.vkey)

    def init(self, name: str = "witness.test/w1") -> WitnessProcess:
        env = {"ASSEMBLY_HOME": str(self.home)}
        old = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            assert run(["--json", "witness", "init", "--name", name]) == 0
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        return self

    def start(self) -> WitnessProcess:
        args = [sys.executable, "-m", "services.entrypoints.cli.main", "witness", "serve"]
        for vkey in self.logs:
            args += ["--log", vkey]
        args += ["--listen", "127.0.0.1:0"]
        env = {**os.environ, "ASSEMBLY_HOME": str(self.home)}
        self.process = subprocess.Popen(
            args, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
        )
        assert self.process.stderr is not None
        line = self.process.stderr.readline()  # the first line says where it listens
        found = re.search(r"listening on (http://[0-9.]+:[0-9]+)", line)
        if found is None:
            rest = self.process.stderr.read() if self.process.poll() is not None else ""
            self.stop()
            raise AssertionError(f"the witness did not start: {line}{rest}")
        self.url = found.group(1)
        return self

    def stop(self) -> int | None:
        if self.process is None:
            return None
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=20)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            if self.process.stderr is not None:
                self.process.stderr.close()
        self.process = None
        return code
