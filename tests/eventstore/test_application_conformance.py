"""The library's application test cases, with every Application on our JetStream store."""

from __future__ import annotations

import os

from eventsourcing.tests.application import ApplicationTestCase, ExampleApplicationTestCase

from tests.support.natsd import unique_stream


class _OnJetStream:
    def setUp(self) -> None:
        self._saved = dict(os.environ)
        os.environ["PERSISTENCE_MODULE"] = "services.adapters.eventstore"
        os.environ.update(unique_stream())
        super().setUp()  # type: ignore[misc]

    def tearDown(self) -> None:
        super().tearDown()  # type: ignore[misc]
        os.environ.clear()
        os.environ.update(self._saved)


class TestExampleApplication(_OnJetStream, ExampleApplicationTestCase):
    expected_factory_topic = "services.adapters.eventstore.factory:JetStreamFactory"


class TestApplication(_OnJetStream, ApplicationTestCase):
    pass


del ApplicationTestCase
del ExampleApplicationTestCase
