from __future__ import annotations

from typing import Any

from tests.faults.tally import FIGURES


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The power failure figures (tests/faults/test_power_failure.py), after the results."""
    if FIGURES:
        terminalreporter.section("power failures on LazyFS")
        for line in FIGURES:
            terminalreporter.write_line(line)
