"""Every fact the core defines is read by a read model, or named as the timeline's alone, with
the reason: a new wire name fails here until someone decides where it goes."""

from __future__ import annotations

import importlib
import pkgutil

import core
from core.events import wire_names
from projections.catalogue import READ_MODELS, TIMELINE_ONLY


def test_given_every_fact_of_the_core_then_a_read_model_reads_it_or_says_why_not() -> None:
    for module in pkgutil.walk_packages(core.__path__, "core."):
        importlib.import_module(module.name)
    read = {wire for m in READ_MODELS if m.name != "timeline" for wire in m.handlers}

    unread = sorted(
        w for w in wire_names() if w.startswith("assembly.") and w not in read | set(TIMELINE_ONLY)
    )

    assert unread == [], "add a handler, or name it in projections.catalogue.TIMELINE_ONLY"
    assert all(TIMELINE_ONLY.values())
