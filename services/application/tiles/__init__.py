"""The log as C2SP tlog-tiles, for any static web server or object store to mirror.

- ``files``: a published directory, or its mirror over http(s), read path by path; writing a
  file atomically;
- ``publish``: ``log publish DIR``, incrementally from what the directory holds;
- ``source``: the tiles as a log source for the audit, every tile checked against the entries.
"""
