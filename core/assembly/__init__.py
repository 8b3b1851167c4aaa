"""One assembly (one cohort): its charter, rules, phases and, later, its members and acts."""
