"""The agenda check as a paper: the pre-meeting note a secretary sends the chair (Markdown, HTML, Word).

One table of the items and what each needs, one table of every deadline earliest first, then each item:
its answer as `answer_paper` words it for a board paper, with the boxes to tick before deciding replaced
by the routes of each condition and the day each is due, and for a denied item who may decide it instead.
"""

from __future__ import annotations

import datetime as dt

from vires.outputs.agenda_words import (
    STATUS,
    day,
    group_words,
    lead,
    meeting_title,
    route_words,
    short_day,
    state_words,
    when_words,
)
from vires.outputs.answer_paper import answer_paper, fact_values
from vires.outputs.paper import Heading, Item, Items, Line, Paper, Para, Run, Table, line
from vires.outputs.paper_words import Words, capital
from vires.pack.model import Pack
from vires.values import format_amount

MARK = {"passed": "Passed", "soon": "Soon", "later": "To do"}


def agenda_paper(pack: Pack, result: dict, ids: bool = False) -> Paper:
    """The note: summary, deadlines, then each item with its authority and its steps."""
    words = Words(pack, ids)
    meeting = result["meeting"]
    title = meeting_title(pack, meeting)
    blocks: list = [Para(_opening(words, result)), Para(_summary(result))]
    blocks += [Heading(1, "The items"), _items_table(words, result)]
    if result["deadlines"]:
        until = dt.date.fromisoformat(result["as_of"]) + dt.timedelta(days=result["within"])
        blocks += [
            Heading(1, "Deadlines"),
            Para(line(f"Earliest first. Soon: by {day(until)}, within {result['within']} days of the check.")),
            _deadlines_table(words, result),
        ]
    for item in result["items"]:
        blocks += _item(words, item, meeting)
    blocks.append(Para(_provenance(pack, result), note=True))
    return Paper(title=f"{title}: decision rights and deadlines", blocks=tuple(blocks))


def _opening(words: Words, result: dict) -> Line:
    meeting = result["meeting"]
    at = f" at {meeting['time']}" if meeting.get("time") else ""
    held = {True: ", in public", False: ", in private", None: ""}[meeting.get("in_public")]
    text = line(words.of(meeting["body"]), f" meets on {day(meeting['date'])}{at}{held}.")
    if meeting["facts"]:
        given = "; ".join(f"{fact.replace('_', ' ')}: {fact_values(words, v)}" for fact, v in meeting["facts"].items())
        text = line(text, f" For every item: {given}.")
    return text


def _summary(result: dict) -> Line:
    summary = result["summary"]
    count = len(result["items"]) - summary["withdrawn"]
    withdrawn = f" {summary['withdrawn']} more withdrawn." if summary["withdrawn"] else ""
    if result["can_all_be_taken"]:
        verdict = "Every item can be taken at this meeting"
        if summary["pending"]:
            verdict += ", once the steps below are done by the days given"
    else:
        verdict = f"{summary['cannot-be-taken']} of the {count} items cannot be taken at this meeting"
    return line(Run(verdict + ".", strong=True), f"{withdrawn} Checked on {day(result['as_of'])}.")


def _items_table(words: Words, result: dict) -> Table:
    rows = []
    for item in result["items"]:
        what = (line(f"{item['number']}. ", Run(item["title"], strong=True)),)
        decision: tuple[Line, ...] = ()
        if item["status"] != "withdrawn":
            decision = (line("; ".join(words.functions(item["decision"]))),)
        if item.get("amount") is not None:
            decision += (line(format_amount(item["amount"])),)
        rows.append((what + decision, (line(capital(STATUS[item["status"]])),), _next(words, item)))
    return Table(("Item", "At this meeting", "What is left"), tuple(rows), (5, 3, 5))


def _next(words: Words, item: dict) -> tuple[Line, ...]:
    """What an item still needs, in one cell: the route to take and its day, or why it cannot be taken."""
    if item["status"] == "withdrawn":
        return ()
    if item["status"] == "ready":
        return (line("Nothing"),)
    if item["answer"]["outcome"] == "denied":
        instead = item.get("instead") or []
        if not instead:
            return (line("Denied; no body may decide it"),)
        names = [words.of(found["body"]) for found in instead]
        return (line("Denied. May decide it instead: ", *[line("; " if n else "", b) for n, b in enumerate(names)]),)
    cell = []
    for condition in item["conditions"]:
        route = next((r for r in condition["routes"] if r["route"] == condition["route"]), None)
        if route is None:
            cell.append(line("No route left: ", _closed(words, condition)))
        elif route["state"] != "met":
            when = f"by {short_day(route['due'])}" if route.get("timing") == "by-day" else "before the decision"
            cell.append(line(capital(route_words(words.pack, route, words.named)), f", {when}"))
    return tuple(cell)


