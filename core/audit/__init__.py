"""The auditor's checks: every event lawful in the state before it, the draw re-derived, and
every recommendation traced back to the draw — from the log alone."""
