"""``assembly portal serve``: the public web record, read-only over the read models."""
