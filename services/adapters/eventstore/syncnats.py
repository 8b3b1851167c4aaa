"""A minimal blocking NATS client for the command path's request/reply calls.

Why: eventsourcing calls the recorder from the application's thread. Going
through nats-py means two thread wake-ups per save (caller -> event loop ->
caller), which on this machine kind costs more than the JetStream round trip
itself. This client speaks the NATS text protocol on a plain socket in the
caller's thread, one request at a time per connection (a lock), and is used
only for publishes, direct gets and message gets. Subscriptions, and the
JetStream management API, stay on nats-py.

Protocol handled: INFO, CONNECT (headers, no_responders; user/password or
token from the URL or from :class:`NatsAuth`; a user JWT signed with an nkey
from a credentials file), PING/PONG, +OK, -ERR, PUB/HPUB, SUB, MSG/HMSG.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import socket
import ssl
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import nats.errors

from services.adapters.eventstore.errors import AccessDenied, EventStoreUnavailable, PublishRefused
from services.config import NatsAuth

_CRLF = b"\r\n"
_READ = 1 << 20  # bytes per socket read


def redact(url: str) -> str:
    """A server URL fit to print: any user and password replaced by ***."""
    return re.sub(r"//[^/@,]+@", "//***@", url)


@dataclass
class Reply:
    subject: str
    data: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def status(self) -> str | None:
        return self.headers.get("Status")


def parse_headers(block: bytes) -> dict[str, str]:
    """A NATS/1.0 header block; an inline status becomes Status/Description."""
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


# A consumer's delivery: subject, stream sequence, consumer sequence, time stamp (ns since the
# epoch), messages pending after it, header block (empty when the named headers were read),
# payload, and the values of the headers the caller named, when they came first (else None:
# parse the block). A delivery whose reply subject cannot be read has consumer sequence 0
# (never the next one: the read is refused).
Delivery = tuple[bytes, int, int, int, int, bytes, bytes, tuple[bytes, ...] | None]

# The usual delivery's first line, its reply subject read in the same pass (in C): subject,
# consumer, stream sequence, consumer sequence, time stamp, pending, header and total length.
_DELIVERY = (
    rb"HMSG ([^ \r\n]+) [^ \r\n]+ \$JS\.ACK\.[^ .\r\n]+\.([^ .\r\n]+)\.\d+"
    rb"\.(\d+)\.(\d+)\.(\d+)\.(\d+) (\d+) (\d+)\r\n"
)
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


@functools.cache
def _delivery_pattern(names: tuple[str, ...]) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """The usual delivery's first line, then (if they come first) the named headers."""
    if not names:
        return re.compile(_DELIVERY), re.compile(rb"(?!)")
    first, again = header_lines(names)
    return re.compile(_DELIVERY + b"(?:" + first + b")?"), again


def ack_metadata(ack: bytes) -> tuple[int, int, int, int] | None:
    """Stream sequence, consumer sequence, time stamp (ns) and pending of a delivery, from its
    reply subject: ``$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ns>.<pending>``,
    or the same after a domain and an account hash, with a token after (12 tokens)."""
    tokens = ack.split(b".")
    if len(tokens) == 9:
        at = 5
    elif len(tokens) >= 11:
        at = 7
    else:
        return None
    try:
        return int(tokens[at]), int(tokens[at + 1]), int(tokens[at + 2]), int(tokens[at + 3])
    except ValueError:
        return None


def encode_headers(headers: dict[str, str]) -> bytes:
    parts = [b"NATS/1.0"]
    parts.extend(f"{k}: {v}".encode() for k, v in headers.items())
    return _CRLF.join(parts) + _CRLF + _CRLF


def tls_context(auth: NatsAuth) -> ssl.SSLContext:
    """Checks the server's certificate (against NATS_TLS_CA, else the system's CAs)."""
    try:
        context = ssl.create_default_context(cafile=auth.tls_ca)
        if auth.tls_cert:
            context.load_cert_chain(auth.tls_cert, auth.tls_key)
    except (OSError, ssl.SSLError) as e:
        raise EventStoreUnavailable(
            f"cannot use the TLS files (NATS_TLS_CA, NATS_TLS_CERT, NATS_TLS_KEY): {e}"
        ) from None
    return context


