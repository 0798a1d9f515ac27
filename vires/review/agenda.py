"""The agenda check (`vires agenda`): every item of a meeting asked of the one answer engine, with the
deadlines of what is still to do, and who may decide instead what the meeting may not.

Each item is a question to `Rules.ask` (the meeting's body, the item's decision and amount, the meeting's
date, the meeting's and the item's facts). For a conditional item, each outstanding condition of a chain
becomes routes with their deadlines (`vires.review.deadlines`); the item follows the first chain, in the
answer's order, whose every condition still has a route open on the day of the check. A denied item lists
who may decide it instead, lowest level first (`Rules.who`). The result is JSON-ready data, described by
`schemas/agenda.schema.json`; the words for people are `vires.outputs`'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from vires.api import Rules
from vires.engine.question import Question
from vires.engine.resolve import check_facts, resolve, resolve_body
from vires.errors import Diagnostic, Location, QuestionError, ViresError
from vires.pack.model import organisation
from vires.review.deadlines import BEFORE, BY_DAY, OPEN, PASSED, Plan, Route, Step, plan
from vires.review.meeting_files import Item, Meeting
from vires.values import to_json

READY, PENDING, CANNOT, WITHDRAWN = "ready", "pending", "cannot-be-taken", "withdrawn"
STATUSES = (READY, PENDING, CANNOT, WITHDRAWN)


def check_agenda(meeting: Meeting, rules: Rules, as_of: dt.date, within: int) -> dict:
    """Every item of `meeting` checked on `as_of`, with deadlines falling within `within` days marked `soon`.

    QuestionError, located in the meeting file, names every body, function or fact that cannot be used.
    """
    problems: list[Diagnostic] = []
    body = _located(lambda: resolve_body(rules.pack, meeting.body), lambda d: meeting.body_location, problems)
    facts_fit = _facts_fit(rules, meeting.facts, meeting.facts_location, problems)
    items: list[dict] = []
    unused: set[str] | None = None
    for item in meeting.items:
        if item.withdrawn:
            items.append({"number": item.number, "title": item.title, "decision": item.decision, "status": WITHDRAWN})
            continue
        question = Question(
            body=body,
            decision=item.decision,
            amount=item.amount,
            date=meeting.date,
            facts=meeting.facts_for(item),
            include_proposed=meeting.include_proposed,
        )
        if not (_facts_fit(rules, item.facts, item.facts_location, problems) and facts_fit):
            continue
        at = item.decision_location
        resolved = _located(lambda q=question: resolve(q, rules.pack), lambda d, at=at: at, problems)
        if resolved is None or body is None:
            continue
        checked = _item(item, resolved, rules, meeting.date, as_of, within)
        left = set(checked["answer"].get("unused_facts", ())) - {"in_public"}
        unused = left if unused is None else unused & left
        checked["facts_given"] = sorted(item.facts)
        checked["unused_facts"] = sorted(left & set(item.facts))
        items.append(checked)
    if problems:
        raise QuestionError(problems)
    statuses = [i["status"] for i in items]
    return {
        "meeting": _meeting_json(meeting, body),
        "as_of": as_of.isoformat(),
        "within": within,
        "can_all_be_taken": CANNOT not in statuses,
        "summary": {status: statuses.count(status) for status in STATUSES},
        "deadlines": _deadlines(items),
        "items": items,
        "unused_facts": sorted((unused or set()) & set(meeting.facts)),
    }


def _located(ask, where, problems: list[Diagnostic]):
    """`ask()`, or None with its diagnostics placed in the meeting file by `where(diagnostic)`."""
    try:
        return ask()
    except ViresError as error:
        problems += [attrs.evolve(d, location=where(d)) for d in error.diagnostics]
        return None


def _facts_fit(rules: Rules, facts: Mapping[str, tuple], at: Location, problems: list[Diagnostic]) -> bool:
    """Whether the rules can use every fact given (SPEC 4: none silently dropped); problems located at `at`."""
    found: list[Diagnostic] = []
    check_facts(rules.pack, facts, found)
    problems += [attrs.evolve(d, location=at) for d in found]
    return not found


def _item(item: Item, question: Question, rules: Rules, meeting: dt.date, as_of: dt.date, within: int) -> dict:
    answer = rules.ask(question)
    checked: dict[str, Any] = {
        "number": item.number,
        "title": item.title,
        "decision": question.decision,
        "amount": question.amount,
        "answer": answer,
    }
    if answer["outcome"] == "denied":
        # who may instead: the bodies of the deciding body's own organisation first (whose function it is)
        own = question.organisation or organisation(answer["question"]["body"], rules.pack.bodies)
        instead = rules.who(attrs.evolve(question, body=None, organisation=own))["bodies"]
        if not instead and question.organisation is None:
            instead = rules.who(attrs.evolve(question, body=None))["bodies"]
        return {**checked, "status": CANNOT, "chain": None, "conditions": [], "instead": instead}
    plans = [
        [plan(entry, rules.pack, question.all_facts(), meeting, as_of) for entry in chain["outstanding"]]
        for chain in answer["chains"]
    ]
    followed = next((n for n, found in enumerate(plans) if all(p.state != "closed" for p in found)), None)
    chosen = plans[followed or 0]
    if answer["outcome"] == "permitted":
        status = READY
    else:
        status = PENDING if followed is not None else CANNOT
    return {
        **checked,
        "status": status,
        "chain": followed or 0,
        "conditions": [_plan_json(p, as_of, within) for p in chosen],
    }


def _plan_json(found: Plan, as_of: dt.date, within: int) -> dict:
    route = found.route
    return {
        "rule": found.rule,
        "condition": found.condition,
        "ordered": found.ordered,
        "state": found.state,
        "route": None if route is None else route.number,
        "routes": [_route_json(r, as_of, within) for r in found.routes],
    }


def _route_json(route: Route, as_of: dt.date, within: int) -> dict:
    found: dict[str, Any] = {"route": route.number, "state": route.state}
    if route.due is not None:
        left = route.days_left(as_of)
        found.update(
            {
                "due": route.due.day.isoformat(),
                "timing": route.due.timing,
                "days_left": left,
                "soon": route.state == OPEN and left is not None and 0 <= left <= within,
            }
        )
    if route.note:
        found["note"] = route.note
    found["steps"] = [_step_json(s, as_of, within) for s in route.steps]
    return found


def _step_json(step: Step, as_of: dt.date, within: int) -> dict:
    found: dict[str, Any] = {"condition": step.condition}
    if step.group is not None:
        found["routes"] = [_route_json(r, as_of, within) for r in step.group.routes]
    else:
        found["value"] = list(step.value) if isinstance(step.value, tuple) else step.value
    found["done"] = step.done
    return found


def _deadlines(items: list[dict]) -> list[dict]:
    """Every route still to take, or passed, that has a day to do it by, earliest first: the calendar.

    A route after the route to take is a fallback (`failing that`, or another way to meet the condition).
    """
    found = []
    for order, item in enumerate(items):
        for condition in item.get("conditions", ()):
            for route in condition["routes"]:
                if route["state"] not in (OPEN, PASSED) or route.get("timing") not in (BY_DAY, BEFORE):
                    continue
                taken = condition["route"]
                found.append(
                    (
                        route["due"],
                        order,
                        condition["rule"],
                        route["route"],
                        {
                            "item": item["number"],
                            "title": item["title"],
                            "rule": condition["rule"],
                            "condition": condition["condition"],
                            "route": route["route"],
                            "routes": len(condition["routes"]),
                            "ordered": condition["ordered"],
                            "fallback": taken is not None and route["route"] > taken,
                            "due": route["due"],
                            "timing": route["timing"],
                            "state": route["state"],
                            "soon": route["soon"],
                            "days_left": route["days_left"],
                            "steps": [s for s in route["steps"] if not s["done"]],
                        },
                    )
                )
    return [entry for *_, entry in sorted(found, key=lambda f: f[:4])]


def _meeting_json(meeting: Meeting, body: str | None) -> dict:
    return {
        "file": meeting.path,
        "body": body,
        "date": meeting.date.isoformat(),
        "time": meeting.time,
        "title": meeting.title,
        "in_public": meeting.in_public,
        "include_proposed": meeting.include_proposed,
        "facts": _facts_json(meeting.facts),
        "rules": list(meeting.rules),
    }


def _facts_json(facts: Mapping[str, tuple]) -> dict:
    return {name: [to_json(v) for v in values] for name, values in sorted(facts.items())}
