"""The draw by weighted lot: types of respondents, quota feasibility, LEXIMIN selection
probabilities, the uniform lottery over committed tickets and the seeded selection.

Each sub-pool (Paris: electoral rolls, non-EU residents, minors) is an independent draw with
its own seats and quotas: every function here takes the respondents and quotas of ONE sub-pool.
"""
