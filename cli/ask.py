"""`vires ask` and `vires who`: may this body take this decision, and who may?"""

from __future__ import annotations

import json
import sys

import click

from vires.cli.options import (
    check_paper_choices,
    chosen_format,
    emit,
    engine_option,
    fact_remedy,
    for_option,
    format_option,
    handles_errors,
    make_question,
    paper_options,
    paths_argument,
    print_json,
    question_options,
)

ASK_FORMATS = ("text", "json", "md", "html", "docx")


@click.command()
@paths_argument
@click.option(
    "--body",
    required=True,
    metavar="BODY",
    help="The body that would decide, by name or id (vires list bodies shows them).",
)
@question_options
@for_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(ASK_FORMATS),
    default=None,
    help="text for the terminal (the default), json for programs, md, html or docx for a paper; "
    "taken from the suffix of -o FILE when not given.",
)
@click.option(
    "-o",
    "--output",
    "target",
    metavar="FILE",
    help="Write the answer to FILE (.txt, .json, .md, .html or .docx) instead of the terminal.",
)
@paper_options
@engine_option
@handles_errors
def ask(
    paths,
    body,
    decision,
    amount,
    date,
    facts,
    include_proposed,
    organisation,
    output_format,
    target,
    ids,
    reference_docx,
    engine,
):
    """May BODY take this decision? The answer, its authority chain and why not.

    For a board paper, write it as Markdown, HTML or a Word document (-o answer.md, answer.html,
    answer.docx): the outcome in a sentence, the chain with each instrument, section and quotation,
    a checklist of what to do before deciding, the obligations after, and why not, naming bodies
    by name (--ids adds their ids).

    Exit 0 when permitted or conditional, 1 when denied, 2 when the rules or question cannot be used.

    \b
    Examples:
      vires ask @city-and-hackney --body hackney-hwbb --decision population-health.jsna \\
          --date 2026-06-01 --fact present=6
      vires ask @city-and-hackney --body lb-hackney --decision s75-arrangements.pooled-fund.establish \\
          --amount 2m --date 2026-06-01 -o answer.docx
    """
    from vires.api import open_rules

    fmt = chosen_format(target, ASK_FORMATS, given=output_format)
    check_paper_choices(fmt, target, reference_docx)
    rules = open_rules(paths, engine)
    answer = rules.ask(make_question(decision, amount, date, facts, include_proposed, body, organisation))
    if fmt == "json":
        emit(target, json.dumps(answer, indent=2, ensure_ascii=False) + "\n")
    elif fmt == "text":
        from vires.outputs.answer_text import answer_text

        emit(target, answer_text(rules.pack, answer, fact_remedy) + "\n")
    else:
        from vires.outputs.answer_paper import answer_paper
        from vires.outputs.paper_formats import render

        emit(target, render(answer_paper(rules.pack, answer, ids), fmt, reference_docx))
    sys.exit(1 if answer["outcome"] == "denied" else 0)


@click.command()
@paths_argument
@question_options
@for_option
@format_option()
@engine_option
@handles_errors
def who(paths, decision, amount, date, facts, include_proposed, organisation, output_format, engine):
    """Who may take this decision? Every body that may, lowest level first (subsidiarity).

    Each body is listed for the organisation it would act for (whose function it is): grouped by
    organisation where there are several, or only one organisation's with --for.

    Exit 0 when some body may, 1 when none may.
    """
    from vires.api import open_rules
    from vires.outputs.answer_text import who_text

    rules = open_rules(paths, engine)
    result = rules.who(make_question(decision, amount, date, facts, include_proposed, organisation=organisation))
    if output_format == "json":
        print_json(result)
    else:
        click.echo(who_text(rules.pack, result))
    sys.exit(0 if result["bodies"] else 1)
