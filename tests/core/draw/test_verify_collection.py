"""`verify` pauses the cyclic garbage collector while it runs (it builds hundreds of thousands
of short-lived objects at national scale) and leaves it as it found it."""

from __future__ import annotations

import gc

from core.draw.verify import verify
from core.vocabulary import PARIS


def test_given_the_collector_on_or_off_when_a_draw_is_verified_then_it_is_left_as_it_was() -> None:
    was = gc.isenabled()
    try:
        gc.enable()
        assert [v.rule for v in verify([], vocabulary=PARIS)] == ["draw"]
        assert gc.isenabled()
        gc.disable()
        verify([], vocabulary=PARIS)
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()