def nats_py_options(auth: NatsAuth) -> dict[str, Any]:
    """The identity of ``auth`` as nats-py connect() options."""
    options: dict[str, Any] = {}
    if auth.user is not None:
        options["user"], options["password"] = auth.user, auth.password or ""
    if auth.creds is not None:
        options["user_credentials"] = auth.creds
    if auth.wants_tls:
        options["tls"] = tls_context(auth)
    return options


def _sign_with_creds(path: str, nonce: str) -> tuple[str, str]:
    """The user JWT of a credentials file and the nonce signed with its nkey seed."""
    try:
        import nkeys  # type: ignore[import-not-found]  # noqa: PLC0415 - optional, as in nats-py
    except ImportError:
        raise EventStoreUnavailable(
            "NATS_CREDS needs the nkeys package (pip install nkeys), as nats-py does"
        ) from None
    blocks = re.findall(r"-----BEGIN [^-]+-----\s*(\S+)\s*------?END", Path(path).read_text())
    if len(blocks) < 2:
        raise EventStoreUnavailable(f"{path} is not a NATS credentials file (JWT and seed)")
    jwt, seed = blocks[0], blocks[1]
    pair = nkeys.from_seed(bytearray(seed.encode()))
    try:
        return jwt, base64.b64encode(pair.sign(nonce.encode())).decode()
    finally:
        pair.wipe()


