"""What a rule may need beyond its own assembly's record. The application answers from its
repository, the audit from the log it replayed (core.audit.redecide.Context): the act's rule
is asked the same question either way (core.assembly.acts)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from core.assembly.state import Assembly
from core.sortition.model import Quota


class World(Protocol):
    def assembly(self, assembly_id: UUID) -> Assembly | None:
        """Another assembly (the cohort a next one carries on); None: not on the log."""
        ...

    def series(self, name: str, cohort: int) -> Sequence[Assembly]:
        """The cohorts of the series next to this one, which a convening is checked against."""
        ...

    def quotas(self, assembly: Assembly, subpool: str) -> Sequence[Quota]:
        """The quotas the assembly's draw committed for a sub-pool (none: no draw here)."""
        ...

    def revealed_at(self, draw_id: UUID) -> datetime | None:
        """When the draw's randomness was revealed (None: not yet, or not on this log)."""
        ...
