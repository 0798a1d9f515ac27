"""Tokens against cross-site request forgery: every POST carries one, or nothing is done.

Each browser gets a random cookie (`HttpOnly`, `SameSite=Strict`); a form carries the HMAC of that cookie
under a secret made when the server starts. Another site can make the browser send the cookie, but cannot
read a page of the workbench to learn the token, so it cannot forge the form. A token from before a
restart no longer matches: the page says to reload the form.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from http.cookies import SimpleCookie

COOKIE = "vires_csrf"
FIELD = "csrf"


class Tokens:
    """The server's secret, and the token of a browser's cookie."""

    def __init__(self) -> None:
        self._secret = secrets.token_bytes(32)

    def token(self, cookie: str) -> str:
        return hmac.new(self._secret, cookie.encode("ascii", "replace"), hashlib.sha256).hexdigest()

    def valid(self, cookie: str | None, token: str | None) -> bool:
        """Does the form's `token` belong to the browser's `cookie`?"""
        if not cookie or not token:
            return False
        return hmac.compare_digest(self.token(cookie), token)


class CookieMiddleware:
    """Gives each browser its cookie: kept in `request.state.csrf_cookie`, set on the response when new."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie = _cookie(scope)
        new = cookie is None
        if new:
            cookie = secrets.token_urlsafe(24)
        scope.setdefault("state", {})["csrf_cookie"] = cookie

        async def send_with_cookie(message) -> None:
            if new and message["type"] == "http.response.start":
                value = f"{COOKIE}={cookie}; Path=/; HttpOnly; SameSite=Strict"
                message["headers"] = [*message.get("headers", []), (b"set-cookie", value.encode("ascii"))]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _cookie(scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001 - a malformed cookie header is as good as none
                return None
            if COOKIE in jar and jar[COOKIE].value:
                return jar[COOKIE].value
    return None


class FormExpired(Exception):
    """A POST without the token of the browser's cookie: nothing is done (the page says to reload the form)."""


async def check_form(request, form) -> None:
    """Raise `FormExpired` unless `form` carries the token of the browser's cookie, and comes from this site."""
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}":
        raise FormExpired
    cookie = request.scope.get("state", {}).get("csrf_cookie")
    token = form.get(FIELD)
    if not isinstance(token, str) or not request.app.state.tokens.valid(cookie, token):
        raise FormExpired
