"""Ballots: opened on a motion, votes cast, closed with the outcome the charter's rules give."""
