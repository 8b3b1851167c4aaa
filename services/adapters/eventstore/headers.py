"""NATS header blocks, as they come on the wire: read whole (``parse_headers``), read for a
few named headers by one regex match (``header_lines``), and written (``encode_headers``);
and a publish, written as nats-py writes it (``publish_command``)."""

from __future__ import annotations

import functools
import re

__all__ = ["encode_headers", "header_lines", "parse_headers", "publish_command"]


def parse_headers(block: bytes) -> dict[str, str]:
    """A NATS/1.0 header block (as the JetStream API returns one, base64-decoded); an inline
    status becomes Status/Description."""
    lines = block.decode().split("\r\n")
    headers: dict[str, str] = {}
    first = lines[0]
    if len(first) > 8:  # "NATS/1.0 503 No Responders"
        status, _, description = first[9:].partition(" ")
        headers["Status"] = status
        if description:
            headers["Description"] = description
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name] = value.strip()
    return headers


# A header's value as parse_headers reads it, when there is nothing to strip: printable ASCII
# at both ends (anything else: the block is parsed whole).
_VALUE = rb" ?([!-~](?:[^\r\n]*[!-~])?)\r\n"


@functools.cache
def header_lines(names: tuple[str, ...]) -> tuple[bytes, re.Pattern[bytes]]:
    """A pattern for a header block that starts with these headers, in this order (a group
    per value); and one that finds any of them again further on (then parse the block)."""
    escaped = [re.escape(n.encode()) for n in names]
    first = rb"NATS/1\.0\r\n" + b"".join(e + b":" + _VALUE for e in escaped)
    return first, re.compile(rb"\r\n(?:%s):" % b"|".join(escaped))


def encode_headers(headers: dict[str, str]) -> bytes:
    """A header block, as on the wire (a status first, if there is one)."""
    first = "NATS/1.0"
    rest = dict(headers)
    status = rest.pop("Status", None)
    if status is not None:
        description = rest.pop("Description", "")
        first = f"{first} {status} {description}".rstrip()
    parts = [first.encode()]
    parts.extend(f"{k}: {v}".encode() for k, v in rest.items())
    return b"\r\n".join(parts) + b"\r\n\r\n"


_SUBJECT = re.compile(r"\S+")
# Header lines nats-py's publish would write unchanged: a token, then a value with nothing to
# trim and no line break (it trims values, turns line breaks into spaces, refuses other keys).
_FIELDS = re.compile(r"(?:[!#$%&'*+\-.^_`|~0-9A-Za-z]+: (?:\S(?:[^\r\n]*\S)?)?\r\n)*")


def publish_command(
    subject: str, reply: str, data: bytes, headers: dict[str, str] | None
) -> bytes | None:
    """A publish as nats-py's ``publish`` writes it (HPUB with headers, else PUB), in one
    pass; None when a subject or a header needs nats-py's own checks (then publish through
    it): the bytes are never other than nats-py's."""
    if not _SUBJECT.fullmatch(subject) or (reply and not _SUBJECT.fullmatch(reply)):
        return None
    to = f"{subject} {reply}" if reply else subject
    if headers is None:
        return b"%s %d\r\n%s\r\n" % (f"PUB {to}".encode(), len(data), data)
    fields = "".join([f"{k}: {v}\r\n" for k, v in headers.items()])
    if not _FIELDS.fullmatch(fields):
        return None
    block = f"NATS/1.0\r\n{fields}\r\n".encode()
    size = len(block)
    return b"%s %d %d\r\n%s%s\r\n" % (f"HPUB {to}".encode(), size, size + len(data), block, data)
