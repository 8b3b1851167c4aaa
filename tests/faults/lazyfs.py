"""LazyFS (third_party/lazyfs, MIT): a FUSE file system with its own page cache that can drop
every write not yet fsynced, as a power failure does. Built once per source into
``~/.cache/assembly-record/lazyfs-<hash>`` (cmake and g++, with Debian's libfuse3-dev,
libtoml11-dev and libspdlog-dev; .ci/run installs them), then mounted by the tests."""

from __future__ import annotations

import fcntl
import hashlib
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "third_party" / "lazyfs"
PACKAGES = "cmake g++ pkg-config fuse3 libfuse3-dev libtoml11-dev libspdlog-dev"
CACHE_MB = 256  # LazyFS allocates its whole page cache at mount


class Unavailable(RuntimeError):
    """FUSE or LazyFS's build tools are missing on this machine."""


def source_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in SOURCE.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(SOURCE)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "assembly-record" / f"lazyfs-{source_hash()}"


def missing() -> str | None:
    """What keeps LazyFS from running here, in one sentence; None if nothing does."""
    if not os.path.exists("/dev/fuse"):
        return "no /dev/fuse on this machine: FUSE, hence LazyFS, cannot run"
    tools = [t for t in ("fusermount3", "cmake", "g++", "pkg-config") if not shutil.which(t)]
    if tools:
        return f"{', '.join(tools)} not found: install Debian's {PACKAGES}"
    return None


def build() -> Path:
    """The lazyfs binary for this source, built now if no build of it is cached."""
    out = cache_dir()
    binary = out / "lazyfs"
    if binary.exists():
        return binary
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / f"{out.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time, the others reuse it
        if binary.exists():
            return binary
        with tempfile.TemporaryDirectory(dir=out.parent) as work:
            log = Path(work) / "build.log"
            with log.open("wb") as sink:
                for step in (
                    ["cmake", "-S", str(SOURCE), "-B", work, "-DCMAKE_BUILD_TYPE=Release"],
                    ["cmake", "--build", work, "-j2"],
                ):
                    if subprocess.run(
                        step, check=False, stdout=sink, stderr=subprocess.STDOUT
                    ).returncode:
                        tail = log.read_text(errors="replace")[-2000:]
                        raise Unavailable(
                            f"LazyFS did not build (needs Debian's {PACKAGES}):\n{tail}"
                        )
            out.mkdir(exist_ok=True)
            staged = out / "lazyfs.new"
            shutil.copy2(Path(work) / "lazyfs" / "lazyfs", staged)
            staged.rename(binary)
    return binary


CONFIG = """\
[faults]
fifo_path="{fifo}"
fifo_path_completed="{done}"
[cache]
apply_eviction=false
[cache.simple]
custom_size="{mb}mb"
blocks_per_page=1
[filesystem]
log_all_operations=false
logfile=""
"""


class Mount:
    """``mnt`` shows ``disk`` through LazyFS; ``power_failure()`` drops what was not synced."""

    def __init__(self, binary: Path, disk: Path, mnt: Path, folder: Path) -> None:
        for d in (disk, mnt, folder):
            d.mkdir(parents=True, exist_ok=True)
        self.mnt, self.fifo, self.done = mnt, folder / "faults.fifo", folder / "done.fifo"
        config = folder / "lazyfs.toml"
        config.write_text(CONFIG.format(fifo=self.fifo, done=self.done, mb=CACHE_MB))
        self.log = folder / "lazyfs.log"
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    binary,
                    mnt,
                    "--config-path",
                    config,
                    "-f",
                    *("-o", "modules=subdir"),
                    *("-o", f"subdir={disk}"),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while not (os.path.ismount(mnt) and self.done.exists()):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise Unavailable(f"LazyFS did not mount {mnt}: {self.log.read_text()[-1000:]}")
            time.sleep(0.05)
        # LazyFS opens its "done" fifo for writing once a reader has it open: keep ours open.
        self._done = os.open(self.done, os.O_RDONLY | os.O_NONBLOCK)

    def clear_cache(self) -> None:
        """``lazyfs::clear-cache``: every write not fsynced is gone, as in a power failure."""
        self._command("clear-cache")

    def checkpoint(self) -> None:
        """``lazyfs::cache-checkpoint``: every cached write reaches the disk, as when the OS
        writes its dirty pages back (Linux does within about 30 s, synced or not)."""
        self._command("cache-checkpoint")

    def _command(self, name: str, within: float = 30.0) -> None:
        """Send ``lazyfs::<name>``; back once LazyFS says it is done (third_party/lazyfs)."""
        fd = os.open(self.fifo, os.O_WRONLY)
        try:
            os.write(fd, f"lazyfs::{name}\n".encode())
        finally:
            os.close(fd)
        deadline, heard = time.monotonic() + within, b""
        while f"finished::{name}".encode() not in heard:
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                raise AssertionError(f"LazyFS did not do {name}; see {self.log}")
            ready, _, _ = select.select([self._done], [], [], min(left, 0.5))
            chunk = os.read(self._done, 4096) if ready else b""
            if not chunk:
                time.sleep(0.01)  # no writer yet (EOF): LazyFS is still opening it
            heard += chunk

    def close(self) -> None:
        subprocess.run(["fusermount3", "-uz", str(self.mnt)], check=False, capture_output=True)
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if hasattr(self, "_done"):
            os.close(self._done)
