"""A workbench served by uvicorn in a thread on a free local port, for the browser tests and the load test."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import uvicorn

from vires.web.app import create_app
from vires.web.state import Workbench


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(wb: Workbench, watch: bool = False) -> Iterator[str]:
    """The workbench served on 127.0.0.1; its base URL while the block runs; stopped after."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(wb, port=port, watch=watch), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the workbench did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
