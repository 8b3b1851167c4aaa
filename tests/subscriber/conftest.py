"""Subscriber tests read a real stream, written through the CLI as organisers would."""

from __future__ import annotations

from tests.cli.conftest import cli_env, convened, panel_received, seated

__all__ = ["cli_env", "convened", "panel_received", "seated"]
