"""The Diagram and scheme pages: the pack's diagram (a chain highlighted from an Ask answer) and the scheme table.

Graphviz draws in a worker thread, and what it drew is kept by the DOT text it drew from (same text,
same picture), so asking again does not draw again.
"""

from __future__ import annotations

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from vires.engine.resolve import resolve, resolve_body, resolve_function
from vires.errors import QuestionError, RenderError
from vires.outputs.diagram import View, render, to_dot
from vires.outputs.paper_formats import FORMATS as PAPER_FORMATS
from vires.outputs.paper_formats import render as render_paper
from vires.outputs.scheme import build
from vires.outputs.scheme_paper import scheme_paper
from vires.web.forms import Asked, date_param, proposed_param
from vires.web.pages import paper_html, problem, workbench
from vires.web.pages import render as render_page
from vires.web.state import Workbench

SVG = "image/svg+xml"
CHAIN = "chain"  # `view=chain`: only what bears on the decision asked (the picture beside an answer)


def _view(request: Request) -> tuple[View, bool]:
    """The view a query asks for, names made ids, and whether it highlights an answer's chain.

    With a body and a decision (an Ask answer's question), the chain the answer chose is drawn in red
    (`view=chain`: that chain alone, the picture beside an answer); otherwise `function` and `focus`
    narrow the drawing to what bears on a decision or the chains through a body.
    """
    rules = workbench(request).rules
    params = request.query_params
    date, problems = date_param(params)
    if problems:
        raise QuestionError(problems)
    asked = Asked.read(params)
    if asked.body and asked.decision:
        question, problems = asked.question(need_body=True)
        if question is None:
            raise QuestionError(problems)
        question = resolve(question, rules.pack)
        return View(date=question.date, question=question, chain_only=params.get("view") == CHAIN), True
    function = (params.get("function") or "").strip() or None
    focus = (params.get("focus") or "").strip() or None
    return (
        View(
            function=resolve_function(rules.pack, function) if function else None,
            body=resolve_body(rules.pack, focus) if focus else None,
            date=date,
            include_proposed=proposed_param(params),
        ),
        False,
    )


def _svg(wb: Workbench, dot: str) -> bytes:
    return wb.cached(("svg", dot), lambda: render(dot, "svg"))  # type: ignore[return-value]


async def diagram_svg(request: Request) -> Response:
    """The diagram as an SVG file (the picture beside an answer, or a download)."""
    wb = workbench(request)
    try:
        view, _ = _view(request)
        dot = to_dot(wb.rules, view)
        data = await run_in_threadpool(_svg, wb, dot)
    except (QuestionError, RenderError) as error:
        return problem(request, error.diagnostics)
    return Response(data, media_type=SVG)


async def diagram_page(request: Request) -> Response:
    """The diagram inline (so that pointing at a box shows its citations), with a form to narrow it."""
    wb = workbench(request)
    try:
        view, highlighted = _view(request)
        dot = to_dot(wb.rules, view)
        data = await run_in_threadpool(_svg, wb, dot)
    except (QuestionError, RenderError) as error:
        return problem(request, error.diagnostics)
    text = data.decode("utf-8")
    svg = Markup(text[text.find("<svg") :])  # noqa: S704 - Graphviz escapes every label, tooltip and link
    narrowing = ("function", "focus", "date", "view", "include_proposed")
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in narrowing]
    if highlighted and view.question is not None:
        names = wb.rules.pack
        heading = "The chain for " + names.functions[view.question.decision].name
    else:
        heading = "Delegation diagram"
    return render_page(
        request,
        "diagram.html",
        svg=svg,
        heading=heading,
        highlighted=highlighted,
        kept=kept,
        function=request.query_params.get("function", ""),
        focus=request.query_params.get("focus", ""),
        date=view.date.isoformat() if view.date else "",
        include_proposed=view.proposals_adopted,
        query=request.url.query,
    )


def _scheme(wb: Workbench, date, include_proposed: bool, with_diagram: bool):
    def make():
        rules = wb.rules
        dot = to_dot(rules, View(date=date, include_proposed=include_proposed)) if with_diagram else None
        return scheme_paper(build(rules, None, date, include_proposed), dot)

    return wb.cached(("scheme", wb.generation, date, include_proposed, with_diagram), make)


async def scheme_page(request: Request) -> Response:
    """The scheme of delegation of every body on the date, and the diagram on a page of its own."""
    wb = workbench(request)
    date, problems = date_param(request.query_params)
    if problems:
        return problem(request, problems)
    include_proposed = proposed_param(request.query_params)

    def page_html():
        return wb.cached(
            ("scheme-html", wb.generation, date, include_proposed),
            lambda: paper_html(_scheme(wb, date, include_proposed, True)),
        )

    paper = await run_in_threadpool(page_html)
    query = f"date={date.isoformat()}" + ("&include_proposed=on" if include_proposed else "")
    return render_page(
        request, "scheme.html", paper=paper, date=date.isoformat(), include_proposed=include_proposed, query=query
    )


async def scheme_file(request: Request) -> Response:
    """The scheme as a file for a paper: /scheme.md, /scheme.html or /scheme.docx."""
    fmt = request.path_params["fmt"]
    if fmt not in PAPER_FORMATS:
        raise HTTPException(404)
    wb = workbench(request)
    date, problems = date_param(request.query_params)
    if problems:
        return problem(request, problems)
    paper = await run_in_threadpool(_scheme, wb, date, proposed_param(request.query_params), fmt != "md")
    data = await run_in_threadpool(render_paper, paper, fmt)
    media = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8"}.get(
        fmt, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    disposition = f'attachment; filename="scheme.{fmt}"' if fmt != "html" else "inline"
    return Response(data, media_type=media, headers={"content-disposition": disposition})


ROUTES = [
    Route("/diagram", diagram_page),
    Route("/diagram.svg", diagram_svg),
    Route("/scheme", scheme_page),
    Route("/scheme.{fmt:str}", scheme_file),
]
