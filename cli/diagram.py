"""`vires diagram`: a delegation diagram of the rules, as DOT, SVG, PNG or PDF."""

from __future__ import annotations

import datetime as dt

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
    help="FILE.dot, .svg, .png or .pdf, or - for DOT on stdout; repeat to write several from one drawing.",
)
@click.option("--function", metavar="FUNCTION", help="Keep only what bears on this function (and its parts).")
@click.option(
    "--body",
    metavar="BODY",
    help="Keep only the chains through this body; with --decision, the body that would decide.",
)
@click.option(
    "--decision", metavar="FUNCTION", help="With --body: draw the chain `vires ask` chooses in red, the rest grey."
)
@click.option("--amount", type=AMOUNT, default=None, help="With --decision: pounds, e.g. 2.4m.")
@date_option("Leave out rules and bodies not valid on this date, YYYY-MM-DD (and ask --decision on it; default today).")
@click.option("--fact", "facts", type=FACT, multiple=True, help="With --decision: a fact, key=value.")
@click.option("--include-proposed", is_flag=True, help="With --decision: treat proposed delegations as adopted.")
@engine_option
@handles_errors
def diagram(paths, outputs, function, body, decision, amount, date, facts, include_proposed, engine):
    """Draw the bodies and delegations of the rules for a board paper.

    Bodies are shaped by kind and grouped by the organisation they are part of, national at the
    top and neighbourhood at the bottom. Delegations are arrows labelled with their functions and
    limits (proposed ones dashed; revoked ones left out); dotted arrows show accountability; the
    powers a body holds are written in its box. In SVG, pointing at a line or box shows its
    citations, and a click opens the source where the pack gives its URL. Same rules, same bytes.

    Rendering SVG, PNG or PDF needs Graphviz's `dot` (Debian package `graphviz`); DOT does not.

    \b
    Examples:
      vires diagram @city-and-hackney -o ch.svg -o ch.dot
      vires diagram @city-and-hackney --function neighbourhood-health-plan -o nhp.pdf
      vires diagram @city-and-hackney --decision neighbourhood-health-plan.deliver \\
          --body hackney-hwbb-nhp-subcommittee --date 2026-06-01 --include-proposed -o chain.png
    """
    from vires.api import open_rules
    from vires.cli.options import make_question
    from vires.outputs.diagram import FORMATS, View, render, to_dot

    formats = [chosen_format(target, FORMATS) for target in outputs]
    if decision is not None and body is None:
        raise click.UsageError("--decision needs --body: the body that would decide")
    question_only = {"--amount": amount is not None, "--fact": bool(facts), "--include-proposed": include_proposed}
    if decision is None and any(question_only.values()):
        raise click.UsageError(", ".join(k for k, v in question_only.items() if v) + " only go with --decision")
    rules = open_rules(paths, engine)
    question = None
    if decision is not None:
        question = make_question(decision, amount, date or dt.date.today(), facts, include_proposed, body=body)
    view = View(function=function, body=body if decision is None else None, date=date, question=question)
    text = to_dot(rules, view)
    drawn = [render(text, fmt) for fmt in formats]  # render all before writing any
    for target, data in zip(outputs, drawn, strict=False):
        write(target, data)
