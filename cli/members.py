"""`vires members`: who sits on a body, and who may vote on a decision there."""

from __future__ import annotations

import datetime as dt
import sys

import click

from vires.cli.options import date_option, format_option, handles_errors, paths_argument, print_json


@click.command()
@paths_argument
@click.option("--body", required=True, metavar="BODY", help="The body whose members to list, by id or name.")
@click.option(
    "--decision", metavar="FUNCTION", default=None, help="The decision voted on: vote rules may depend on it."
)
@click.option("--member", metavar="MEMBER", default=None, help="Only this member, by id or name.")
@date_option("Meeting date, YYYY-MM-DD (default today).")
@format_option()
@handles_errors
def members(paths, body, decision, member, date, output_format):
    """Who sits on BODY, and who may vote: each member, whether it votes, and the rules that say so.

    A member listed by id votes; `{body, voting: false}` marks a seat without a vote, `co_opted: true`
    a co-optee. Vote rules (`votes` in a pack) grant or withhold votes, and may disapply each other:
    co-optees on a council committee do not vote (Local Government and Housing Act 1989 s.13), but at a
    Health and Wellbeing Board and its sub-committees they may (SI 2013/218).

    Exit 0 when a member listed (or --member) may vote, 1 when none may.

    \b
    Examples:
      vires members @city-and-hackney --body hackney-hwbb-nhp-subcommittee \\
          --decision neighbourhood-health-plan.deliver --date 2026-06-01
      vires members @city-and-hackney --body ch-partnership-board --member "NHS North East London"
    """
    from vires.engine.membership import roll
    from vires.outputs.members_text import members_text
    from vires.pack.load import load

    pack = load(list(paths))
    found = roll(pack, body, date or dt.date.today(), decision, member)
    if output_format == "json":
        print_json(found)
    else:
        click.echo(members_text(pack, found))
    sys.exit(0 if found["voting"] else 1)
