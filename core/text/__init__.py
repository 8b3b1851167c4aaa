"""What a fact's texts may hold: limits (core.text.limits), checks (core.text.check) and the
personal-data detector both the application and the audit use (core.text.detector)."""