class SyncNats:
    def __init__(
        self,
        servers: list[str],
        *,
        name: str,
        timeout: float = 5.0,
        auth: NatsAuth | None = None,
    ) -> None:
        self.servers = servers
        self.name = name
        self.timeout = timeout
        self.auth = auth or NatsAuth()
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._buf = bytearray()
        self._inbox = f"_INBOX.{uuid.uuid4().hex}"
        self._next = 0
        self._ahead: tuple[str, bytes, str] | None = None  # a pull sent before it is asked
        self.max_payload = 1 << 20  # until the server's INFO says
        with self._lock:
            self._connect()

    # -- connection ---------------------------------------------------------------------------

    def _connect(self) -> None:
        errors = []
        for url in self.servers:
            try:
                self._open(url)
                return
            except (OSError, ValueError, EventStoreUnavailable) as e:
                errors.append(f"{redact(url)}: {e}")
                self._drop()
        raise EventStoreUnavailable(
            f"cannot reach NATS at {', '.join(map(redact, self.servers))}: " + "; ".join(errors)
        )

    def _open(self, url: str) -> None:
        parsed = urlparse(url if "://" in url else f"nats://{url}")
        sock = socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or 4222), timeout=self.timeout
        )
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock, self._buf = sock, bytearray()
        line = self._line(time.monotonic() + self.timeout)
        if not line.startswith(b"INFO "):
            raise ValueError(f"not a NATS server (said {line[:40]!r})")
        info = json.loads(line[5:])
        self.max_payload = int(info.get("max_payload", 1 << 20))
        if info.get("tls_required") or parsed.scheme == "tls" or self.auth.wants_tls:
            self._sock = self._tls(sock, parsed.hostname or "127.0.0.1")
        connect: dict[str, object] = {
            "verbose": False,
            "pedantic": False,
            "headers": True,
            "no_responders": True,
            "name": self.name,
            "lang": "python-sync",
            "version": "1",
            "protocol": 1,
        }
        if parsed.username and parsed.password is not None:
            connect["user"], connect["pass"] = unquote(parsed.username), unquote(parsed.password)
        elif parsed.username:
            connect["auth_token"] = unquote(parsed.username)
        elif self.auth.user is not None:
            connect["user"], connect["pass"] = self.auth.user, self.auth.password or ""
        elif self.auth.creds is not None:
            connect["jwt"], connect["sig"] = _sign_with_creds(
                self.auth.creds, str(info.get("nonce", ""))
            )
        self._send(
            b"CONNECT "
            + json.dumps(connect).encode()
            + _CRLF
            + b"PING\r\n"
            + f"SUB {self._inbox}.* 1\r\n".encode()
        )
        deadline = time.monotonic() + self.timeout
        while True:
            line = self._line(deadline)
            if line == b"PONG":
                return
            if line.startswith(b"-ERR"):
                reason = line[5:].decode().strip().strip("'")
                if "Authorization Violation" in reason:
                    raise AccessDenied(
                        f"NATS refused the credentials of {self.auth.describe()} "
                        "(Authorization Violation): check NATS_USER and NATS_PASSWORD "
                        "(or NATS_PASSWORD_FILE, NATS_CREDS)"
                    )
                raise EventStoreUnavailable(f"NATS refused the connection: {reason}")

    def _tls(self, sock: socket.socket, hostname: str) -> socket.socket:
        """Upgrade to TLS after the server's INFO, as the NATS protocol does."""
        try:
            return tls_context(self.auth).wrap_socket(sock, server_hostname=hostname)
        except ssl.SSLError as e:
            raise EventStoreUnavailable(
                f"TLS with the NATS server failed ({e.reason or e}): check NATS_TLS_CA"
            ) from None

    def _drop(self) -> None:
        self._buf = bytearray()
        self._ahead = None
        if self._sock is not None:
            try:
                self._sock.close()
            finally:
                self._sock = None

    def close(self) -> None:
        with self._lock:
            self._drop()

    # -- wire ---------------------------------------------------------------------------------

    def _send(self, data: bytes) -> None:
        assert self._sock is not None
        self._sock.sendall(data)

    def _fill(self, deadline: float) -> None:
        assert self._sock is not None
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise nats.errors.TimeoutError
        self._sock.settimeout(remaining)
        try:
            chunk = self._sock.recv(1 << 20)
        except TimeoutError:
            raise nats.errors.TimeoutError from None
        if not chunk:
            raise ConnectionResetError("NATS closed the connection")
        self._buf += chunk

    def _line(self, deadline: float) -> bytes:
        while (end := self._buf.find(_CRLF)) < 0:
            self._fill(deadline)
        line = bytes(self._buf[:end])
        del self._buf[: end + 2]
        return line

    def _exact(self, n: int, deadline: float) -> bytes:
        while len(self._buf) < n + 2:
            self._fill(deadline)
        data = bytes(self._buf[:n])
        del self._buf[: n + 2]
        return data

    def _message(self, deadline: float) -> Reply:
        """The next MSG/HMSG, answering PINGs and skipping the rest on the way."""
        while True:
            line = self._line(deadline)
            if line.startswith(b"HMSG "):
                parts = line.split(b" ")
                total, hdr_len = int(parts[-1]), int(parts[-2])
                raw = self._exact(total, deadline)
                return Reply(parts[1].decode(), raw[hdr_len:], parse_headers(raw[:hdr_len]))
            if line.startswith(b"MSG "):
                parts = line.split(b" ")
                return Reply(parts[1].decode(), self._exact(int(parts[-1]), deadline))
            if line == b"PING":
                self._send(b"PONG\r\n")
            elif line.startswith(b"-ERR"):
                self._refused(line)

    def _publish_bytes(
        self, subject: str, data: bytes, headers: dict[str, str] | None, reply: str = ""
    ) -> bytes:
        reply_part = f" {reply}" if reply else ""
        if headers:
            hdr = encode_headers(headers)
            head = f"HPUB {subject}{reply_part} {len(hdr)} {len(hdr) + len(data)}\r\n".encode()
            return head + hdr + data + _CRLF
        return f"PUB {subject}{reply_part} {len(data)}\r\n".encode() + data + _CRLF

    # -- calls --------------------------------------------------------------------------------

    def _ensure(self) -> None:
        if self._sock is None:
            self._connect()

    def request_many(
        self,
        subject: str,
        data: bytes,
        headers: dict[str, str] | None = None,
        *,
        timeout: float | None = None,
        until: str | None = "204",
        before: list[tuple[str, bytes, dict[str, str]]] | None = None,
    ) -> list[Reply]:
        """A request answered by several messages, the last of them with status ``until``.

        ``before`` are plain publishes sent first, in the same write (a batch's middle).
        """
        for _, body, _h in [*(before or []), (subject, data, headers)]:
            if len(body) > self.max_payload - 4096:
                raise PublishRefused(
                    f"an event of {len(body):,} bytes exceeds what the NATS server accepts "
                    f"({self.max_payload:,} bytes per message): keep documents out of events "
                    "and record them by hash and location"
                )
        with self._lock:
            deadline = time.monotonic() + (timeout or self.timeout)
            # A connection kept from before may have died meanwhile (a server restart):
            # then ask once more on a fresh one. Safe for reads, and for publishes too
            # (Nats-Msg-Id and the expected sequence); not for a batch's middle.
            retry_once = self._sock is not None and not before
            while True:
                try:
                    return self._request(
                        subject, data, headers, until=until, before=before or [], deadline=deadline
                    )
                except (PermissionError, nats.errors.TimeoutError):
                    raise
                except (OSError, ConnectionError) as e:
                    self._drop()
                    if retry_once and time.monotonic() < deadline:
                        retry_once = False
                        continue
                    raise nats.errors.TimeoutError from e  # unknown outcome: as a timeout

    def _request(
        self,
        subject: str,
        data: bytes,
        headers: dict[str, str] | None,
        *,
        until: str | None,
        before: list[tuple[str, bytes, dict[str, str]]],
        deadline: float,
    ) -> list[Reply]:
        try:
            self._ensure()
            self._next += 1
            reply = f"{self._inbox}.{self._next}"
            out = b"".join(self._publish_bytes(s, d, h) for s, d, h in before)
            self._send(out + self._publish_bytes(subject, data, headers, reply))
            replies: list[Reply] = []
            while True:
                msg = self._message(deadline)
                if msg.subject != reply:
                    continue  # a late answer to an earlier, timed-out request
                if msg.status == "503":
                    raise nats.errors.NoRespondersError
                replies.append(msg)
                if until is None or msg.status in (until, "404", "408", "413"):
                    return replies
        except nats.errors.TimeoutError:
            self._drop()  # a reply may be half-read: start clean next time
            raise

    def request_batch(
        self, subject: str, data: bytes, *, timeout: float | None = None
    ) -> tuple[list[tuple[bytes, bytes]], Reply]:
        """A request answered by many messages and then one with a status (a batched
        direct get): the messages as (header block, payload), unparsed, and the last one.

        The read path's own loop: the answer is parsed straight out of large socket reads,
        one frame after another, with no per-message line or ``Reply`` on the way.
        """
        with self._lock:
            deadline = time.monotonic() + (timeout or self.timeout)
            retry_once = self._sock is not None  # as request_many: a read is safe to ask again
            while True:
                try:
                    return self._batch(subject, data, deadline)
                except (PermissionError, nats.errors.TimeoutError):
                    raise
                except (OSError, ConnectionError) as e:
                    self._drop()
                    if retry_once and time.monotonic() < deadline:
                        retry_once = False
                        continue
                    raise nats.errors.TimeoutError from e

    def _batch(
        self, subject: str, data: bytes, deadline: float
    ) -> tuple[list[tuple[bytes, bytes]], Reply]:
        try:
            self._ensure()
            self._next += 1
            reply = f"{self._inbox}.{self._next}"
            self._send(self._publish_bytes(subject, data, None, reply))
            return self._frames(reply.encode(), deadline)
        except nats.errors.TimeoutError:
            self._drop()  # an answer may be half-read: start clean next time
            raise

    def _frames(self, reply: bytes, deadline: float) -> tuple[list[tuple[bytes, bytes]], Reply]:
        frames: list[tuple[bytes, bytes]] = []
        append = frames.append
        buf, pos = bytes(self._buf), 0
        self._buf = bytearray()
        try:
            while True:
                end = buf.find(_CRLF, pos)
                if end < 0:
                    buf, pos = buf[pos:] + self._chunk(deadline), 0
                    continue
                if buf.startswith(b"HMSG ", pos) or buf.startswith(b"MSG ", pos):
                    parts = buf[pos:end].split()
                    start = end + 2
                    stop = start + int(parts[-1])
                    if stop + 2 > len(buf):  # the frame is not all here yet: read on
                        buf, pos = self._more(buf[pos:], stop + 2 - pos, deadline), 0
                        continue
                    split = start + int(parts[-2]) if parts[0] == b"HMSG" else start
                    if parts[1] != reply:
                        pos = stop + 2  # a late answer to an earlier, timed-out request
                        continue
                    if buf.startswith(b"NATS/1.0\r\n", start):  # a message, no status
                        append((buf[start:split], buf[split:stop]))
                        pos = stop + 2
                        continue
                    msg = Reply(reply.decode(), buf[split:stop], parse_headers(buf[start:split]))
                    pos = stop + 2
                    if msg.status is None:  # a message without headers
                        append((buf[start:split], msg.data))
                        continue
                    if msg.status == "503":
                        raise nats.errors.NoRespondersError
                    return frames, msg
                line = buf[pos:end]
                pos = end + 2
                if line == b"PING":
                    self._send(b"PONG\r\n")
                elif line.startswith(b"-ERR"):
                    self._refused(line)
        finally:
            self._buf = bytearray(buf[pos:])

    def request_deliveries(
        self,
        subject: str,
        data: bytes,
        *,
        want: int,
        consumer: str,
        timeout: float | None = None,
        ahead: bool = False,
        fields: tuple[str, ...] = (),
    ) -> tuple[list[Delivery], Reply | None]:
        """A pull request to a JetStream consumer: its deliveries, in order, until ``want``
        of them or one after which nothing is pending; and the status that ended the pull
        early, if one did (a ``no_wait`` pull with nothing to deliver: 404). The values of
        the headers named in ``fields`` are read with the first line, by one regex match,
        when they come first in the block and are not repeated later.

        With ``ahead``, when ``want`` came and more are pending, the same pull is sent again
        at once, so that the server delivers the next ones while the caller works on these;
        the next identical call takes them. (Should another request come in between, it
        skips them: the caller sees a consumer sequence missing, never a silent gap.)

        Not asked again on a fresh connection (a delivery is not redelivered): a broken
        connection is a timeout, and the caller reads the same messages another way.
        """
        token = f".{consumer}.".encode()
        with self._lock:
            deadline = time.monotonic() + (timeout or self.timeout)
            try:
                self._ensure()
                sent, self._ahead = self._ahead, None
                if sent is not None and sent[:2] == (subject, data):
                    reply = sent[2]
                else:
                    reply = self._pull(subject, data)
                out, end = self._deliveries(reply.encode(), token, want, deadline, fields)
                if ahead and end is None and len(out) == want and out[-1][4] != 0:
                    self._ahead = (subject, data, self._pull(subject, data))
                return out, end
            except (PermissionError, nats.errors.NoRespondersError):
                raise
            except nats.errors.TimeoutError:
                self._drop()  # deliveries may be half-read: start clean next time
                raise
            except (OSError, ConnectionError) as e:
                self._drop()
                raise nats.errors.TimeoutError from e

    def _pull(self, subject: str, data: bytes) -> str:
        self._next += 1
        reply = f"{self._inbox}.{self._next}"
        self._send(self._publish_bytes(subject, data, None, reply))
        return reply

    def _deliveries(
        self, reply: bytes, token: bytes, want: int, deadline: float, fields: tuple[str, ...]
    ) -> tuple[list[Delivery], Reply | None]:
        out: list[Delivery] = []
        append = out.append
        consumer = token[1:-1]
        pattern, repeated = _delivery_pattern(fields)
        usual, again = pattern.match, repeated.search
        buf, pos = bytes(self._buf), 0
        self._buf = bytearray()
        try:
            while True:
                m = usual(buf, pos)
                if m is not None:  # the hot path: one regex match reads the whole first line
                    subject, name, seq, cseq, ns, pending, head, total, *named = m.groups()
                    start = m.end(8) + 2
                    stop = start + int(total)
                    if stop + 2 > len(buf):
                        buf, pos = self._more(buf[pos:], stop + 2 - pos, deadline), 0
                        continue
                    pos = stop + 2
                    if name != consumer:
                        continue  # another pull's
                    split = start + int(head)
                    left = int(pending)
                    known = named and named[0] is not None and m.end() <= split
                    values = tuple(named) if known and not again(buf, m.end() - 2, split) else None
                    # The named headers read, the block is not needed: not copied.
                    header, payload = (b"" if values else buf[start:split]), buf[split:stop]
                    append((subject, int(seq), int(cseq), int(ns), left, header, payload, values))
                    if len(out) == want or left == 0:
                        return out, None
                    continue
                end = buf.find(_CRLF, pos)
                if end < 0:
                    buf, pos = buf[pos:] + self._chunk(deadline), 0
                    continue
                if not (buf.startswith(b"HMSG ", pos) or buf.startswith(b"MSG ", pos)):
                    line, pos = buf[pos:end], end + 2  # past it first: _control may raise
                    self._control(line)
                    continue
                parts = buf[pos:end].split()
                stop = end + 2 + int(parts[-1])
                if stop + 2 > len(buf):
                    buf, pos = self._more(buf[pos:], stop + 2 - pos, deadline), 0
                    continue
                pos = stop + 2
                found = _unusual(buf, parts, end + 2, stop, reply=reply, token=token)
                if isinstance(found, Reply):
                    return out, found
                if found is not None:
                    append(found)
                    if len(out) == want or found[4] == 0:
                        return out, None
        finally:
            self._buf = bytearray(buf[pos:])

    def _control(self, line: bytes) -> None:
        if line == b"PING":
            self._send(b"PONG\r\n")
        elif line.startswith(b"-ERR"):
            self._refused(line)

    def _refused(self, line: bytes) -> None:
        reason = line[5:].decode().strip().strip("'")
        if "Permissions Violation" in reason:
            raise PermissionError(f"NATS refused {self.auth.describe()}: {reason}")
        self._drop()  # the server closes the connection after any other -ERR
        raise ConnectionResetError(f"NATS closed the connection: {reason}")

    def _chunk(self, deadline: float) -> bytes:
        assert self._sock is not None
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise nats.errors.TimeoutError
        self._sock.settimeout(remaining)
        try:
            chunk = self._sock.recv(_READ)
        except TimeoutError:
            raise nats.errors.TimeoutError from None
        if not chunk:
            raise ConnectionResetError("NATS closed the connection")
        return chunk

    def _more(self, head: bytes, need: int, deadline: float) -> bytes:
        """``head`` and what follows on the socket, at least ``need`` bytes (one join)."""
        chunks, have = [head], len(head)
        while have < need:
            chunk = self._chunk(deadline)
            chunks.append(chunk)
            have += len(chunk)
        return b"".join(chunks)


