"""A view drawn for paper: the image asked for when it fits with no text under 9 pt, or a PDF with one page
per view when it does not; type is never shrunk below 9 pt to make a drawing fit."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import attrs

from vires.errors import Diagnostic, RenderError, ViresWarning
from vires.outputs.diagram.pages import organisations, page_views, splits
from vires.outputs.diagram.paper import MIN_POINTS, PAPERS, Paper, printed_size
from vires.outputs.diagram.render import on_paper, render, scale
from vires.outputs.diagram.select import select
from vires.outputs.diagram.style import PROPORTIONS, Proportions
from vires.outputs.diagram.view import View
from vires.outputs.diagram.words import body_name
from vires.outputs.diagram.write_dot import write

A4 = PAPERS["a4"]


def to_dot(rules, view: View = View(), paper: Paper = A4, proportions: Proportions = PROPORTIONS[0]) -> str:
    """The diagram of `rules` (a `vires.api.Rules`) for `view` as DOT text sized for `paper`: same rules,
    view, paper and proportions, same bytes."""
    return write(select(rules, view), paper, proportions)


def fitted(rules, view: View, paper: Paper) -> tuple[str, float]:
    """The DOT of `view` in the first of `PROPORTIONS` that fits `paper` with no text under 9 pt, or else
    in those whose text prints largest; and the size that text prints at."""
    drawing = select(rules, view)
    best = ("", 0.0)
    for proportions in PROPORTIONS:
        text = write(drawing, paper, proportions)
        smallest = printed(text)
        if smallest >= MIN_POINTS - 1e-6:
            return text, smallest
        best = max(best, (text, smallest), key=lambda found: found[1])
    return best


def printed(dot: str) -> float:
    """The size, in points, the smallest text of `dot` prints at on its paper (runs `dot` to lay it out)."""
    return printed_size(dot, scale(dot))


class DoesNotFit(RenderError):
    """A view too large for its paper with no text under 9 pt. `organisations` are the organisations
    drawn alone that would fit, `overview_fits` whether the organisations alone would, `larger` the
    name of a larger paper the view fits (or None)."""

    def __init__(self, diagnostic: Diagnostic, organisations: list[str], overview_fits: bool, larger: str | None):
        super().__init__(diagnostic)
        self.organisations, self.overview_fits, self.larger = organisations, overview_fits, larger


def draw(rules, view: View, paper: Paper, formats: Sequence[str]) -> list[bytes]:
    """`view` drawn in each of `formats` (dot, svg, png, pdf) on `paper`, or DoesNotFit (nothing drawn).

    A view that fits is drawn as asked (a PDF on a sheet of the paper). One that does not becomes, in
    a PDF, one page per view (`vires.outputs.diagram.pages`); a single image cannot hold several
    pages, so then DoesNotFit names the views that would fit.
    """
    try:
        text, smallest = fitted(rules, view, paper)
    except RenderError as error:
        if set(formats) != {"dot"} or error.diagnostics[0].code != "graphviz-missing":
            raise
        warnings.warn(
            f"Graphviz's `dot` is not installed, so whether the drawing fits {paper} with no text under "
            f"{MIN_POINTS:g} pt was not checked",
            ViresWarning,
            stacklevel=2,
        )
        return [to_dot(rules, view, paper).encode("utf-8") for _ in formats]
    if smallest >= MIN_POINTS - 1e-6:
        return [on_paper([render(text, "pdf")], paper) if f == "pdf" else render(text, f) for f in formats]
    if set(formats) != {"pdf"} or not splits(view):
        raise _does_not_fit(rules, view, paper, smallest)
    pages = []
    for page in page_views(rules, view):
        page_text, page_smallest = fitted(rules, page, paper)
        if page_smallest < MIN_POINTS - 1e-6:
            raise _does_not_fit(rules, page, paper, page_smallest)
        pages.append(render(page_text, "pdf"))
    return [on_paper(pages, paper)]


def _does_not_fit(rules, view: View, paper: Paper, smallest: float) -> DoesNotFit:
    """The error for a view too large: how small its text would print, and the narrower views that fit."""
    fitting = []
    overview_fits = False
    if splits(view):
        overview_fits = fitted(rules, attrs.evolve(view, overview=True), paper)[1] >= MIN_POINTS - 1e-6
        for top in organisations(rules, view):
            if fitted(rules, attrs.evolve(view, organisation=top), paper)[1] >= MIN_POINTS - 1e-6:
                fitting.append(top)
    larger = next(
        (
            name
            for name, sheet in PAPERS.items()
            if sheet.width > paper.width and fitted(rules, view, sheet)[1] >= MIN_POINTS - 1e-6
        ),
        None,
    )
    what = "the drawing"
    if view.organisation is not None:
        what = f"the drawing of {body_name(rules.pack, view.organisation)}"
    elif view.overview:
        what = "the drawing of the organisations alone"
    named = ", ".join(body_name(rules.pack, t) for t in fitting)
    hint = "draw a narrower view: "
    hint += f"one organisation at a time ({named}); " if fitting else ""
    hint += "what bears on one function, the chains through one body, or a chain alone"
    hint += f"; or {PAPERS[larger]} paper" if larger else ""
    message = (
        f"{what} is too large for {paper} with no text under {MIN_POINTS:g} pt "
        f"(its smallest text would print at {math.floor(smallest * 10) / 10:.1f} pt)"
    )
    return DoesNotFit(Diagnostic("does-not-fit", message, hint=hint), fitting, overview_fits, larger)
