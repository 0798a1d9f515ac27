"""`vires ask` and `vires who`: may this body take this decision, and who may?"""

from __future__ import annotations

import sys

import click

from vires.cli.options import (
    engine_option,
    fact_remedy,
    format_option,
    handles_errors,
    make_question,
    paths_argument,
    print_json,
    question_options,
)


@click.command()
@paths_argument
@click.option("--body", required=True, metavar="BODY", help="The body that would decide, by id.")
@question_options
@format_option()
@engine_option
@handles_errors
def ask(paths, body, decision, amount, date, facts, include_proposed, output_format, engine):
    """May BODY take this decision? The answer, its authority chain and why not.

    Exit 0 when permitted or conditional, 1 when denied, 2 when the rules or question cannot be used.

    \b
    Example:
      vires ask @city-and-hackney --body hackney-hwbb --decision population-health.jsna \\
          --date 2026-06-01 --fact present=6
    """
    from vires.api import open_rules
    from vires.outputs.answer_text import answer_text

    rules = open_rules(paths, engine)
    answer = rules.ask(make_question(decision, amount, date, facts, include_proposed, body=body))
    if output_format == "json":
        print_json(answer)
    else:
        click.echo(answer_text(rules.pack, answer, fact_remedy))
    sys.exit(1 if answer["outcome"] == "denied" else 0)


@click.command()
@paths_argument
@question_options
@format_option()
@engine_option
@handles_errors
def who(paths, decision, amount, date, facts, include_proposed, output_format, engine):
    """Who may take this decision? Every body that may, lowest level first (subsidiarity).

    Exit 0 when some body may, 1 when none may.
    """
    from vires.api import open_rules
    from vires.outputs.answer_text import who_text

    rules = open_rules(paths, engine)
    result = rules.who(make_question(decision, amount, date, facts, include_proposed))
    if output_format == "json":
        print_json(result)
    else:
        click.echo(who_text(rules.pack, result))
    sys.exit(0 if result["bodies"] else 1)
