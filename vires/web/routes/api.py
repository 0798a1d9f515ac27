"""The JSON API under /api/: what `--format json` prints, byte for byte, and errors as the CLI's error JSON.

Each route takes the parameters of its page (`vires.web.forms`); a question that cannot be answered is
status 400 with `{"ok": false, "errors": [...]}` (SPEC 4), its hints in the library's own words.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from vires.engine import catalogue
from vires.errors import Diagnostic, Location, QuestionError, RegisterError, ViresError
from vires.web.forms import Asked, date_param, proposed_param
from vires.web.pages import workbench
from vires.web.routes.browse import matches
from vires.web.routes.draft import tested
from vires.web.routes.register import read

JSON = "application/json"


def as_cli(data, status: int = 200) -> Response:
    """`data` as `vires … --format json` prints it: indented by two, not ASCII-escaped, a newline at the end."""
    return Response(json.dumps(data, indent=2, ensure_ascii=False) + "\n", status_code=status, media_type=JSON)


def errors(diagnostics: Sequence[Diagnostic], status: int = 400) -> Response:
    """The error JSON every command prints: `{"ok": false, "errors": [...]}`."""
    return as_cli({"ok": False, "errors": [d.to_json() for d in diagnostics]}, status)


async def ask(request: Request) -> Response:
    """`vires ask --format json`."""
    return _answer(request, need_body=True)


async def who(request: Request) -> Response:
    """`vires who --format json`."""
    return _answer(request, need_body=False)


def _answer(request: Request, need_body: bool) -> Response:
    rules = workbench(request).rules
    question, problems = Asked.read(request.query_params).question(need_body=need_body)
    if question is None:
        return errors(problems)
    try:
        return as_cli(rules.ask(question) if need_body else rules.who(question))
    except QuestionError as error:
        return errors(error.diagnostics)


def listing(what: str):
    """The route of `vires list WHAT --format json [--match TEXT]`, WHAT being bodies, functions or facts."""

    async def route(request: Request) -> Response:
        return _listing(request, what)

    return route


def _listing(request: Request, what: str) -> Response:
    pack = workbench(request).rules.pack
    match = (request.query_params.get("match") or "").strip()
    if what == "bodies":
        return as_cli([b for b in catalogue.bodies(pack) if matches(match, b["name"], b["id"])])
    if what == "functions":
        return as_cli([f for f in catalogue.functions(pack) if matches(match, f["name"], f["id"])])
    return as_cli([f.to_json() for f in catalogue.facts(pack).values() if matches(match, f.name)])


async def diff(request: Request) -> Response:
    """`vires diff --format json` for a draft uploaded on the Test a draft page."""
    wb = workbench(request)
    draft = wb.draft(request.path_params["draft"])
    if draft is None:
        return errors([_not_found("no draft is held under this id; upload it again on the Test a draft page")], 404)
    date, problems = date_param(request.query_params)
    if problems:
        return errors(problems)
    result = await run_in_threadpool(tested, wb, draft, date, proposed_param(request.query_params))
    if result.problems:
        return errors(result.problems)
    assert result.diff is not None
    return as_cli(result.diff.to_json())


async def register_list(request: Request) -> Response:
    """`vires register list --format json`."""
    try:
        records, _ = read(workbench(request).register)
    except RegisterError as error:
        return errors(error.diagnostics)
    return as_cli(records)


async def register_verify(request: Request) -> Response:
    """`vires register verify --format json [--expect-head HASH]`."""
    expect_head = (request.query_params.get("expect_head") or "").strip() or None
    try:
        _, result = read(workbench(request).register, expect_head)
    except ViresError as error:
        return errors(error.diagnostics)
    if result is None:
        return errors([_not_found("no decision is recorded yet, so there is no register to verify")], 404)
    return as_cli(result.to_json())


async def agenda(request: Request) -> Response:
    """`vires agenda MEETING --format json` for a meeting file uploaded on the Agenda page."""
    from vires.web.agendas import check_params
    from vires.web.routes.agenda import checked

    wb = workbench(request)
    upload = wb.draft(request.path_params["meeting"])
    if upload is None:
        return errors([_not_found("no meeting file is held under this id: upload it on the Agenda page")], 404)
    as_of, within, problems = check_params(request.query_params)
    if problems:
        return errors(problems)
    found = await run_in_threadpool(checked, wb, upload, as_of, within)
    return errors(found.problems) if found.problems else as_cli(found.result)


async def not_found(request: Request) -> Response:
    return errors(
        [_not_found(f"no API at `{request.url.path}`; see the README for /api/ask, /api/who and the rest")], 404
    )


def _not_found(message: str) -> Diagnostic:
    return Diagnostic("not-found", message, Location("<the request>"))


ROUTES = [
    Route("/api/ask", ask),
    Route("/api/who", who),
    Route("/api/bodies", listing("bodies")),
    Route("/api/functions", listing("functions")),
    Route("/api/facts", listing("facts")),
    Route("/api/diff/{draft:str}", diff),
    Route("/api/agenda/{meeting:str}", agenda),
    Route("/api/register", register_list),
    Route("/api/register/verify", register_verify),
    Route("/api/{rest:path}", not_found),
]
