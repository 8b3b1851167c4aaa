"""The contract with subscribers: every published event type, its JSON Schema, its subjects.

Generated from the code (``assembly schema export DIR``), never written by hand.
"""
