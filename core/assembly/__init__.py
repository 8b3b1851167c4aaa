"""One assembly (one cohort), a folder per feature: convening, membership, sittings, ballots,
recommendations, followup, training. Each slice holds its facts (facts.py), shapes (model.py), fold
(fold.py) and rules (rules.py); state.py is the state they share, fold.py the one table of
their folds; actors, charter, contacts and corrections stand beside them."""
