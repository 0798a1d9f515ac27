"""The deadlines of an agenda check as an iCalendar (.ics) file, for Outlook or any calendar program.

One all-day event a deadline still open on the day of the check (a deadline passed is in the note, not
the calendar), on the last day the step can be done, its summary naming the item. Each event's UID is
derived from the meeting, the item, the rule and the route, so importing a newer check updates the
events of an earlier one instead of adding to them; DTSTAMP is the day of the check, so the same
check gives the same bytes. Written by the `icalendar` package, imported only here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from vires.outputs.agenda_words import day, lead, meeting_title, route_words
from vires.outputs.answer_text import rule_citation
from vires.outputs.paper_words import capital
from vires.outputs.wording import name
from vires.pack.model import Pack

PRODID = "-//vires//agenda deadlines//EN"


def agenda_calendar(pack: Pack, result: dict) -> bytes:
    """The open deadlines of `result` (`check_agenda`) as the bytes of an .ics file."""
    import icalendar

    meeting = result["meeting"]
    title = meeting_title(pack, meeting)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Deadlines: {title}")
    stamp = dt.datetime.combine(dt.date.fromisoformat(result["as_of"]), dt.time(), tzinfo=dt.timezone.utc)
    for deadline in result["deadlines"]:
        if deadline["state"] != "open":
            continue
        due = dt.date.fromisoformat(deadline["due"])
        event = icalendar.Event()
        event.add("uid", _uid(meeting, deadline))
        event.add("dtstamp", stamp)
        event.add("dtstart", due)
        event.add("dtend", due + dt.timedelta(days=1))
        event.add("summary", summary(pack, deadline))
        event.add("description", _description(pack, deadline, meeting, title))
        event.add("transp", "TRANSPARENT")  # a deadline, not time taken up
        event.add("categories", ["vires", "deadline"])
        calendar.add_component(event)
    return calendar.to_ical()


def summary(pack: Pack, deadline: dict) -> str:
    """`Item 7 (Better care pooled fund): 28 clear days' notice`, with the route where there are several."""
    where = lead(deadline["route"], deadline["routes"], deadline["ordered"])
    what = route_words(pack, {"steps": deadline["steps"]})
    return f"Item {deadline['item']} ({deadline['title']}): {what}" + (f" ({where})" if where else "")


def _description(pack: Pack, deadline: dict, meeting: dict, title: str) -> str:
    what = capital(route_words(pack, {"steps": deadline["steps"]}))
    last = "Last day" if deadline["timing"] == "by-day" else "Before the decision, at the latest on the day"
    lines = [
        f"{last}: {what}.",
        f"For item {deadline['item']}, {deadline['title']}, at the meeting of {name(pack, meeting['body'])} "
        f"on {day(meeting['date'])} ({title}).",
    ]
    if deadline["fallback"]:
        lines.append("Another way to meet the condition, should the route before it not be taken.")
    cited = rule_citation(pack, deadline["rule"])
    lines.append(f"Rule: {deadline['rule']}" + (f" ({cited})" if cited else ""))
    return "\n".join(lines)


def _uid(meeting: dict, deadline: dict) -> str:
    key = "|".join(
        str(part)
        for part in (meeting["body"], meeting["date"], deadline["item"], deadline["rule"], deadline["condition"])
    )
    key += "|" + str(deadline["route"]) + "|" + json.dumps(deadline["steps"], sort_keys=True)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@vires"
