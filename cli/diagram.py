"""`vires diagram`: a delegation diagram of the rules for a printed page, as DOT, SVG, PNG or PDF."""

from __future__ import annotations

import datetime as dt

import attrs
import click

from vires.cli.options import (
    AMOUNT,
    FACT,
    chosen_format,
    date_option,
    engine_option,
    handles_errors,
    paths_argument,
    write,
)


@click.command()
@paths_argument
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    required=True,
    metavar="FILE",
    help="FILE.pdf, .svg, .png or .dot, or - for DOT on the screen; repeat to write several from one drawing.",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "a3"]),
    default="a4",
    show_default=True,
    help="The paper it is printed on, landscape; no text prints smaller than 9 pt.",
)
@click.option(
    "--for",
    "organisation",
    metavar="ORG",
    help="Draw one organisation (by id or name): everything part of it, and the joint committees and "
    "partnerships it belongs to.",
)
@click.option("--overview", is_flag=True, help="Draw the organisations alone, with the lines between them.")
@click.option("--function", metavar="FUNCTION", help="Keep only what bears on this function (and its parts).")
@click.option(
    "--body",
    metavar="BODY",
    help="Keep only the chains through this body; with --decision, the body that would decide.",
)
@click.option("--decision", metavar="FUNCTION", help="With --body: draw in red the chain that `vires ask` would give.")
@click.option(
    "--chain-only", is_flag=True, help="With --decision: draw just that chain's bodies and what they are part of."
)
@click.option("--amount", type=AMOUNT, default=None, help="With --decision: pounds, e.g. 2.4m.")
@date_option("The date the drawing shows, YYYY-MM-DD (default today): rules and bodies not valid then are left out.")
@click.option("--fact", "facts", type=FACT, multiple=True, help="With --decision: a fact, key=value.")
@click.option("--include-proposed", is_flag=True, help="Treat proposed delegations as adopted.")
@click.option(
    "--hide-inactive",
    is_flag=True,
    help="Leave out delegations that pass nothing on at the date (drawn grey otherwise).",
)
@engine_option
@handles_errors
def diagram(
    paths,
    outputs,
    paper,
    organisation,
    overview,
    function,
    body,
    decision,
    chain_only,
    amount,
    date,
    facts,
    include_proposed,
    hide_inactive,
    engine,
):
    """Draw the bodies, powers and delegations of the rules for a board paper, to print.

    Each body is a box, shaped and coloured by kind, with the powers it holds and the matters
    reserved to it; the bodies of one organisation share a grey area, national at the top and
    neighbourhood at the bottom. Arrows are delegations, labelled with what they pass on and up to
    what limit (proposed ones dashed). A delegation that passes nothing on at the date is grey, with
    the reason after a cross. Dotted arrows show accountability. In an SVG, pointing at a box or an
    arrow shows its citations in full. Same rules, same bytes.

    The drawing is sized for the paper so that no text prints smaller than 9 pt. Where the whole of
    the rules cannot fit, a PDF takes one page for the organisations alone and one for each
    organisation; an SVG, PNG or DOT file is not written, and vires names the narrower drawings that
    would fit (--for, --overview, --function, --body, --chain-only).

    Drawing needs Graphviz's `dot` (Debian package `graphviz`).

    \b
    Examples:
      vires diagram @city-and-hackney --date 2026-06-01 -o city-and-hackney.pdf
      vires diagram @city-and-hackney --for lb-hackney -o hackney.svg
      vires diagram @city-and-hackney --decision neighbourhood-health-plan.deliver \\
          --body hackney-hwbb-nhp-subcommittee --date 2026-06-01 --include-proposed --chain-only -o chain.png
    """
    from vires.api import open_rules
    from vires.cli.options import make_question
    from vires.outputs.diagram import FORMATS, PAPERS, DoesNotFit, View, draw

    formats = [chosen_format(target, FORMATS) for target in outputs]
    if decision is not None and body is None:
        raise click.UsageError("--decision needs --body: the body that would decide")
    question_only = {"--amount": amount is not None, "--fact": bool(facts), "--chain-only": chain_only}
    if decision is None and any(question_only.values()):
        given = [k for k, v in question_only.items() if v]
        raise click.UsageError(", ".join(given) + (" goes" if len(given) == 1 else " go") + " only with --decision")
    if overview and organisation is not None:
        raise click.UsageError("--overview and --for draw different things: give one of them")
    rules = open_rules(paths, engine)
    date = date or dt.date.today()
    question = None
    if decision is not None:
        question = make_question(decision, amount, date, facts, include_proposed, body=body)
    view = View(
        function=function,
        body=body if decision is None else None,
        date=date,
        question=question,
        organisation=organisation,
        overview=overview,
        chain_only=chain_only,
        hide_inactive=hide_inactive,
        include_proposed=include_proposed,
    )
    try:
        drawn = draw(rules, view, PAPERS[paper], formats)  # all drawn before any is written
    except DoesNotFit as error:
        raise DoesNotFit(_narrower(error, formats), error.organisations, error.overview_fits, error.larger) from None
    for target, data in zip(outputs, drawn, strict=True):
        write(target, data)


def _narrower(error, formats: list[str]):
    """The does-not-fit diagnostic with its hint in command-line words: the options that draw less."""
    views = [f"--for {org}" for org in error.organisations] + (["--overview"] if error.overview_fits else [])
    hint = "draw less: " + (", ".join(views) + "; or " if views else "")
    hint += "--function FUNCTION, --body BODY, or --chain-only with --decision"
    if set(formats) != {"pdf"} and error.organisations:
        hint += "; or write a PDF (-o FILE.pdf), which takes a page for each organisation"
    hint += f"; or --paper {error.larger}" if error.larger else ""
    (diagnostic,) = error.diagnostics
    return attrs.evolve(diagnostic, hint=hint)
