"""Runnable examples, not shipped in the wheel: the scripted Paris year (paris_year.py)."""
