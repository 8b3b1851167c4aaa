"""Membership: the panel and reserves, invitations, seats, withdrawals, replacements, groups."""
