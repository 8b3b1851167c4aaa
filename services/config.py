"""Settings from the environment, read once by the composition root."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
EMBEDDED_AUTH = "auth"  # under ASSEMBLY_HOME: the embedded server's roles, <role>.password
_PREFIX = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")


class SettingError(ValueError):
    """An environment setting the project cannot use; the message says which and why."""


def _int(env: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name) or str(default)
    try:
        value = int(raw)
    except ValueError:
        raise SettingError(f"{name}={raw!r} is not a whole number") from None
    if not low <= value <= high:
        raise SettingError(f"{name}={value} must be between {low} and {high}")
    return value


def _seconds(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name) or str(default)
    try:
        value = float(raw)
    except ValueError:
        raise SettingError(f"{name}={raw!r} is not a number of seconds") from None
    if not 0 <= value <= 86_400:
        raise SettingError(f"{name}={value:g} must be between 0 and 86400 seconds")
    return value


@dataclass(frozen=True)
class NatsAuth:
    """Who we are to NATS: a user and password, or a credentials file (user JWT + nkey);
    and, optionally, how we check the server over TLS.

    From the environment: ``NATS_USER`` with ``NATS_PASSWORD`` (or ``NATS_PASSWORD_FILE``,
    a file holding only the password, as container secrets are mounted), or ``NATS_CREDS``.
    Credentials in the URL (``nats://user:pass@host``) still work and take precedence.
    TLS: ``NATS_TLS_CA`` (the CA that signed the servers' certificates; with it, or a
    ``tls://`` URL, or a server that requires TLS, the connection is encrypted and the
    server's certificate checked), ``NATS_TLS_CERT`` and ``NATS_TLS_KEY`` (a client
    certificate, when the server asks for one).
    """

    ENV = (
        "NATS_USER",
        "NATS_PASSWORD",
        "NATS_PASSWORD_FILE",
        "NATS_CREDS",
        "NATS_TLS_CA",
        "NATS_TLS_CERT",
        "NATS_TLS_KEY",
    )

    user: str | None = None
    password: str | None = field(default=None, repr=False)
    creds: str | None = None
    tls_ca: str | None = None
    tls_cert: str | None = None
    tls_key: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str | None]) -> NatsAuth:
        user = env.get("NATS_USER") or None
        password = env.get("NATS_PASSWORD") or None
        password_file = env.get("NATS_PASSWORD_FILE") or None
        if password is None and password_file:
            try:
                password = Path(password_file).read_text().strip()
            except OSError as e:
                raise SettingError(
                    f"cannot read NATS_PASSWORD_FILE={password_file} ({e.strerror})"
                ) from None
        if password is not None and not user:
            raise SettingError("a NATS password is set but NATS_USER is not")
        return cls(
            user=user,
            password=password,
            creds=env.get("NATS_CREDS") or None,
            tls_ca=env.get("NATS_TLS_CA") or None,
            tls_cert=env.get("NATS_TLS_CERT") or None,
            tls_key=env.get("NATS_TLS_KEY") or None,
        )

    @property
    def wants_tls(self) -> bool:
        return bool(self.tls_ca or self.tls_cert)

    def describe(self) -> str:
        """Who is connecting, fit to print (never the secret)."""
        if self.user:
            return f"NATS user {self.user!r}"
        if self.creds:
            return f"the NATS credentials in {self.creds}"
        return "an anonymous NATS client"


@dataclass(frozen=True)
class Settings:
    home: Path
    nats_url: str | None
    stream: str
    subject_prefix: str
    replicas: int
    nats_creds: str | None
    database_url: str | None
    auth: NatsAuth = field(default_factory=NatsAuth)  # as the environment gives it
    registry_database_url: str | None = None  # the erasable registry, if not DATABASE_URL's
    nats_monitor_url: str | None = None  # monitoring endpoints (services.adapters.durability)
    # How long a connection, a read or a save keeps trying while NATS does not answer.
    nats_retry_seconds: float = 20.0
    role: str = "writer"  # who a command is to the embedded server (the CLI sets it)
    durables: tuple[str, ...] = ()  # ASSEMBLY_DURABLES: the embedded reader's durables

    @property
    def nats_auth(self) -> NatsAuth:
        """Who we are to NATS: the environment's identity (NATS_USER, NATS_CREDS) if it gives
        one, or a server of NATS_URL; otherwise ``role`` of the embedded server, with the
        password it generated under ``ASSEMBLY_HOME/auth`` (read when asked: the server
        writes it at its first start)."""
        given = self.auth
        if self.nats_url or given.user or given.creds:
            return given
        try:
            password = (self.home / EMBEDDED_AUTH / f"{self.role}.password").read_text().strip()
        except OSError:
            return given  # no embedded roles yet: the server refuses, and says so
        return replace(given, user=self.role, password=password)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        stream = env.get("ASSEMBLY_STREAM") or "ASSEMBLY"
        prefix = env.get("ASSEMBLY_SUBJECT_PREFIX") or "assembly"
        if not _NAME.match(stream):
            raise SettingError(f"ASSEMBLY_STREAM={stream!r}: use letters, digits, '_' or '-'")
        if not _PREFIX.match(prefix):
            raise SettingError(
                f"ASSEMBLY_SUBJECT_PREFIX={prefix!r}: use dot-separated letters, digits, '_', '-'"
            )
        auth = NatsAuth.from_env(env)
        durables = tuple(d.strip() for d in (env.get("ASSEMBLY_DURABLES") or "").split(","))
        for name in durables:
            if name and not _NAME.match(name):
                raise SettingError(f"ASSEMBLY_DURABLES: {name!r}: use letters, digits, '_' or '-'")
        return cls(
            home=Path(env.get("ASSEMBLY_HOME") or ".assembly").absolute(),
            nats_url=env.get("NATS_URL") or None,
            stream=stream,
            subject_prefix=prefix,
            replicas=_int(env, "ASSEMBLY_STREAM_REPLICAS", 1, 1, 5),
            nats_creds=env.get("NATS_CREDS") or None,
            database_url=env.get("DATABASE_URL") or None,
            auth=auth,
            registry_database_url=env.get("REGISTRY_DATABASE_URL") or None,
            nats_monitor_url=env.get("NATS_MONITOR_URL") or None,
            nats_retry_seconds=_seconds(env, "NATS_RETRY_SECONDS", 20.0),
            durables=tuple(sorted({d for d in durables if d})),
        )
