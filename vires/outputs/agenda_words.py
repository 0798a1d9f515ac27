"""The agenda check in words, shared by its text, its paper and its calendar: days, routes and states.

Fed by the data of `vires.review.agenda.check_agenda`; names bodies with the `named(pack, id)` it is given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from vires.outputs.wording import name
from vires.pack.condition_kinds import KINDS
from vires.pack.model import Pack

Named = Callable[[Pack, str], str]

STATUS = {
    "ready": "can be taken",
    "pending": "can be taken once the steps below are done",
    "cannot-be-taken": "cannot be taken at this meeting",
    "withdrawn": "withdrawn",
}
SHORT_STATUS = {
    "ready": "can be taken",
    "pending": "steps to take",
    "cannot-be-taken": "cannot be taken",
    "withdrawn": "withdrawn",
}


def day(value: str | dt.date) -> str:
    """`Sunday 3 May 2026`: a deadline's day, with its weekday."""
    date = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{date:%A} {date.day} {date:%B %Y}"


def short_day(value: str | dt.date) -> str:
    """`Sun 3 May`: a day in a table of deadlines within one year."""
    date = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{date:%a} {date.day} {date:%b %Y}"


def meeting_title(pack: Pack, meeting: dict) -> str:
    """The meeting's own title, or its body's name and the day it meets."""
    if meeting.get("title"):
        return meeting["title"]
    return f"{name(pack, meeting['body'])}, {day(meeting['date'])}"


def step_words(pack: Pack, step: dict, named: Named = name) -> str:
    """One step of a route: `28 clear days' notice`, `consult Chair of Scrutiny`, `say amount`."""
    names = lambda v: ", ".join(named(pack, b) for b in (v if isinstance(v, list) else [v]))  # noqa: E731
    if step["condition"] == "where":
        return "the item to say " + ", ".join(f.replace("_", " ") for f in step["value"])
    if "routes" in step and step["condition"] == "first_of":
        return "the first route not ruled out of: " + "; then ".join(
            route_words(pack, r, named) for r in step["routes"]
        )
    if "routes" in step:
        return "one of: " + "; or ".join(route_words(pack, r, named) for r in step["routes"])
    return KINDS[step["condition"]].noun(step["value"], names)


def route_words(pack: Pack, route: dict, named: Named = name) -> str:
    """A route's steps still to do, joined by `and`; steps already done follow in brackets."""
    steps = route.get("steps", ())
    to_do = [step_words(pack, s, named) for s in steps if not s["done"]]
    done = [step_words(pack, s, named) for s in steps if s["done"]]
    text = " and ".join(to_do) or " and ".join(done) or "nothing"
    if to_do and done:
        text += " (done: " + " and ".join(done) + ")"
    return text


def when_words(route: dict, meeting: str) -> str:
    """When a route is due: `by Sunday 3 May 2026`, `before the decision on …`, `at the meeting on …`."""
    timing = route.get("timing")
    if timing == "by-day":
        return f"by {day(route['due'])}"
    if timing == "at-meeting":
        return f"at the meeting on {day(meeting)}"
    return f"before the decision on {day(meeting)}"


def state_words(route: dict) -> str:
    """A route's state on the day of the check: `passed 7 days ago`, `in 16 days`, `today`, `met`, `ruled out: …`."""
    state = route["state"]
    if state == "met":
        return "met"
    if state == "ruled-out":
        return "ruled out" + (f": {route['note']}" if route.get("note") else "")
    left = route.get("days_left")
    if state == "passed":
        return "passed" + (f" {_days(-left)} ago" if left is not None else "")
    if left == 0:
        return "today"
    return f"in {_days(left)}" if left is not None else "open"


def group_words(condition: dict) -> str | None:
    """How a condition's routes relate: `one of`, `in order, each only failing the one before`; None for one route."""
    if len(condition["routes"]) < 2:
        return None
    return "in order, each only failing the one before" if condition["ordered"] else "one of these routes"


def lead(number: int, count: int, ordered: bool) -> str:
    """The words before route `number` of `count`: `route 2 of 3`, `failing that, route 2 of 3` when ordered."""
    if count < 2:
        return ""
    text = f"route {number} of {count}"
    return f"failing that, {text}" if ordered and number > 1 else text


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"
