"""The Register page: the records with names and citations, the verify result in words; recording by POST."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from vires.errors import RegisterError
from vires.outputs.register_paper import register_paper
from vires.outputs.register_text import export_text
from vires.register.store import Register, decide
from vires.web.csrf import check_form
from vires.web.forms import Asked
from vires.web.pages import paper_html, problem, render, workbench

EXPORTS = {"csv": "text/csv; charset=utf-8", "md": "text/markdown; charset=utf-8", "json": "application/json"}


def read(path: str, expect_head: str | None = None):
    """(records, verification) of the register at `path`; ([], None) when no register is there yet."""
    if not Path(path).exists():
        return [], None
    with Register.open(path) as opened:
        result = opened.verify(expect_head)
        return opened.records(), result


async def register_page(request: Request) -> Response:
    """Every record, oldest first, after the verdict of verifying the chain (with a head noted earlier, if given)."""
    wb = workbench(request)
    expect_head = (request.query_params.get("expect_head") or "").strip() or None
    try:
        records, result = read(wb.register, expect_head)
    except RegisterError as error:
        return problem(request, error.diagnostics, title="The register cannot be read")
    recorded = request.query_params.get("recorded", "")
    context = {"register": wb.register, "expect_head": expect_head or "", "recorded": recorded, "problems": ()}
    if result is None:
        return render(request, "register.html", **context, paper=None)
    paper = register_paper(records, result, wb.rules.pack)
    return render(request, "register.html", **context, paper=paper_html(paper))


async def record(request: Request) -> Response:
    """Record the decision an Ask answer gave, with the meeting's reference, by the rules of `vires record`."""
    wb = workbench(request)
    async with request.form(max_files=0, max_fields=200) as form:
        await check_form(request, form)
        asked = Asked.read(form)
        ref = str(form.get("ref") or "")
        override = str(form.get("override") or "").strip() or None
    question, problems = asked.question(need_body=True)
    if question is None:
        return problem(request, problems, title="Nothing was recorded")
    try:
        entry = decide(wb.rules, question, ref=ref, override=override)
        with Register.open(wb.register, create=True) as opened:
            written = opened.append(entry)
    except RegisterError as error:
        return problem(request, error.diagnostics, title="Nothing was recorded")
    return RedirectResponse(f"/register?recorded={written['seq']}", status_code=303)


async def export(request: Request) -> Response:
    """The register as CSV, Markdown or JSON (what `vires register export` writes)."""
    fmt = request.path_params["fmt"]
    if fmt not in EXPORTS:
        raise HTTPException(404)
    wb = workbench(request)
    try:
        records, result = read(wb.register)
    except RegisterError as error:
        return problem(request, error.diagnostics, title="The register cannot be read")
    if result is None:  # nothing recorded yet: the register page says so
        return RedirectResponse("/register", status_code=303)
    records = [found for found in records if found["seq"] <= result.count]
    data = export_text(fmt, records, result, wb.register)
    disposition = f'attachment; filename="register.{fmt}"'
    return Response(data, media_type=EXPORTS[fmt], headers={"content-disposition": disposition})


ROUTES = [
    Route("/register", register_page),
    Route("/register/record", record, methods=["POST"]),
    Route("/register/export.{fmt:str}", export),
]
