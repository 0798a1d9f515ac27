"""`vires members`: who sits on a body, and who may vote on a decision there."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from vires.cli.options import (
    check_paper_choices,
    chosen_format,
    date_option,
    emit,
    handles_errors,
    paper_options,
    paths_argument,
)

MEMBERS_FORMATS = ("text", "json", "md", "html", "docx")


@click.command()
@paths_argument
@click.option("--body", required=True, metavar="BODY", help="The body whose members to list, by id or name.")
@click.option("--decision", metavar="FUNCTION", help="The decision voted on (vote rules may depend on it).")
@click.option("--member", metavar="MEMBER", default=None, help="Only this member, by id or name.")
@date_option("Meeting date, YYYY-MM-DD (default today).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(MEMBERS_FORMATS),
    default=None,
    help="text for the terminal (the default), json for programs, md, html or docx for a paper; "
    "taken from the suffix of -o FILE when not given.",
)
@click.option("-o", "--output", "target", metavar="FILE", help="Write the roll to FILE instead of the terminal.")
@paper_options
@handles_errors
def members(paths, body, decision, member, date, output_format, target, ids, reference_docx):
    """Who sits on BODY, and who may vote: each member, whether it votes, and the rules that say so.

    A member listed by id votes; `{body, voting: false}` marks a seat without a vote, `co_opted: true`
    a co-optee. Vote rules (`votes` in a pack) grant or withhold votes, and may disapply each other:
    co-optees on a council committee do not vote (Local Government and Housing Act 1989 s.13), but at a
    Health and Wellbeing Board and its sub-committees they may (SI 2013/218). For the quorum of a
    decision, give the members present with `vires ask … --fact present=MEMBER` (repeat it).

    Exit 0 when a member listed (or --member) may vote, 1 when none may.

    \b
    Examples:
      vires members @city-and-hackney --body hackney-hwbb-nhp-subcommittee \\
          --decision neighbourhood-health-plan.deliver --date 2026-06-01
      vires members @city-and-hackney --body ch-nhp-joint-committee --member "NHS North East London" -o roll.docx
    """
    from vires.engine.membership import roll
    from vires.pack.load import load

    fmt = chosen_format(target, MEMBERS_FORMATS, given=output_format)
    check_paper_choices(fmt, target, reference_docx)
    pack = load(list(paths))
    found = roll(pack, body, date or dt.date.today(), decision, member)
    if fmt == "json":
        emit(target, json.dumps(found, indent=2, ensure_ascii=False) + "\n")
    elif fmt == "text":
        from vires.outputs.members_text import members_text

        emit(target, members_text(pack, found) + "\n")
    else:
        from vires.outputs.members_text import members_paper
        from vires.outputs.paper_formats import render

        emit(target, render(members_paper(pack, found, ids), fmt, reference_docx))
    sys.exit(0 if found["voting"] else 1)
