from __future__ import annotations

import pytest

from tests.support.natsd import unique_stream


@pytest.fixture
def stream_env() -> dict[str, str]:
    """NATS_URL of the test server, and a fresh stream of our own."""
    return unique_stream()