def _closed(words: Words, condition: dict) -> str:
    return "; ".join(f"{route_words(words.pack, r, words.named)}: {state_words(r)}" for r in condition["routes"])


def _deadlines_table(words: Words, result: dict) -> Table:
    rows = []
    for deadline in result["deadlines"]:
        mark = "passed" if deadline["state"] == "passed" else ("soon" if deadline["soon"] else "later")
        where = lead(deadline["route"], deadline["routes"], deadline["ordered"])
        what = capital(route_words(words.pack, {"steps": deadline["steps"]}, words.named))
        if deadline["timing"] != "by-day":
            what += " (before the decision)"
        rows.append(
            (
                (line(Run(short_day(deadline["due"]), strong=mark != "later")),),
                (line(f"{deadline['item']}. {deadline['title']}"),) + ((line(capital(where)),) if where else ()),
                (line(what),),
                (line(MARK[mark]),),
            )
        )
    return Table(("By", "Item", "Step", "Status"), tuple(rows), (3, 4, 7, 2))


def _item(words: Words, item: dict, meeting: dict) -> list:
    heading = Heading(1, f"Item {item['number']}: {item['title']}")
    if item["status"] == "withdrawn":
        return [heading, Para(line("Withdrawn from the agenda."))]
    answer = dict(item["answer"])
    own = {f: v for f, v in answer["question"]["facts"].items() if f in item["facts_given"]}
    answer["question"] = dict(answer["question"], facts=own)  # the meeting's facts are said once, at the top
    chains = [dict(c) for c in answer["chains"]]
    if chains:
        followed = chains.pop(item["chain"])
        chains.insert(0, dict(followed, outstanding=[]))  # the routes below say what is outstanding
    answer["chains"] = chains
    said = [b for b in answer_paper(words.pack, answer, words.ids).blocks if not (isinstance(b, Para) and b.note)]
    said = [Heading(2, b.text) if isinstance(b, Heading) else b for b in said]
    first = next((n for n, b in enumerate(said) if isinstance(b, Heading)), len(said))
    steps: list = []
    if item["conditions"]:
        steps = [Heading(2, "Before deciding, by when")]
        for condition in item["conditions"]:
            steps += _condition(words, condition, meeting["date"])
    blocks = [heading, *said[:first], *steps, *said[first:]]
    if item.get("instead") is not None:
        blocks += _instead(words, item["instead"])
    return blocks


def _condition(words: Words, condition: dict, meeting: str) -> list:
    cited = words.rule_citation(condition["rule"])
    group = group_words(condition)
    items = []
    for route in condition["routes"]:
        where = lead(route["route"], len(condition["routes"]), condition["ordered"])
        said = capital(route_words(words.pack, route, words.named))
        if route["state"] not in ("met", "ruled-out"):
            said += f", {when_words(route, meeting)}"
        text = line(Run(capital(where) + ":", strong=True) if where else "", " " if where else "", said)
        text = line(text, f"{':' if route['state'] in ('open', 'passed') else ' —'} {state_words(route)}")
        if route["route"] == condition["route"] and len(condition["routes"]) > 1 and route["state"] != "met":
            text = line(text, " ", Run("(the route to take)", strong=True))
        items.append(Item(text))
    blocks: list = []
    if group:
        blocks.append(
            Para(line(capital(group), ", under ", cited or condition["rule"], words.rule(condition["rule"]), ":"))
        )
        blocks.append(Items("check", tuple(items)))
    else:
        (only,) = items
        blocks.append(
            Items("check", (Item(line(only.text, words.rule(condition["rule"])), (cited,) if cited else ()),))
        )
    if condition["route"] is None:
        blocks.append(Para(line(Run("No route is left: this item cannot be taken at this meeting.", strong=True))))
    return blocks


def _instead(words: Words, bodies: list[dict]) -> list:
    if not bodies:
        return [Heading(2, "Who may decide it instead"), Para(line("No body may decide it on this date."))]
    items = []
    for found in bodies:
        limit = "no limit" if found["limit"] is None else f"up to {format_amount(found['limit'])}"
        outcome = "" if found["outcome"] == "permitted" else ", on conditions"
        items.append(Item(line(words.of(found["body"]), f" ({found['level']}, {limit}{outcome})")))
    return [
        Heading(2, "Who may decide it instead"),
        Para(line("Lowest level first:")),
        Items("number", tuple(items)),
    ]


def _provenance(pack: Pack, result: dict) -> Line:
    rules = "; ".join(p.title + (f" (version {p.version})" if p.version else "") for p in pack.packs)
    proposed = (
        "proposed delegations treated as adopted" if result["meeting"]["include_proposed"] else "rules in force only"
    )
    return line(
        f"Checked by vires on {day(result['as_of'])} for the meeting on {day(result['meeting']['date'])}, "
        f"from: {rules or 'the rules loaded'}; {proposed}. Clear days count neither the day of notice nor "
        "the day of the meeting."
    )
