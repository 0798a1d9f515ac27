"""What can be asked about, as text for people: bodies, the function tree and the facts, for `vires list`."""

from __future__ import annotations

from typing import Any

from vires.engine.catalogue import Fact
from vires.engine.resolve import TYPE_WORDS

WHAT_FACTS_MEET = {
    "consult": "meets `consult`",
    "approval_of": "meets `approval_of`",
    "notice_days": "meets `notice_days` (clear days before the decision) and `working_days`",
    "inform": "meets `inform`",
    "quorum": "meets a quorum (members by name where the body lists them)",
    "in_public": "meets `in_public`",
    "within_budget": "meets `within_budget`",
    "withdraw": "meets `withdraw`; counted out of a quorum of members",
}


def bodies_text(bodies: list[dict[str, Any]], names: dict[str, str]) -> str:
    """One line a body: name, id, kind and level, and the body it is part of, by name; then its members, by name,
    those without a vote and co-optees marked."""
    if not bodies:
        return "No body matches."
    rows = []
    for body in bodies:
        about = f"{body['kind']}, {body['level']}"
        if body["type"]:
            about += f", {body['type']}"
        if body["part_of"]:
            about += f", part of {names.get(body['part_of'], body['part_of'])}"
        if body["members"]:
            about += "; members: " + ", ".join(_seat(seat, names) for seat in body["members"])
        rows.append((body["name"], body["id"], about))
    return _columns(rows, f"{_count(len(bodies), 'body', 'bodies')}, by name (name, id, what it is):")


def _seat(seat: dict[str, Any], names: dict[str, str]) -> str:
    """`Hackney Council`, `NHS North East London (co-opted)`, `Healthwatch Hackney (co-opted, no vote)`."""
    marks = (["co-opted"] if seat["co_opted"] else []) + ([] if seat["voting"] else ["no vote"])
    return names.get(seat["body"], seat["body"]) + (f" ({', '.join(marks)})" if marks else "")


def functions_text(functions: list[dict[str, Any]]) -> str:
    """The function tree, a child indented under its parent: id, then its name where it has one."""
    if not functions:
        return "No function matches."
    shown = {f["id"] for f in functions}
    rows = []
    for function in functions:
        depth = sum(1 for i in range(len(function["id"])) if function["id"][i] == "." and function["id"][:i] in shown)
        name = function["name"] if function["declared"] and function["name"] != function["id"] else ""
        rows.append(("  " * depth + function["id"], name, ""))
    heading = f"{_count(len(functions), 'function')}, each under its parent (asking for one covers those under it):"
    return _columns(rows, heading)


def facts_text(facts: list[Fact]) -> str:
    """One line a fact: its name, what its values must be, what it meets or which rules test it, an example."""
    if not facts:
        return "No fact matches."
    rows = []
    for fact in facts:
        kind = " or ".join(TYPE_WORDS[t] for t in fact.types)
        if fact.whole:  # `present`: a count, or (where bodies list their members) the members present
            kind = "a whole number, 0 or more" + (", or members by id or name" if "body" in fact.types else "")
        uses = []
        if fact.part_of_question:
            uses.append("part of the question itself")
        if fact.kind:
            uses.append(WHAT_FACTS_MEET[fact.kind])
        if fact.rules:
            shown = ", ".join(fact.rules[:4]) + (f" and {len(fact.rules) - 4} more" if len(fact.rules) > 4 else "")
            uses.append(f"used by {shown}")
        rows.append((fact.name, kind, "; ".join(uses) + ("" if fact.part_of_question else f"; e.g. {fact.example}")))
    return _columns(rows, f"{_count(len(facts), 'fact')} the rules can use (name, value, use):")


def _columns(rows: list[tuple[str, str, str]], heading: str) -> str:
    first = max(len(r[0]) for r in rows)
    second = max(len(r[1]) for r in rows)
    lines = [heading]
    for a, b, c in rows:
        lines.append(f"  {a.ljust(first)}  {b.ljust(second)}  {c}".rstrip())
    return "\n".join(lines)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"
