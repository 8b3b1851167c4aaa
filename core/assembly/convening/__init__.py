"""Convening: the assembly convened under its charter, its phases, its draw announced."""
