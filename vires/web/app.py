"""The workbench as an ASGI application: its routes, its guard at the door, and pages for what went wrong."""

from __future__ import annotations

import contextlib
import threading
from importlib.resources import files

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from vires.web.csrf import CookieMiddleware, FormExpired, Tokens
from vires.web.pages import error_page
from vires.web.routes import agenda, api, ask, browse, draft, drawing, register
from vires.web.safety import SafetyMiddleware, allowed_hosts
from vires.web.state import Workbench

STATIC = {"vires.css": "text/css; charset=utf-8", "vires.js": "text/javascript; charset=utf-8"}
TITLES = {404: "There is no such page", 405: "This page is not asked for that way"}


def create_app(
    wb: Workbench, host: str = "127.0.0.1", port: int | None = None, watch: bool = False, more_hosts=()
) -> Starlette:
    """The application over `wb`, answering only to `host` (and its usual names) on `port` (any, when None).

    With `watch`, a thread looks for changed pack files every second while the application runs.
    """
    static = {name: files("vires.web").joinpath("static").joinpath(name).read_bytes() for name in STATIC}

    async def static_file(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in static:
            raise HTTPException(404)
        return Response(static[name], media_type=STATIC[name], headers={"cache-control": "no-cache"})

    @contextlib.asynccontextmanager
    async def lifespan(app):
        stop = threading.Event()
        if watch:
            threading.Thread(target=wb.watch, args=(stop,), name="vires-watch", daemon=True).start()
        yield
        stop.set()

    routes = [
        *ask.ROUTES,
        *browse.ROUTES,
        *drawing.ROUTES,
        *agenda.ROUTES,
        *draft.ROUTES,
        *register.ROUTES,
        *api.ROUTES,
        Route("/static/{name:str}", static_file),
    ]
    middleware = [
        Middleware(SafetyMiddleware, hosts=allowed_hosts(host, more_hosts), port=port, error_page=error_page),
        Middleware(CookieMiddleware),
    ]
    handlers = {HTTPException: http_error, FormExpired: form_expired}
    app = Starlette(routes=routes, middleware=middleware, exception_handlers=handlers, lifespan=lifespan)
    app.state.workbench = wb
    app.state.tokens = Tokens()
    return app


async def http_error(request: Request, error: Exception) -> Response:
    """404 and the like: a page (or, under /api/, the error JSON) saying what was not found."""
    assert isinstance(error, HTTPException)
    if request.url.path.startswith("/api/"):
        return await api.not_found(request)
    title = TITLES.get(error.status_code, "This cannot be done")
    default = error.detail in ("Not Found", "Method Not Allowed") or not error.detail
    text = "Use the links at the top of the page to find your way." if default else error.detail
    return HTMLResponse(error_page(error.status_code, title, text), status_code=error.status_code)


async def form_expired(request: Request, error: Exception) -> Response:
    """A POST without a valid token: nothing was done (403)."""
    text = (
        "Nothing was done: the form was sent without the token this workbench gave it (the workbench may have "
        "restarted since the page was opened, or the form came from another site). Go back, reload the page and "
        "send the form again."
    )
    return HTMLResponse(error_page(403, "This form has expired", text), status_code=403)
