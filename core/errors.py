"""Refusals by the assembly's rules. Each names the rule and the facts."""

from __future__ import annotations


class DomainError(Exception):
    """A command refused by a rule of the assembly (the CLI exits 1)."""

    rule: str = "rule"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
