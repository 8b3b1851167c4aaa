"""An honest log written by the application (a scripted year), checkpointed outside and
exported once per module, and a year drawn by lot exported the same way; tamper tests work on
copies of the exports."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from commands.application import AssemblyRecord
from examples.paris_year import DEMO, paris_year
from services.application.audit.checkpointer import Checkpointer, open_stream
from services.application.audit.checkpoints import origin_of
from services.application.audit.export import write_export
from services.application.audit.keys import LogKey, create_key
from services.application.audit.source import open_source
from services.config import Settings
from tests.audit.tamper import Export
from tests.support.natsd import unique_stream

MAPPER = "services.adapters.eventstore.mapper:MsgspecMapper"


@dataclass(frozen=True)
class HonestLog:
    env: dict[str, str]
    settings: Settings
    key: LogKey
    export: Path  # the whole log, exported after the checkpoint
    checkpoints: Path  # the file kept outside
    tree_size: int  # the outside checkpoint's size

    @property
    def vkey(self) -> str:
        """The log key as the auditor pins it."""
        return self.key.vkey(origin_of(self.settings.stream))


def write_year(env: dict[str, str]) -> None:
    app = AssemblyRecord(
        env={"PERSISTENCE_MODULE": "services.adapters.eventstore", "MAPPER_TOPIC": MAPPER, **env}
    )
    try:
        paris_year(app, DEMO)
    finally:
        app.close()


def settings_for(env: dict[str, str], home: Path) -> Settings:
    return Settings.from_env({**env, "ASSEMBLY_HOME": str(home)})


def checkpoint(settings: Settings, key: LogKey, out: Path) -> int:
    conn, js = open_stream(settings, lambda _: None)
    try:
        done = Checkpointer(js, key, out).checkpoint()
    finally:
        conn.close()
    assert done is not None
    return done.checkpoint.tree_size


def export(settings: Settings, path: Path) -> None:
    source = open_source(settings, None, lambda _: None)
    try:
        write_export(path, source)
    finally:
        source.close()


@pytest.fixture(scope="module")
def honest(tmp_path_factory) -> HonestLog:
    """A year of the assembly, a checkpoint kept outside, one more save, then the export."""
    folder = tmp_path_factory.mktemp("honest")
    env = unique_stream()
    settings = settings_for(env, folder)
    write_year(env)
    key = create_key(folder / "log.key")
    outside = folder / "checkpoints.jsonl"
    size = checkpoint(settings, key, outside)
    write_year(env)  # a second cohort after the checkpoint
    path = folder / "log.jsonl"
    export(settings, path)
    return HonestLog(env, settings, key, path, outside, size)


@pytest.fixture
def copy(honest, tmp_path) -> Iterator[Path]:
    """A copy of the honest export, to tamper with."""
    path = tmp_path / "log.jsonl"
    shutil.copy(honest.export, path)
    yield path


@pytest.fixture(scope="module")
def drawn_export(tmp_path_factory) -> Path:
    """A year drawn by lot (600 respondents, maximin), exported once per module."""
    folder = tmp_path_factory.mktemp("drawn")
    env = unique_stream()
    app = AssemblyRecord(
        env={"PERSISTENCE_MODULE": "services.adapters.eventstore", "MAPPER_TOPIC": MAPPER, **env}
    )
    try:
        paris_year(app, DEMO, pool_size=600, algorithm="maximin")
    finally:
        app.close()
    path = folder / "log.jsonl"
    export(settings_for(env, folder), path)
    return path


@pytest.fixture
def forged(drawn_export, tmp_path) -> Export:
    path = tmp_path / "log.jsonl"
    shutil.copy(drawn_export, path)
    return Export(path)
