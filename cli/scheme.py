"""`vires scheme`: a scheme-of-delegation table for a board paper, in Markdown or HTML."""

from __future__ import annotations

import datetime as dt

import click

from vires.cli.diagram import output_format
from vires.cli.options import date_option, engine_option, handles_errors, paths_argument, write


@click.command()
@paths_argument
@click.option("--body", metavar="BODY", help="The body whose scheme to write.")
@click.option("--all", "all_bodies", is_flag=True, help="Every body that may decide anything, one table each.")
@click.option(
    "-o", "--output", "target", required=True, metavar="FILE", help="FILE.md or FILE.html, or - for Markdown on stdout."
)
@date_option("The date the scheme speaks for, YYYY-MM-DD (default today).")
@click.option("--include-proposed", is_flag=True, help="Treat proposed delegations as adopted (and mark them).")
@click.option("--no-diagram", is_flag=True, help="HTML without the delegation diagram (which needs Graphviz's `dot`).")
@engine_option
@handles_errors
def scheme(paths, body, all_bodies, target, date, include_proposed, no_diagram, engine):
    """Write the scheme of delegation: who may decide what, within what limit, on what conditions.

    One row a function the body may decide (a child function only where its answer differs from
    its parent's): the function, who decides and by what chain, the limit, the conditions still
    to meet before deciding and the obligations after, and the sources cited. Every row is what
    `vires ask` answers for that body and function on the date, asked without an amount or facts.

    Markdown is ready to paste into a paper; HTML is one printable page (A4 landscape) with the
    diagram of the body's delegations inline. Same rules and date, same bytes.

    \b
    Examples:
      vires scheme @city-and-hackney --body hackney-hwbb --date 2026-06-01 -o hwbb-scheme.md
      vires scheme @city-and-hackney --all --date 2026-06-01 --include-proposed -o scheme.html
    """
    from vires.api import open_rules
    from vires.outputs.scheme import build, to_html, to_markdown

    if (body is None) == (not all_bodies):
        raise click.UsageError("give either --body BODY or --all")
    fmt = output_format(target, ("md", "html"))
    rules = open_rules(paths, engine)
    date = date or dt.date.today()
    table = build(rules, body, date, include_proposed)
    if fmt == "md":
        write(target, to_markdown(table).encode("utf-8"))
        return
    svg = None
    if not no_diagram:
        from vires.outputs.diagram import View, render, to_dot

        svg = render(to_dot(rules, View(body=body, date=date)), "svg").decode("utf-8")
    write(target, to_html(table, svg).encode("utf-8"))
