"""The Test a draft pages: upload a draft (POST), then what it changes at an address of its own (GET)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from vires.errors import Diagnostic, Location
from vires.outputs import diff_text
from vires.outputs.cases_paper import cases_paper
from vires.web.csrf import check_form
from vires.web.drafts import Tested, safe_name, try_draft
from vires.web.forms import FIELD, date_param, proposed_param
from vires.web.pages import paper_html, render, workbench
from vires.web.safety import MAX_UPLOAD
from vires.web.state import Draft, Workbench


async def draft_form(request: Request) -> Response:
    """The upload form."""
    date, _ = date_param(request.query_params)
    return render(request, "draft.html", **_form(request, date.isoformat(), False))


def _form(request: Request, date: str, include_proposed: bool) -> dict:
    wb = workbench(request)
    return {"date": date, "include_proposed": include_proposed, "cases": bool(wb.cases), "can_draft": bool(wb.paths)}


async def draft_upload(request: Request) -> Response:
    """Take the draft (1 MB at most) and send the browser to the page of what it changes."""
    async with request.form(max_files=1, max_fields=8) as form:
        await check_form(request, form)
        date, problems = date_param(form)
        include_proposed = proposed_param(form)
        upload = form.get("draft")
        data = b""
        if isinstance(upload, UploadFile):
            data = await upload.read(MAX_UPLOAD + 1)
        name = safe_name(upload.filename if isinstance(upload, UploadFile) else None)
    if len(data) > MAX_UPLOAD:
        return render(
            request,
            "draft.html",
            413,
            **_form(request, date.isoformat(), include_proposed),
            problems=[_too_large(name)],
        )
    if not data:
        problems.append(
            Diagnostic(
                "missing-field",
                "no draft file was uploaded",
                Location(FIELD),
                "choose the draft's file, then press Test the draft",
            )
        )
    if problems or not workbench(request).paths:
        return render(
            request, "draft.html", 400, **_form(request, date.isoformat(), include_proposed), problems=problems
        )
    draft_id = workbench(request).keep_draft(Draft(name, data))
    query = f"date={date.isoformat()}" + ("&include_proposed=on" if include_proposed else "")
    return RedirectResponse(f"/draft/{draft_id}?{query}", status_code=303)


def tested(wb: Workbench, draft: Draft, date, include_proposed: bool) -> Tested:
    """The draft tested on `date` (kept, since the same draft on the same rules gives the same result)."""
    key = ("draft", wb.generation, draft.id, date, include_proposed)
    return wb.cached(key, lambda: try_draft(wb.paths, wb.cases, draft, date, include_proposed, wb.engine))  # type: ignore[return-value]


def held(request: Request) -> Draft:
    """The draft the address names; 404 when it is not held (the server restarted, or it was dropped)."""
    draft = workbench(request).draft(request.path_params["draft"])
    if draft is None:
        raise HTTPException(
            404,
            "This draft is no longer held by the workbench (it was restarted, or many drafts were tested since): "
            "upload it again.",
        )
    return draft


async def draft_page(request: Request) -> Response:
    """The draft's problems, located in its text; or every decision right it changes, and the cases before → after."""
    wb = workbench(request)
    draft = held(request)
    date, problems = date_param(request.query_params)
    include_proposed = proposed_param(request.query_params)
    context = {"draft": draft, "draft_id": draft.id, "date": date.isoformat(), "include_proposed": include_proposed}
    context["query"] = f"date={date.isoformat()}" + ("&include_proposed=on" if include_proposed else "")
    if problems:
        return render(request, "draft_result.html", 400, **context, problems=problems, lines=[], bad_lines={})
    result = await run_in_threadpool(tested, wb, draft, date, include_proposed)
    if result.problems:
        bad: dict[int, list] = {}
        for d in result.problems:
            if d.location.file == draft.name and d.location.line:
                bad.setdefault(d.location.line, []).append(d)
        lines = draft.data.decode("utf-8", "replace").splitlines()
        return render(
            request, "draft_result.html", 400, **context, problems=result.problems, lines=lines, bad_lines=bad
        )
    assert result.diff is not None
    paper = diff_text.paper(result.diff, result.names, result.facts)
    cases = cases_paper(result.cases_before, result.cases_after) if result.cases_after else None
    return render(
        request,
        "draft_result.html",
        **context,
        problems=(),
        paper=paper_html(paper),
        cases_paper=paper_html(cases) if cases else None,
    )


def _too_large(name: str) -> Diagnostic:
    megabytes = MAX_UPLOAD // 1024 // 1024
    return Diagnostic(
        "draft-too-large",
        f"`{name}` is larger than {megabytes} MB, the most a draft uploaded here may be",
        Location(name),
        "split it into smaller files and test the part that changes, or check it with `vires check` on your own "
        "machine",
    )


ROUTES = [
    Route("/draft", draft_form, methods=["GET"]),
    Route("/draft", draft_upload, methods=["POST"]),
    Route("/draft/{draft:str}", draft_page),
]