def _unusual(
    buf: bytes, parts: list[bytes], start: int, stop: int, *, reply: bytes, token: bytes
) -> Delivery | Reply | None:
    """A frame the usual match did not read: the status that ends a pull, a delivery without
    headers or with a domain in its reply subject, or another pull's (None)."""
    headers = parts[0] == b"HMSG"
    split = start + int(parts[-2]) if headers else start
    if parts[1] == reply:  # a status: the pull ends here
        msg = Reply(reply.decode(), buf[split:stop], parse_headers(buf[start:split]))
        if msg.status == "503":
            raise nats.errors.NoRespondersError
        return None if msg.status is None else msg
    ack = parts[3] if len(parts) == (6 if headers else 5) else b""
    if token not in ack:
        return None  # another pull's, or not a delivery
    meta = ack_metadata(ack) or (0, 0, 0, -1)
    return (parts[1], *meta, buf[start:split], buf[split:stop], None)


class SyncNatsPool:
    """One blocking connection per thread that uses the store, made on first use.

    A thread never waits for another's round trip, and there is no hand-off
    between threads on the command path.
    """

    def __init__(
        self,
        servers: list[str],
        *,
        name: str,
        timeout: float = 5.0,
        auth: NatsAuth | None = None,
    ) -> None:
        self.servers = servers
        self.name = name
        self.timeout = timeout
        self.auth = auth
        self._local = threading.local()
        self._all: list[SyncNats] = []
        self._guard = threading.Lock()
        self._conn()  # connect now: fail fast if NATS is unreachable

    def _conn(self) -> SyncNats:
        conn: SyncNats | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = SyncNats(self.servers, name=self.name, timeout=self.timeout, auth=self.auth)
            self._local.conn = conn
            with self._guard:
                self._all.append(conn)
        return conn

    def request_many(
        self, subject: str, data: bytes, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> list[Reply]:
        return self._conn().request_many(subject, data, headers, **kwargs)

    def request_batch(
        self, subject: str, data: bytes, *, timeout: float | None = None
    ) -> tuple[list[tuple[bytes, bytes]], Reply]:
        return self._conn().request_batch(subject, data, timeout=timeout)

    def request_deliveries(
        self,
        subject: str,
        data: bytes,
        *,
        want: int,
        consumer: str,
        timeout: float | None = None,
        ahead: bool = False,
        fields: tuple[str, ...] = (),
    ) -> tuple[list[Delivery], Reply | None]:
        return self._conn().request_deliveries(
            subject, data, want=want, consumer=consumer, timeout=timeout, ahead=ahead, fields=fields
        )

    def close(self) -> None:
        with self._guard:
            conns, self._all = self._all, []
        for conn in conns:
            conn.close()
