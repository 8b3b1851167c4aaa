"""The persistence module's infrastructure factory:
``PERSISTENCE_MODULE=services.adapters.eventstore``.

Environment (each may be prefixed with the application's name, as eventsourcing does):

- ``NATS_URL``: the server (required here; the CLI supplies the embedded one).
- ``ASSEMBLY_STREAM`` (``ASSEMBLY``), ``ASSEMBLY_SUBJECT_PREFIX`` (``assembly``),
  ``ASSEMBLY_STREAM_REPLICAS`` (1): the stream and its subjects.
- Who we are to NATS: ``NATS_USER`` and ``NATS_PASSWORD`` (or ``NATS_PASSWORD_FILE``, a
  file holding the password, as container secrets are mounted), or ``NATS_CREDS``, a
  credentials file (user JWT and nkey seed; needs the ``nkeys`` package). See
  ``assembly security config`` for the roles. TLS: ``NATS_TLS_CA`` (and ``NATS_TLS_CERT``,
  ``NATS_TLS_KEY`` for a client certificate).
- ``NATS_TIMEOUT``: seconds per request (5). ``NATS_RETRY_SECONDS``: how long a save keeps
  publishing again while NATS does not answer at all (a leader election, a restart) before
  it is reported failed (20); the retries are recognised, never recorded twice.
- ``CREATE_TABLE``: create the stream on first use (yes), as the SQL modules do.
"""

from __future__ import annotations

from eventsourcing.persistence import InfrastructureFactory, InfrastructureFactoryError
from eventsourcing.utils import Environment, EnvType, resolve_topic, strtobool

from services.adapters.eventstore.connection import JetStreamConnection
from services.adapters.eventstore.recorders import (
    JetStreamAggregateRecorder,
    JetStreamApplicationRecorder,
    JetStreamProcessRecorder,
    JetStreamTrackingRecorder,
)
from services.adapters.eventstore.stream import StreamSpec
from services.config import NatsAuth, SettingError


class JetStreamFactory(InfrastructureFactory[JetStreamTrackingRecorder]):
    NATS_URL = "NATS_URL"
    NATS_CREDS = "NATS_CREDS"
    NATS_TIMEOUT = "NATS_TIMEOUT"
    NATS_RETRY_SECONDS = "NATS_RETRY_SECONDS"
    STREAM = "ASSEMBLY_STREAM"
    SUBJECT_PREFIX = "ASSEMBLY_SUBJECT_PREFIX"
    REPLICAS = "ASSEMBLY_STREAM_REPLICAS"
    CREATE_TABLE = "CREATE_TABLE"

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        url = self.env.get(self.NATS_URL)
        if not url:
            raise InfrastructureFactoryError(
                "NATS_URL is not set: point it at a NATS server with JetStream "
                "(or use the `assembly` CLI, which starts an embedded one)"
            )
        try:
            replicas = int(self.env.get(self.REPLICAS) or 1)
            timeout = float(self.env.get(self.NATS_TIMEOUT) or 5.0)
            patience = float(self.env.get(self.NATS_RETRY_SECONDS) or 20.0)
        except ValueError as e:
            raise InfrastructureFactoryError(
                f"{self.REPLICAS} must be a whole number, {self.NATS_TIMEOUT} and "
                f"{self.NATS_RETRY_SECONDS} numbers of seconds: {e}"
            ) from None
        self.spec = StreamSpec(
            name=self.env.get(self.STREAM) or "ASSEMBLY",
            prefix=self.env.get(self.SUBJECT_PREFIX) or "assembly",
            replicas=replicas,
        )
        try:
            auth = NatsAuth.from_env({k: self.env.get(k) for k in NatsAuth.ENV})
        except SettingError as e:
            raise InfrastructureFactoryError(str(e)) from None
        self.connection = JetStreamConnection(
            url, self.spec, timeout=timeout, auth=auth, patience=patience
        )

    def _create(self) -> bool:
        return strtobool(self.env.get(self.CREATE_TABLE) or "yes")

    def aggregate_recorder(self, purpose: str = "events") -> JetStreamAggregateRecorder:
        spec = self.spec if purpose == "events" else self.spec.snapshots()
        js = self.connection.stream(spec, create=self._create())  # snapshots checked too
        return JetStreamAggregateRecorder(self.connection, js)

    def application_recorder(self) -> JetStreamApplicationRecorder:
        js = self.connection.stream(self.spec, create=self._create())
        return JetStreamApplicationRecorder(self.connection, js)

    def tracking_recorder(
        self, tracking_recorder_class: type[JetStreamTrackingRecorder] | None = None
    ) -> JetStreamTrackingRecorder:
        if tracking_recorder_class is None:
            topic = self.env.get(self.TRACKING_RECORDER_TOPIC)
            tracking_recorder_class = resolve_topic(topic) if topic else JetStreamTrackingRecorder
        assert tracking_recorder_class is not None
        js = self.connection.stream(self.spec, create=self._create())
        return tracking_recorder_class(self.connection, js)

    def process_recorder(self) -> JetStreamProcessRecorder:
        js = self.connection.stream(self.spec, create=self._create())
        return JetStreamProcessRecorder(self.connection, js)

    def close(self) -> None:
        self.connection.close()
