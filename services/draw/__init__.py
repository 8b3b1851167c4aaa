"""Temporary: services/scenario.py (on its way out of the package, issue 14) still imports the
draw's inputs from here. Delete this file when the scenario moves; they live in
services/application/draw."""

from services.application.draw import quotas, synthetic

__all__ = ["quotas", "synthetic"]
