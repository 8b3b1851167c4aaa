"""The draw's inputs and outputs at the edges: quotas from files or census margins, the pool
from the registry, and the report."""
