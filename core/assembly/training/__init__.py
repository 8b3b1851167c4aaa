"""Training: the members drawn are supported (public speaking, deciphering current events)."""
