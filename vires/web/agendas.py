"""Checking an uploaded meeting file against the rules the workbench serves.

The upload names nothing on the server: its file name is made safe, it is read from memory with the
loader's limits, and its own `rules` are kept as written, never looked for on disk; every item is asked
of the rules this workbench serves (the page says so where the file names others). Problems are located
in the uploaded text, by the name it was uploaded under.
"""

from __future__ import annotations

import datetime as dt

import attrs

from vires.errors import Diagnostic, Location, ViresError
from vires.web.forms import FIELD
from vires.web.state import Draft, Workbench

WITHIN = 14  # days, as `vires agenda --within`


@attrs.frozen
class Checked:
    """What checking an uploaded meeting gave: its problems, or the check (`check_agenda`'s data)."""

    problems: tuple[Diagnostic, ...] = ()
    result: dict | None = None
    rules_named: tuple[str, ...] = ()  # the file's own `rules`, as written


def check_upload(wb: Workbench, upload: Draft, as_of: dt.date, within: int) -> Checked:
    """The meeting in `upload`, every item checked on `as_of` against the rules `wb` serves."""
    from vires.review.agenda import check_agenda
    from vires.review.meeting_files import parse_meeting

    try:
        meeting = parse_meeting(upload.data, upload.name)
        return Checked(result=check_agenda(meeting, wb.rules, as_of, within), rules_named=meeting.rules)
    except ViresError as error:
        return Checked(problems=tuple(error.diagnostics))


def check_params(params) -> tuple[dt.date, int, list[Diagnostic]]:
    """`as_of` (today when none) and `within` (14 when none) from a query or form, with what is wrong with them."""
    from vires.values import parse_date

    problems = []
    as_of, within = dt.date.today(), WITHIN
    text = str(params.get("as_of") or "").strip()
    if text:
        try:
            as_of = parse_date(text)
        except ValueError as error:
            problems.append(Diagnostic("bad-date", f"Check on: {error}", Location(FIELD), "write it as YYYY-MM-DD"))
    text = str(params.get("within") or "").strip()
    if text:
        if text.isdigit() and len(text) <= 4:
            within = int(text)
        else:
            problems.append(
                Diagnostic(
                    "bad-days",
                    f"Within: `{text[:20]}` is not a number of days",
                    Location(FIELD),
                    "give a whole number of days, 0 or more, such as 14",
                )
            )
    return as_of, within, problems
