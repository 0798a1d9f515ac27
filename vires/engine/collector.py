"""Building large structures without Python's cyclic garbage collector running."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def building() -> Iterator[None]:
    """Compile, derive natively or index without Python's cyclic garbage collector running.

    Each allocates a great many small objects and frees almost none, so the collector's full passes, each over the
    whole heap (the pack, the chains), come more often as the pack grows: at 50,000 delegations they made loading
    grow faster than the pack. None of the three makes reference cycles, so reference counting frees all they drop;
    any cycle made meanwhile is collected once the collector is back on. The durable engine derives with the
    collector on: durable_rules makes cycles, and without it its peak memory at 50,000 delegations rose by half.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
