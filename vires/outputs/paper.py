"""A document for a board paper as blocks: what an answer or a scheme says, before any format.

`vires.outputs.answer_paper` and `vires.outputs.scheme_paper` word an answer or a scheme once, as a
`Paper`; `paper_markdown`, `paper_html` and `paper_docx` each write every block in their format, so
the three say the same thing. Text here is plain: each renderer escapes it for its format.
"""

from __future__ import annotations

import warnings

import attrs

from vires.errors import RenderError, ViresWarning


@attrs.frozen
class Run:
    """A stretch of text in a line: plain, strong, an id (shown as code), or a link to `link`."""

    text: str
    strong: bool = False
    code: bool = False
    link: str | None = None


Line = tuple[Run, ...]  # a paragraph, as its runs


def line(*parts: str | Run | Line) -> Line:
    """A line from strings (plain runs), runs and other lines, in order; empty strings are dropped."""
    out: list[Run] = []
    for part in parts:
        if isinstance(part, Run):
            out.append(part)
        elif isinstance(part, str):
            if part:
                out.append(Run(part))
        else:
            out.extend(part)
    return tuple(out)


def plain(text: Line) -> str:
    """A line's text without marks."""
    return "".join(run.text for run in text)


@attrs.frozen
class Heading:
    """A section heading: level 1 or 2 (the paper's title is `Paper.title`)."""

    level: int
    text: str


@attrs.frozen
class Para:
    """A paragraph; a `note` is a smaller aside (the date and rules a paper speaks for)."""

    text: Line
    note: bool = False


@attrs.frozen
class Item:
    """A list item: its line, then numbered steps under it (routes in order), then further paragraphs
    (a citation), then a quotation."""

    text: Line
    more: tuple[Line, ...] = ()
    quote: str | None = None
    steps: tuple[Line, ...] = ()


@attrs.frozen
class Items:
    """A list: `bullet`, `number` (the steps of a chain) or `check` (boxes to tick before deciding)."""

    kind: str
    items: tuple[Item, ...]


Cell = tuple[Line, ...]  # a table cell, as its paragraphs


@attrs.frozen
class Table:
    """A table whose header row repeats on every page it runs onto; `widths` are relative column widths."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[int, ...]


@attrs.frozen
class Figure:
    """A diagram as DOT text, drawn by each renderer in its own picture format, on a page of its own.

    `missing` is the sentence written in its place where Graphviz cannot draw it.
    """

    dot: str
    caption: str
    missing: str


Block = Heading | Para | Items | Table | Figure


@attrs.frozen
class Paper:
    """A whole document: its title, its blocks, and whether its pages are landscape."""

    title: str
    blocks: tuple[Block, ...]
    landscape: bool = False


def drawn(figure: Figure, fmt: str) -> bytes | None:
    """The figure drawn as `svg` or `png`; None, with a warning, where Graphviz's `dot` is not installed."""
    from vires.outputs.diagram import render

    try:
        return render(figure.dot, fmt)
    except RenderError as error:
        if error.diagnostics[0].code != "graphviz-missing":
            raise
        warnings.warn(
            "the diagram was left out: Graphviz's `dot` was not found (install Debian's `graphviz` package)",
            ViresWarning,
            stacklevel=2,
        )
        return None
