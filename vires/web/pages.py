"""Pages from templates: the Jinja2 environment (autoescaping on), what every page shows, and problem pages.

Everything from a pack or a request reaches a page through a template variable, so it is escaped; the
only markup passed through is HTML that `vires.outputs.paper_html` wrote, which escapes every text itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from vires import __version__
from vires.errors import Diagnostic
from vires.outputs.paper import Paper
from vires.outputs.paper_html import fragment
from vires.web.csrf import FIELD, Tokens
from vires.web.remedies import in_web_words
from vires.web.state import Workbench

NAV = (
    ("/", "Ask"),
    ("/who", "Who may decide"),
    ("/bodies", "Bodies"),
    ("/scheme", "Diagram and scheme"),
    ("/agenda", "Agenda"),
    ("/draft", "Test a draft"),
    ("/register", "Register"),
)
OPTIONAL = {"problems": (), "choices": (), "answer": None, "paper": None}  # what a page shows only when there is one
ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("vires.web", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def paper_html(paper: Paper) -> Markup:
    """A paper's blocks as HTML for a page: `paper_html` escaped every text in it."""
    return Markup(fragment(paper))  # noqa: S704 - written by vires.outputs.paper_html, which escapes


def workbench(request: Request) -> Workbench:
    return request.app.state.workbench


def render(request: Request, template: str, status: int = 200, /, **context) -> HTMLResponse:
    """The page `template` with what every page shows: the navigation, the rules served, any failed reload."""
    wb = workbench(request)
    tokens: Tokens = request.app.state.tokens
    cookie = request.scope.get("state", {}).get("csrf_cookie", "")
    context = {**OPTIONAL, **context}
    page = ENV.get_template(template).render(
        nav=NAV,
        path=request.url.path,
        rules=wb.rules,
        loaded_at=wb.loaded_at,
        reload_errors=[in_web_words(d) for d in wb.reload_errors],
        csrf_field=FIELD,
        csrf_token=tokens.token(cookie) if cookie else "",
        version=__version__,
        today=dt.date.today().isoformat(),
        **context,
    )
    return HTMLResponse(page, status_code=status)


def problem(
    request: Request,
    diagnostics: Sequence[Diagnostic],
    status: int = 400,
    title: str = "This cannot be answered as asked",
) -> HTMLResponse:
    """A page saying what is wrong and how to put it right, one entry a diagnostic, with `status`."""
    return render(request, "problem.html", status, title=title, problems=[in_web_words(d) for d in diagnostics])


def error_page(status: int, title: str, text: str) -> bytes:
    """A page on its own (no workbench state): for the guard at the door and for faults."""
    return ENV.get_template("error.html").render(status=status, title=title, text=text, nav=NAV).encode("utf-8")
