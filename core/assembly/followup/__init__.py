"""Follow-up: submission to the executive, its answers, the Council, implementation reports."""
