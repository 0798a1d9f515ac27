"""`vires diff`: what a draft changes — every decision right gained, lost or altered, and the rules."""

from __future__ import annotations

import datetime as dt
import sys

import click

from vires.cli.options import (
    FACT,
    date_option,
    engine_option,
    format_option,
    handles_errors,
    paths_argument,
    print_json,
)


@click.command()
@paths_argument
@click.option(
    "--draft",
    "drafts",
    multiple=True,
    required=True,
    metavar="PATH",
    help="A draft file or folder laid over the rules; repeat for several.",
)
@date_option("Compare rights on this date, YYYY-MM-DD (default today).")
@click.option(
    "--fact",
    "facts",
    type=FACT,
    multiple=True,
    help="A fact for every question, key=value; repeat a key for several values.",
)
@click.option("--include-proposed", is_flag=True, help="Treat proposed delegations as adopted, before and after.")
@format_option("text", "json", "md")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the draft changes any right or rule.")
@engine_option
@handles_errors
def diff(paths, drafts, date, facts, include_proposed, output_format, exit_code, engine):
    """What does the draft change? Every decision right it gives, takes away or alters.

    Compares every body and declared function on the date, asked without an amount, before and
    after the draft is laid over PATHS: a draft rule with the id of an existing rule replaces it,
    a rule with `supersedes: X` replaces X, anything else is added. A child function is listed
    only where its change differs from its parent's. md writes Markdown for a paper.

    Exit 0; with --exit-code, 1 when the draft changes any decision right or any rule.

    \b
    Example:
      vires diff @city-and-hackney --draft nhp-mou-draft.yaml --date 2026-06-01 --include-proposed
    """
    from vires.review.diff import diff as compare
    from vires.review.diff import open_draft
    from vires.values import facts_from_pairs

    before, after, rules = open_draft(paths, drafts, engine)
    facts = facts_from_pairs(facts)
    result = compare(before, after, rules, date or dt.date.today(), facts, include_proposed)
    if output_format == "json":
        print_json(result.to_json())
    else:
        from vires.outputs.diff_text import markdown, names_of, text

        names = {**names_of(before.pack), **names_of(after.pack)}
        render = markdown if output_format == "md" else text
        click.echo(render(result, names, facts))
    sys.exit(1 if exit_code and result else 0)
