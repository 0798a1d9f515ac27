"""The workbench's guard at the door: the Host header, the size of a request, headers, and no traceback out.

- A request whose Host header is not a name the server was bound to is refused (403): a page on another
  site that rebinds its DNS name to 127.0.0.1 cannot read the workbench.
- A request body larger than `MAX_BODY` is refused (413) before it is read in full.
- Every response says how the browser must treat it: no scripts but the workbench's own file, no
  framing, no sniffing, no referrer sent elsewhere; and how long the server took (`Server-Timing`).
- An exception no handler caught is logged as one line with its traceback, and the browser gets a 500
  page that says so, never the traceback.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable, Iterable

LOG = logging.getLogger("vires.web")
MAX_UPLOAD = 1024 * 1024  # an uploaded draft, in bytes
MAX_BODY = MAX_UPLOAD + 64 * 1024  # a whole request body: the draft and the form around it
LOCAL = ("127.0.0.1", "localhost", "::1")
WILDCARDS = ("0.0.0.0", "::", "")
HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]
ErrorPage = Callable[[int, str, str], bytes]  # (status, title, what to do) -> an HTML page


def allowed_hosts(host: str, more: Iterable[str] = ()) -> frozenset[str]:
    """The names a Host header may give for a server bound to `host` (any port is checked apart).

    Loopback answers to its usual names; a wildcard (0.0.0.0) to this machine's names and addresses too.
    """
    names = {host.lower().strip("[]"), *(m.lower() for m in more)}
    if host in LOCAL or host in WILDCARDS:
        names.update(LOCAL)
    if host in WILDCARDS:
        machine = socket.gethostname()
        names.update({machine.lower(), socket.getfqdn().lower()})
        try:
            names.update(socket.gethostbyname_ex(machine)[2])
        except OSError:
            pass
    names.discard("")
    return frozenset(names)


class TooLarge(Exception):
    """The request body grew past `MAX_BODY` while it was read."""


class SafetyMiddleware:
    """Host check, body cap, security headers, Server-Timing and the last catch of any exception."""

    def __init__(self, app, hosts: frozenset[str], port: int | None, error_page: ErrorPage) -> None:
        self.app, self.hosts, self.port, self.error_page = app, hosts, port, error_page

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        if not self._host_allowed(scope):
            await self._page(send, 403, "Not this address", "Open the workbench at the address `vires serve` printed.")
            return
        declared = _content_length(scope)
        if declared is not None and declared > MAX_BODY:
            await self._page(send, 413, "Too large", _too_large())
            return
        sent = False
        received = 0

        async def counted_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_BODY:
                raise TooLarge
            return message

        async def guarded_send(message) -> None:
            nonlocal sent
            if message["type"] == "http.response.start":
                sent = True
                took = f"app;dur={(time.perf_counter() - started) * 1000:.2f}".encode("ascii")
                message["headers"] = [*message.get("headers", []), *HEADERS, (b"server-timing", took)]
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except TooLarge:
            if not sent:
                await self._page(send, 413, "Too large", _too_large())
        except Exception:
            LOG.exception("internal error answering %s %s", scope.get("method"), scope.get("path"))
            if not sent:
                await self._page(
                    send,
                    500,
                    "Something went wrong in the workbench",
                    "This is a fault in vires, not in what you asked. It is written in the log of the terminal "
                    "running `vires serve`; please report it with that log line. Going back and asking again may work.",
                )

    def _host_allowed(self, scope) -> bool:
        host = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"host"), None)
        if host is None:
            return False
        name, port = _split_host(host.lower())
        if port is not None and self.port is not None and port != self.port:
            return False
        return name in self.hosts

    async def _page(self, send, status: int, title: str, text: str) -> None:
        body = self.error_page(status, title, text)
        headers = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers + HEADERS})
        await send({"type": "http.response.body", "body": body})


def _split_host(host: str) -> tuple[str, int | None]:
    """`[::1]:8421` -> (`::1`, 8421); `localhost` -> (`localhost`, None)."""
    if host.startswith("["):
        name, _, rest = host[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else None
    else:
        name, sep, port_text = host.rpartition(":")
        if not sep:
            name, port = host, None
        else:
            port = port_text
    try:
        return name, int(port) if port else None
    except ValueError:
        return name, -1


def _content_length(scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _too_large() -> str:
    megabytes = MAX_UPLOAD // 1024 // 1024
    return f"A draft may be at most {megabytes} MB. Split it into smaller files, or check it with `vires check`."
