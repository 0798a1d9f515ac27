"""The agenda check as text for people: what can be taken, every deadline earliest first, then each item.

Each item is its answer as `vires ask` words it (`answer_text`), with the checklist of what to do before
deciding replaced by the routes of each condition and the day each is due; a denied item adds who may
decide it instead. Fed by the data of `vires.review.agenda.check_agenda`, never by parsing text.
"""

from __future__ import annotations

import datetime as dt

from vires.outputs.agenda_words import (
    SHORT_STATUS,
    day,
    group_words,
    lead,
    route_words,
    short_day,
    state_words,
    when_words,
)
from vires.outputs.answer_text import Remedy, answer_text, name_of, rule_citation, who_text
from vires.pack.model import Pack


def agenda_text(pack: Pack, result: dict, remedy: Remedy | None = None) -> str:
    """The whole check; `remedy(fact)` words how to give a fact the item lacks, as in `answer_text`."""
    meeting = result["meeting"]
    lines = [_heading(pack, result), _summary(result)]
    blocked = [item for item in result["items"] if item["status"] == "cannot-be-taken"]
    if blocked:
        lines += ["", "Cannot be taken at this meeting:"] + [f"  - {_why_not(item)}" for item in blocked]
    if result["deadlines"]:
        lines += ["", _deadlines_heading(result)] + [_deadline_line(pack, d) for d in result["deadlines"]]
    for item in result["items"]:
        lines += [""] + _item(pack, item, meeting, remedy)
    if result.get("unused_facts"):
        facts = ", ".join(f"`{f}`" for f in result["unused_facts"])
        lines += ["", f"Not used: the meeting gives {facts}, but no rule that bears on any item reads it."]
    return "\n".join(lines)


def _heading(pack: Pack, result: dict) -> str:
    meeting = result["meeting"]
    at = f" at {meeting['time']}" if meeting.get("time") else ""
    held = {True: ", in public", False: ", in private", None: ""}[meeting.get("in_public")]
    meets = f"{name_of(pack, meeting['body'])} meets on {day(meeting['date'])}{at}{held}."
    return f"Agenda: {meeting['title']}\n{meets}" if meeting.get("title") else f"Agenda: {meets}"


COUNTED = {"ready": "can be taken", "pending": "with steps to take", "cannot-be-taken": "cannot be taken"}


def _summary(result: dict) -> str:
    summary, count = result["summary"], len(result["items"])
    parts = [f"{summary[s]} {words}" for s, words in COUNTED.items() if summary[s]]
    parts += [f"{summary['withdrawn']} withdrawn"] if summary["withdrawn"] else []
    verdict = "every item can be taken" if result["can_all_be_taken"] else "some items cannot be taken"
    return f"Checked on {day(result['as_of'])}: {count} item{'s' * (count != 1)} ({', '.join(parts)}); {verdict}."


def _why_not(item: dict) -> str:
    """An item that cannot be taken, and why: denied (its reasons' codes), or the conditions left with no route."""
    if item["answer"]["outcome"] == "denied":
        codes = ", ".join(dict.fromkeys(r["code"] for r in item["answer"]["reasons"]))
        return f"item {item['number']}, {item['title']}: denied ({codes})"
    closed = [c for c in item["conditions"] if c["route"] is None]
    rules = ", ".join(f"`{c['rule']}`" for c in closed)
    return f"item {item['number']}, {item['title']}: every route has passed or is ruled out ({rules})"


def _deadlines_heading(result: dict) -> str:
    as_of = dt.date.fromisoformat(result["as_of"])
    until = as_of + dt.timedelta(days=result["within"])
    return f"Deadlines, earliest first (soon: within {result['within']} days, by {day(until)}):"


def _deadline_line(pack: Pack, deadline: dict) -> str:
    mark = "passed" if deadline["state"] == "passed" else ("soon" if deadline["soon"] else "later")
    where = lead(deadline["route"], deadline["routes"], deadline["ordered"])
    what = route_words(pack, {"steps": deadline["steps"]}, _named)
    when = "" if deadline["timing"] == "by-day" else " (before the decision)"
    other = " (another way)" if deadline["fallback"] and not deadline["ordered"] else ""
    return (
        f"  {mark:<7}{short_day(deadline['due']):<17}item {deadline['item']}{', ' + where if where else ''}{other}: "
        f"{what}{when} [{deadline['rule']}]"
    )


def _item(pack: Pack, item: dict, meeting: dict, remedy: Remedy | None) -> list[str]:
    heading = f"Item {item['number']}: {item['title']} ({SHORT_STATUS[item['status']]})"
    if item["status"] == "withdrawn":
        return [heading]
    answer = dict(item["answer"], unused_facts=item["unused_facts"])
    chains = [dict(c) for c in answer["chains"]]
    if chains:
        followed = chains.pop(item["chain"])
        chains.insert(0, dict(followed, outstanding=[]))  # the routes below say what is outstanding
    answer["chains"] = chains
    told = answer_text(pack, answer, remedy).splitlines()
    lines = [heading, "  " + told[0]]
    if item["chain"]:
        lines.append(
            f"  The chain the answer chose can no longer be used at this meeting; chain {item['chain'] + 1} can."
        )
    if item["conditions"]:
        lines += ["", "  Before deciding, with the day each step is due:"]
        for condition in item["conditions"]:
            lines += _condition(pack, condition, meeting["date"])
    lines += [f"  {line}" if line else "" for line in told[1:]]
    if item.get("instead") is not None:
        roots = {found.get("organisation") for found in item["instead"]}
        asked = {**answer["question"], "for": roots.pop()} if len(roots) == 1 else answer["question"]
        who = who_text(pack, {"question": asked, "bodies": item["instead"]})
        lines += ["", "  Instead: " + who.replace("Who may", "who may", 1).replace("\n", "\n  ")]
    return lines


def _condition(pack: Pack, condition: dict, meeting: str) -> list[str]:
    cited = rule_citation(pack, condition["rule"])
    group = group_words(condition)
    if not group:
        (route,) = condition["routes"]
        lines = [f"    - {_route(pack, route, meeting)} [{condition['rule']}]"]
        return lines + ([f"      {cited}"] if cited else [])
    lines = [f"    {group.capitalize()} [{condition['rule']}]:"] + ([f"      {cited}"] if cited else [])
    for route in condition["routes"]:
        where = lead(route["route"], len(condition["routes"]), condition["ordered"])
        taken = route["route"] == condition["route"] and route["state"] != "met"
        lines.append(f"    {'>' if taken else ' '} {where}: {_route(pack, route, meeting)}")
    if condition["route"] is None:
        lines.append("      no route is left: the item cannot be taken at this meeting")
    else:
        lines.append("      (> the route to take)")
    return lines


def _route(pack: Pack, route: dict, meeting: str) -> str:
    text = route_words(pack, route, _named)
    if route["state"] in ("met", "ruled-out"):
        return f"{text} — {state_words(route)}"
    return f"{text}, {when_words(route, meeting)}: {state_words(route)}"


def _named(pack: Pack, ref: str) -> str:
    return name_of(pack, ref) if ref in pack.bodies else ref
