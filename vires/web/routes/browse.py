"""The Bodies pages: a searchable index of bodies, and each body's page (its scheme, reserved matters, delegations)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from vires.engine import catalogue
from vires.outputs.body_paper import body_paper
from vires.web.forms import date_param, proposed_param
from vires.web.pages import paper_html, problem, render, workbench


def matches(match: str, *texts: str) -> bool:
    """Every word of `match` is in one of the texts (case-insensitive); everything matches no words."""
    joined = " ".join(texts).casefold()
    return all(word in joined for word in match.casefold().split())


async def bodies_page(request: Request) -> Response:
    """Every body, in name order, or those whose name or id holds every word of `match`."""
    pack = workbench(request).rules.pack
    match = (request.query_params.get("match") or "").strip()
    rows = [b for b in catalogue.bodies(pack) if matches(match, b["name"], b["id"])]
    names = {b.id: b.name for b in pack.bodies.values()}
    return render(request, "bodies.html", rows=rows, match=match, names=names)


async def body_page(request: Request) -> Response:
    """One body: what it may decide on the date, what is reserved to it, what it delegates, whom it answers to."""
    rules = workbench(request).rules
    body_id = request.path_params["body"]
    if body_id not in rules.pack.bodies:
        raise HTTPException(404)
    date, problems = date_param(request.query_params)
    if problems:
        return problem(request, problems)
    include_proposed = proposed_param(request.query_params)
    paper = body_paper(rules, body_id, date, include_proposed)
    return render(
        request,
        "body.html",
        title=paper.title,
        paper=paper_html(paper),
        body_id=body_id,
        date=date.isoformat(),
        include_proposed=include_proposed,
    )


ROUTES = [Route("/bodies", bodies_page), Route("/bodies/{body:str}", body_page)]
