"""`vires scheme`: a scheme-of-delegation table for a board paper, in Markdown, HTML or Word."""

from __future__ import annotations

import datetime as dt

import click

from vires.cli.options import (
    check_paper_choices,
    chosen_format,
    date_option,
    emit,
    engine_option,
    handles_errors,
    paper_options,
    paths_argument,
)


@click.command()
@paths_argument
@click.option("--body", metavar="BODY", help="The body whose scheme to write.")
@click.option("--all", "all_bodies", is_flag=True, help="Every body of the rules, one section each.")
@click.option(
    "-o",
    "--output",
    "target",
    required=True,
    metavar="FILE",
    help="FILE.md, FILE.html or FILE.docx, or - for Markdown on stdout.",
)
@date_option("The date the scheme speaks for, YYYY-MM-DD (default today).")
@click.option("--include-proposed", is_flag=True, help="Treat proposed delegations as adopted (and mark them).")
@click.option(
    "--no-diagram", is_flag=True, help="HTML and Word without the delegation diagram (drawn by Graphviz's `dot`)."
)
@paper_options
@engine_option
@handles_errors
def scheme(paths, body, all_bodies, target, date, include_proposed, no_diagram, ids, reference_docx, engine):
    """Write the scheme of delegation: who may decide what, within what limit, on what conditions.

    One row a function the body may decide (a child function only where its answer differs from
    its parent's): the decision, who decides and by what chain, the limit, the conditions to meet
    before deciding and the obligations after, and the sources cited. Every row is what `vires ask`
    answers for that body and function on the date, asked without an amount or facts. With --all,
    every body existing on the date has a section; one that decides nothing in its own right is
    said to, with what the rules say it does instead.

    Markdown is ready to paste into a paper; HTML prints on A4 landscape, its tables split between
    rows with the header repeated, and the diagram on a page of its own; Word (.docx) uses Word's
    own styles, so a template given with --reference-docx restyles it. Bodies and decisions are
    named; --ids adds their ids.

    \b
    Examples:
      vires scheme @city-and-hackney --body hackney-hwbb --date 2026-06-01 -o hwbb-scheme.md
      vires scheme @city-and-hackney --all --date 2026-06-01 --include-proposed -o scheme.html
      vires scheme @city-and-hackney --all --date 2026-06-01 -o scheme.docx --reference-docx board-paper.docx
    """
    from vires.api import open_rules
    from vires.outputs.paper_formats import FORMATS, render
    from vires.outputs.scheme import build
    from vires.outputs.scheme_paper import scheme_paper

    if (body is None) == (not all_bodies):
        raise click.UsageError("give either --body BODY or --all")
    fmt = chosen_format(target, FORMATS)
    check_paper_choices(fmt, target, reference_docx)
    rules = open_rules(paths, engine)
    date = date or dt.date.today()
    table = build(rules, body, date, include_proposed)
    dot = None
    if fmt != "md" and not no_diagram:
        from vires.outputs.diagram import View, to_dot

        dot = to_dot(rules, View(body=body, date=date, include_proposed=include_proposed))
    emit(target, render(scheme_paper(table, dot, ids), fmt, reference_docx))
