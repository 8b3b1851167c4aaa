"""The pool of volunteers: the erasable registry, the CSV import and a synthetic pool.

``csv.import_csv``, ``registry.erase`` and ``synth.synth`` are what the
``assembly pool`` commands call; the pseudonymous side lives in ``core.pool``.
"""
