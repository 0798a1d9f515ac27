"""`vires agenda`: check a meeting's agenda, item by item, with the day by which each step must be done."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from vires.cli.options import DATE, chosen_format, emit, engine_option, fact_remedy, handles_errors, paper_options

AGENDA_FORMATS = ("text", "json", "md", "html", "docx", "ics")


@click.command()
@click.argument("meeting", metavar="MEETING")
@click.argument("paths", nargs=-1, metavar="[PATHS]...")
@click.option(
    "--as-of",
    "as_of",
    type=DATE,
    default=None,
    help="The day of the check, YYYY-MM-DD (default today): deadlines before it have passed.",
)
@click.option(
    "--within",
    type=click.IntRange(min=0),
    default=14,
    show_default=True,
    metavar="DAYS",
    help="Mark the deadlines that fall within this many days of the check as soon.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(AGENDA_FORMATS),
    default=None,
    help="text for the terminal (the default), json for programs, md, html or docx for the note to the chair, "
    "ics for a calendar of the deadlines; taken from the suffix of -o FILE when not given.",
)
@click.option(
    "-o",
    "--output",
    "targets",
    multiple=True,
    metavar="FILE",
    help="Write to FILE (.txt, .json, .md, .html, .docx or .ics) instead of the terminal; repeat to write several "
    "from one check.",
)
@paper_options
@engine_option
@handles_errors
def agenda(meeting, paths, as_of, within, output_format, targets, ids, reference_docx, engine):
    """Check every item of a MEETING file: may the meeting take it, and by when must each step be done?

    The meeting file names the body that meets, the date, its rules (PATHS add to them) and the items,
    each a decision by id or name with its amount and the facts known so far. Each item gets the answer
    `vires ask` gives, with its chain and citations. For an item on conditions, each step still to take
    has the last day it can be done, counted back from the meeting (28 clear days' notice for a meeting on
    Monday 1 June is due by Sunday 3 May), and where a condition has several routes each is shown with its
    own day. For a denied item, the bodies that may decide it instead are listed, lowest level first.

    As of --as-of (default today), deadlines before it have passed and those within --within days are
    marked soon; an item whose every route for some condition has passed cannot be taken at this meeting.

    Write the note to the chair as Markdown, HTML or Word (-o note.md, note.html, note.docx) and the
    deadlines as a calendar to import into Outlook (-o deadlines.ics).

    Exit 0 when every item can be taken, 1 when some item cannot, 2 when the meeting file or rules cannot
    be used.

    \b
    Examples:
      vires agenda decisions/meetings/hackney-hwbb-2026-06-01.yaml --as-of 2026-05-18
      vires agenda meeting.yaml --as-of 2026-05-18 -o note.docx -o deadlines.ics
    """
    from vires.api import open_rules
    from vires.review.agenda import check_agenda
    from vires.review.meeting_files import load_meeting

    formats = [chosen_format(t, AGENDA_FORMATS, given=output_format) for t in targets] or [output_format or "text"]
    if reference_docx is not None and "docx" not in formats:
        raise click.UsageError("--reference-docx goes with a Word document: -o FILE.docx")
    if "docx" in formats and not targets:
        raise click.UsageError("a Word document is written to a file: add -o FILE.docx")
    found = load_meeting(meeting)
    rules = open_rules([*found.rules, *paths], engine)
    result = check_agenda(found, rules, as_of or dt.date.today(), within)
    for target, fmt in zip(targets or [None], formats, strict=True):
        emit(target, _rendered(rules.pack, result, fmt, ids, reference_docx))
    sys.exit(0 if result["can_all_be_taken"] else 1)


def _rendered(pack, result: dict, fmt: str, ids: bool, reference_docx: str | None) -> str | bytes:
    """The check in one format: text or JSON as text, a paper or a calendar as bytes."""
    if fmt == "json":
        return json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    if fmt == "text":
        from vires.outputs.agenda_text import agenda_text

        return agenda_text(pack, result, fact_remedy) + "\n"
    if fmt == "ics":
        from vires.outputs.agenda_calendar import agenda_calendar

        return agenda_calendar(pack, result)
    from vires.outputs.agenda_paper import agenda_paper
    from vires.outputs.paper_formats import render

    return render(agenda_paper(pack, result, ids), fmt, reference_docx)
