"""Which event types are published: every ``Event`` with a wire name defined under ``core``."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import core
from core.events import Event, wire_names


def load_core() -> None:
    """Import every core module that declares a wire name, so its event classes register."""
    for module in pkgutil.walk_packages(core.__path__, prefix="core."):
        if module.ispkg:
            continue
        source = Path(*core.__path__).parent / (module.name.replace(".", "/") + ".py")
        if source.is_file() and "wire: ClassVar" in source.read_text(encoding="utf-8"):
            importlib.import_module(module.name)


def published() -> dict[str, type[Event]]:
    """Wire name to class, in wire-name order (classes defined outside ``core`` are not ours)."""
    load_core()
    found = {w: c for w, c in wire_names().items() if c.__module__.startswith("core.")}
    return dict(sorted(found.items()))
