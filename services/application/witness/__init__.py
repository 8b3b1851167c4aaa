"""The witness (c2sp.org/tlog-witness) and the log's side of it.

- ``keys``: the witness's own Ed25519 key, an owner-only file;
- ``state``: the latest checkpoint cosigned per log origin, in SQLite (WAL, synchronous FULL);
- ``service``: judges each ``add-checkpoint`` (``core.witness``), stores what it accepts
  before answering, and cosigns; concurrent requests share one commit;
- ``client``: what the checkpointer sends each configured witness, and the cosignatures back.
"""
