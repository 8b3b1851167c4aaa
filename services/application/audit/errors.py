"""Bad input to the audit tools: a key file, an export or a checkpoint file that cannot be used.
The message names the file and what to do; the CLI exits 2 with it."""

from __future__ import annotations


class AuditInputError(ValueError):
    pass
