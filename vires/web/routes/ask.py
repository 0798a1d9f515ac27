"""The Ask and Who pages: may this body take this decision, and who may; and the answer as a file for a paper."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from vires.engine import catalogue
from vires.errors import QuestionError
from vires.outputs.answer_paper import answer_paper
from vires.outputs.paper_formats import FORMATS as PAPER_FORMATS
from vires.outputs.paper_formats import render as render_paper
from vires.outputs.paper_markdown import to_markdown
from vires.outputs.who_paper import who_paper
from vires.web.asking import choices
from vires.web.forms import Asked, fact_fields
from vires.web.pages import paper_html, problem, render, workbench

LISTED = 300  # bodies offered as a list to pick from; more are typed, by name or id, separated by `;`
OUTCOME = {"permitted": "Permitted", "conditional": "Conditional", "denied": "Denied"}
FILES = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _form(request: Request, asked: Asked) -> dict:
    """What the question form needs: the typed fields, and the bodies a list offers (worked out once a load)."""
    wb = workbench(request)
    pack = wb.rules.pack

    def make() -> tuple[list, list | None]:
        bodies = catalogue.bodies(pack)
        return fact_fields(pack), bodies if len(bodies) <= LISTED else None

    form: tuple[list, list | None] = wb.cached(("form", wb.generation), make)  # type: ignore[assignment]
    return {"asked": asked, "fields": form[0], "bodies": form[1]}


async def ask_page(request: Request) -> Response:
    """The question form; with a body and a decision, the answer under it, the chain drawn beside it."""
    rules = workbench(request).rules
    asked = Asked.read(request.query_params)
    context = _form(request, asked)
    if not asked.asked:
        return render(request, "ask.html", **context, answer=None)
    question, problems = asked.question(need_body=True)
    if question is None:
        return render(request, "ask.html", 400, **context, answer=None, problems=problems)
    offered = choices(rules.pack, asked, "/ask")
    if offered:
        return render(request, "ask.html", **context, answer=None, choices=offered)
    try:
        answer = rules.ask(question)
    except QuestionError as error:
        return render(request, "ask.html", 400, **context, answer=None, problems=error.diagnostics)
    paper = answer_paper(rules.pack, answer)
    return render(
        request,
        "ask.html",
        **context,
        answer=answer,
        outcome_word=OUTCOME[answer["outcome"]],
        title=paper.title,
        paper=paper_html(paper),
        markdown=to_markdown(paper),
        query=asked.query(),
        hidden=asked.hidden(),
    )


async def ask_file(request: Request) -> Response:
    """The answer as a file for a paper: /ask.md, /ask.html or /ask.docx, asked as the Ask page is."""
    fmt = request.path_params["fmt"]
    if fmt not in PAPER_FORMATS:
        raise HTTPException(404)
    rules = workbench(request).rules
    question, problems = Asked.read(request.query_params).question(need_body=True)
    if question is None:
        return problem(request, problems)
    try:
        answer = rules.ask(question)
    except QuestionError as error:
        return problem(request, error.diagnostics)
    data = render_paper(answer_paper(rules.pack, answer), fmt)
    disposition = f'attachment; filename="answer.{fmt}"' if fmt != "html" else "inline"
    return Response(data, media_type=FILES.get(fmt, DOCX), headers={"content-disposition": disposition})


async def who_page(request: Request) -> Response:
    """The form without a body; with a decision, every body that may take it, lowest level first."""
    rules = workbench(request).rules
    asked = Asked.read(request.query_params)
    context = _form(request, asked)
    if not asked.asked:
        return render(request, "who.html", **context, paper=None)
    question, problems = asked.question(need_body=False)
    if question is None:
        return render(request, "who.html", 400, **context, paper=None, problems=problems)
    offered = choices(rules.pack, asked, "/who")
    if offered:
        return render(request, "who.html", **context, paper=None, choices=offered)
    try:
        result = rules.who(question)
    except QuestionError as error:
        return render(request, "who.html", 400, **context, paper=None, problems=error.diagnostics)
    link = lambda body, org: f"/ask?{asked.query(body=body, organisation=org or '')}"  # noqa: E731
    paper = who_paper(rules.pack, result, link=link)
    return render(request, "who.html", **context, paper=paper_html(paper), title=paper.title, query=asked.query())


ROUTES = [
    Route("/", ask_page),
    Route("/ask", ask_page),
    Route("/ask.{fmt:str}", ask_file),
    Route("/who", who_page),
]
