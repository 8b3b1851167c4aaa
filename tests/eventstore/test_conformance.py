"""The eventsourcing library's own persistence test cases, against a real nats-server.

Each test gets a fresh stream (its own name and subject prefix), so notification
ids start at 1 as the library's cases expect. Overrides are listed, each with
the JetStream semantics that force it.
"""

from __future__ import annotations

import os
from typing import ClassVar

from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    InfrastructureFactory,
    ProcessRecorder,
    TrackingRecorder,
)
from eventsourcing.tests.persistence import (
    AggregateRecorderTestCase,
    ApplicationRecorderTestCase,
    InfrastructureFactoryTestCase,
    NonInterleavingNotificationIDsBaseCase,
    ProcessRecorderTestCase,
    TrackingRecorderTestCase,
)
from eventsourcing.utils import Environment

from services.adapters.eventstore import JetStreamFactory
from services.adapters.eventstore.recorders import (
    JetStreamAggregateRecorder,
    JetStreamApplicationRecorder,
    JetStreamProcessRecorder,
    JetStreamTrackingRecorder,
)
from tests.support.natsd import unique_stream


class _FreshStream:
    factories: ClassVar[list[InfrastructureFactory]] = []

    def _factory(self) -> JetStreamFactory:
        factory = JetStreamFactory(Environment(env=unique_stream()))
        self.factories.append(factory)
        return factory

    def tearDown(self) -> None:
        while self.factories:
            self.factories.pop().close()
        super().tearDown()  # type: ignore[misc]


class TestAggregateRecorder(_FreshStream, AggregateRecorderTestCase):
    def create_recorder(self) -> AggregateRecorder:
        return self._factory().aggregate_recorder()


class TestSnapshotRecorder(_FreshStream, AggregateRecorderTestCase):
    def create_recorder(self) -> AggregateRecorder:
        return self._factory().aggregate_recorder(purpose="snapshots")


class TestApplicationRecorder(_FreshStream, ApplicationRecorderTestCase):
    def create_recorder(self) -> ApplicationRecorder:
        return self._factory().application_recorder()

    def test_insert_subscribe(self) -> None:
        self.optional_test_insert_subscribe()


class TestNonInterleavingNotificationIDs(_FreshStream, NonInterleavingNotificationIDsBaseCase):
    def create_recorder(self) -> ApplicationRecorder:
        return self._factory().application_recorder()


class TestTrackingRecorder(_FreshStream, TrackingRecorderTestCase):
    def create_recorder(self) -> TrackingRecorder:
        return self._factory().tracking_recorder()


class TestProcessRecorder(_FreshStream, ProcessRecorderTestCase):
    def create_recorder(self) -> ProcessRecorder:
        return self._factory().process_recorder()


class _TrackingRecorderSubclass(JetStreamTrackingRecorder):
    pass


class TestJetStreamFactory(InfrastructureFactoryTestCase[JetStreamFactory]):
    def setUp(self) -> None:
        self.env = Environment("TestCase", env=dict(os.environ))
        self.env[InfrastructureFactory.PERSISTENCE_MODULE] = "services.adapters.eventstore"
        self.env.update(unique_stream())
        super().setUp()

    def expected_factory_class(self) -> type[JetStreamFactory]:
        return JetStreamFactory

    def expected_aggregate_recorder_class(self) -> type[AggregateRecorder]:
        return JetStreamAggregateRecorder

    def expected_application_recorder_class(self) -> type[ApplicationRecorder]:
        return JetStreamApplicationRecorder

    def expected_tracking_recorder_class(self) -> type[TrackingRecorder]:
        return JetStreamTrackingRecorder

    def tracking_recorder_subclass(self) -> type[TrackingRecorder]:
        return _TrackingRecorderSubclass

    def expected_process_recorder_class(self) -> type[ProcessRecorder]:
        return JetStreamProcessRecorder


del AggregateRecorderTestCase
del ApplicationRecorderTestCase
del InfrastructureFactoryTestCase
del NonInterleavingNotificationIDsBaseCase
del ProcessRecorderTestCase
del TrackingRecorderTestCase
