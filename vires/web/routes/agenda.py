"""The Agenda pages: upload a meeting file (POST), then its check at an address of its own (GET), with the
note to the chair as a Word document and the deadlines as a calendar to download."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from vires.errors import Diagnostic, Location
from vires.web.agendas import Checked, check_params, check_upload
from vires.web.csrf import check_form
from vires.web.drafts import safe_name
from vires.web.forms import FIELD
from vires.web.pages import paper_html, render, workbench
from vires.web.safety import MAX_UPLOAD
from vires.web.state import Draft, Workbench

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def agenda_form(request: Request) -> Response:
    """The upload form."""
    as_of, within, _ = check_params(request.query_params)
    return render(request, "agenda.html", as_of=as_of.isoformat(), within=within)


async def agenda_upload(request: Request) -> Response:
    """Take the meeting file (1 MB at most) and send the browser to the page of its check."""
    async with request.form(max_files=1, max_fields=8) as form:
        await check_form(request, form)
        as_of, within, problems = check_params(form)
        upload = form.get("meeting")
        data = b""
        if isinstance(upload, UploadFile):
            data = await upload.read(MAX_UPLOAD + 1)
        name = safe_name(upload.filename if isinstance(upload, UploadFile) else None)
    context = {"as_of": as_of.isoformat(), "within": within}
    if len(data) > MAX_UPLOAD:
        megabytes = MAX_UPLOAD // 1024 // 1024
        too_large = Diagnostic(
            "meeting-too-large",
            f"`{name}` is larger than {megabytes} MB, the most a meeting file uploaded here may be",
            Location(name),
            "a meeting file is a few kilobytes: check that this is the right file",
        )
        return render(request, "agenda.html", 413, **context, problems=[too_large])
    if not data:
        problems.append(
            Diagnostic(
                "missing-field",
                "no meeting file was uploaded",
                Location(FIELD),
                "choose the meeting file, then press Check the agenda",
            )
        )
    if problems:
        return render(request, "agenda.html", 400, **context, problems=problems)
    meeting_id = workbench(request).keep_draft(Draft(name, data))
    return RedirectResponse(f"/agenda/{meeting_id}?as_of={as_of.isoformat()}&within={within}", status_code=303)


def checked(wb: Workbench, upload: Draft, as_of, within: int) -> Checked:
    """The meeting checked (kept, since the same file on the same rules and day gives the same check)."""
    key = ("agenda", wb.generation, upload.id, as_of, within)
    return wb.cached(key, lambda: check_upload(wb, upload, as_of, within))  # type: ignore[return-value]


def held(request: Request) -> Draft:
    """The meeting file the address names; 404 when it is not held (the server restarted, or it was dropped)."""
    upload = workbench(request).draft(request.path_params["meeting"])
    if upload is None:
        raise HTTPException(
            404,
            "This meeting file is no longer held by the workbench (it was restarted, or many files were uploaded "
            "since): upload it again.",
        )
    return upload


async def agenda_page(request: Request) -> Response:
    """The check: the note to the chair, with links to its Word document, the calendar and the JSON."""
    wb = workbench(request)
    upload = held(request)
    as_of, within, problems = check_params(request.query_params)
    query = f"as_of={as_of.isoformat()}&within={within}"
    context = {"upload": upload, "meeting_id": upload.id, "as_of": as_of.isoformat(), "within": within}
    context["query"] = query
    if problems:
        return render(request, "agenda_result.html", 400, **context, problems=problems, note=None, elsewhere=())
    found = await run_in_threadpool(checked, wb, upload, as_of, within)
    if found.problems:
        return render(request, "agenda_result.html", 400, **context, problems=found.problems, note=None, elsewhere=())
    from vires.outputs.agenda_paper import agenda_paper

    assert found.result is not None
    served = set(wb.paths)
    elsewhere = tuple(r for r in found.rules_named if r not in served)
    note = paper_html(agenda_paper(wb.rules.pack, found.result))
    return render(request, "agenda_result.html", **context, problems=(), note=note, elsewhere=elsewhere)


def download(fmt: str):
    """The route of the note as a Word document (`docx`) or the deadlines as a calendar (`ics`)."""

    async def route(request: Request) -> Response:
        wb = workbench(request)
        upload = held(request)
        as_of, within, problems = check_params(request.query_params)
        found = await run_in_threadpool(checked, wb, upload, as_of, within)
        if problems or found.problems or found.result is None:
            raise HTTPException(400, "This meeting file cannot be checked as it is: open its page to see why.")
        stem = upload.name.rsplit(".", 1)[0]
        if fmt == "ics":
            from vires.outputs.agenda_calendar import agenda_calendar

            data, media, name = agenda_calendar(wb.rules.pack, found.result), "text/calendar", f"{stem}-deadlines.ics"
        else:
            from vires.outputs.agenda_paper import agenda_paper
            from vires.outputs.paper_formats import render as render_paper

            data, media, name = (
                render_paper(agenda_paper(wb.rules.pack, found.result), "docx"),
                DOCX,
                f"{stem}-note.docx",
            )
        return Response(data, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'})

    return route


ROUTES = [
    Route("/agenda", agenda_form, methods=["GET"]),
    Route("/agenda", agenda_upload, methods=["POST"]),
    Route("/agenda/{meeting:str}", agenda_page),
    Route("/agenda/{meeting:str}/note.docx", download("docx")),
    Route("/agenda/{meeting:str}/deadlines.ics", download("ics")),
]
