"""Recommendations: drafted, amended, revised, adopted or rejected."""
