"""The log's integrity, below the domain: Merkle checkpoints signed with the log key, exports
an outside party can keep, and the structural checks an auditor runs over either.

- ``leaf``: the bytes of one stored message as a Merkle leaf (documented for outsiders);
- ``tree``: the RFC 9162 tree over the log, appended to one leaf at a time;
- ``keys``: the Ed25519 log key (file permissions checked);
- ``checkpoints``: a signed checkpoint, its signed text, its event and its outside file;
- ``checkpointer``: computes, signs, records and writes checkpoints;
- ``source``: the live stream or an export file, as one iterator of records;
- ``export``: writing and reading the export file;
- ``integrity``: the streaming checker (``LogIntegrity.feed``/``finish``);
- ``structural``: one pass of it over a source (``structural_audit``), and what is checked
  after the last message (``closing_violations``);
- ``draws``: every draw of a source re-derived from its facts alone (``draw verify --log``);
- ``errors``: bad input (a key, export or checkpoint file that cannot be used).
"""
