"""What a draft changes, in words: text grouped by body to read out in a meeting, and Markdown for a paper."""

from __future__ import annotations

import json

from vires.outputs.paper import Item, Items, Paper, Para, Table, line
from vires.pack.condition_kinds import KINDS
from vires.values import format_amount

WORDS = {
    "gained": "gains authority",
    "lost": "loses authority",
    "outcome-changed": "outcome changes",
    "limit-raised": "limit raised",
    "limit-lowered": "limit lowered",
    "conditions-changed": "conditions change",
    "chain-changed": "authority comes by another chain",
}
MARKS = {"gained": "+", "lost": "-"}


def names_of(pack) -> dict:
    """Bodies' names by id, and declared functions' names by `function:ID`, for the renderers below."""
    found = {body_id: body.name for body_id, body in pack.bodies.items()}
    found.update({f"function:{f.id}": f.name for f in pack.functions.values() if f.declared and f.name != f.id})
    return found


# ---- text: grouped by body, to be read out in a meeting ----------------------------------------------


def text(result, names: dict, facts: dict) -> str:
    lines = [_heading(result, facts) + ":" if result.changes else _heading(result, facts) + ": none.", ""]
    for body, changes in _by_body(result.changes):
        lines.append(f"{names.get(body, body)} ({body})")
        for change in changes:
            mark = MARKS.get(change.change, "~")
            lines.append(f"  {mark} {_function(change.function, names)}: {_what(change)}")
            if change.before is not None:
                lines.append(f"      before: {_right(change.before, names)}")
            if change.after is not None:
                lines.append(f"      after:  {_right(change.after, names)}")
        lines.append("")
    lines += _rules_lines(result)
    return "\n".join(lines).rstrip()


def _heading(result, facts: dict) -> str:
    date = result.date
    heading = f"Decision rights the draft changes on {date.day} {date:%B %Y}"
    extra = []
    if result.include_proposed:
        extra.append("proposed delegations treated as adopted, before and after")
    if facts:
        from vires.engine.conditions import show_facts

        extra.append(f"given {show_facts(facts)}")
    extra.append("no amount asked")
    return heading + f" ({'; '.join(extra)})"


def _by_body(changes):
    grouped: dict = {}
    for change in changes:
        grouped.setdefault(change.body, []).append(change)
    return grouped.items()


def _function(function: str, names: dict) -> str:
    name = names.get(f"function:{function}")
    return f"{name} ({function})" if name else function


def _what(change) -> str:
    words = [WORDS[kind] for kind in change.kinds]
    if "outcome-changed" in change.kinds:
        words[change.kinds.index("outcome-changed")] = f"now {change.after.outcome} (was {change.before.outcome})"
    return "; ".join(words)


def _right(right, names: dict) -> str:
    limit = "no financial limit" if right.limit is None else f"up to {format_amount(right.limit)}"
    needs = f"; before deciding: {', '.join(_needs(right, names))}" if right.outstanding else ""
    return f"{right.outcome}, {limit}, by {' > '.join(right.chain)}{needs}"


def _needs(right, names: dict) -> list[str]:
    """The outstanding conditions in a few words each: `consult Partnership Board`, `quorum of 5`."""
    shown = []
    for condition, value in right.outstanding:
        value = json.loads(value)
        if condition == "where":
            shown.append("facts to give: " + ", ".join(value))
        elif condition == "any":
            shown.append(f"one of {len(value)} alternatives")
        elif condition == "first_of":
            shown.append(f"the first of {len(value)} routes not ruled out")
        elif condition in KINDS:
            shown.append(KINDS[condition].noun(value, lambda ids: _bodies(ids, names)))
        else:
            shown.append(f"{condition} {value}")
    return shown


def _bodies(ids, names: dict[str, str]) -> str:
    return ", ".join(names.get(body) or body for body in (ids if isinstance(ids, list) else [ids]))


def _rules_lines(result) -> list[str]:
    """`Rules:` and what the draft does to them, then the rules it adds or rewrites that can never work."""
    if not result.rules:
        return ["Rules: the draft adds, removes and rewrites none."]
    lines = ["Rules:"] + [f"  {entry}" for entry in _rule_entries(result)]
    if result.unworkable:
        lines += ["", UNWORKABLE + ":"] + [f"  {_unworkable(u)}" for u in result.unworkable]
    return lines


def _rule_entries(result) -> list[str]:
    """`added: d4 (cannot work: never-delegable), d5`, `removed: …`, `d1 superseded by d1-2027`, `rewritten: d2`."""
    rules, codes = result.rules, _codes(result)
    entries = []
    if rules.added:
        entries.append("added: " + ", ".join(r + codes.get(r, "") for r in rules.added))
    if rules.removed:
        entries.append("removed: " + ", ".join(rules.removed))
    for old, new in rules.superseded:
        entries.append(f"rewritten: {old}{codes.get(old, '')}" if old == new else f"{old} superseded by {new}")
    return entries


UNWORKABLE = "Rules the draft adds or rewrites that can never work as written"


def _unworkable(u) -> str:
    """`d4 (never-delegable): delegation `d4` can never pass …`: the rule, the finding's code and its words."""
    return f"{u.rule} ({u.code}): {u.message}"


def _codes(result, mark=lambda codes: f" (cannot work: {codes})") -> dict[str, str]:
    """Each rule that can never work, with the mark that says so after its id: ` (cannot work: never-delegable)`."""
    found: dict[str, list[str]] = {}
    for u in result.unworkable:
        found.setdefault(u.rule, []).append(u.code)
    return {rule: mark(", ".join(dict.fromkeys(codes))) for rule, codes in found.items()}


# ---- Markdown: a table to paste into a paper ---------------------------------------------------------


def markdown(result, names: dict, facts: dict) -> str:
    lines = [f"### {_heading(result, facts)}", ""]
    if result.changes:
        lines += ["| Body | Decision | Change | Before | After |", "|---|---|---|---|---|"]
        for change in result.changes:
            cells = [
                names.get(change.body, change.body),
                _function(change.function, names),
                _what(change),
                _right(change.before, names) if change.before else "no authority",
                _right(change.after, names) if change.after else "no authority",
            ]
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    else:
        lines.append("The draft changes no decision rights.")
    lines.append("")
    rules = result.rules
    if rules:
        codes = _codes(result, lambda codes: f" (**cannot work**: {codes})")
        if rules.added:
            lines.append("- Rules added: " + ", ".join(f"`{r}`{codes.get(r, '')}" for r in rules.added))
        if rules.removed:
            lines.append("- Rules removed: " + ", ".join(f"`{r}`" for r in rules.removed))
        for old, new in rules.superseded:
            lines.append(
                f"- Rule `{old}` rewritten{codes.get(old, '')}"
                if old == new
                else f"- Rule `{old}` superseded by `{new}`"
            )
        if result.unworkable:
            lines += ["", UNWORKABLE + ":", ""]
            lines += [f"- `{u.rule}` ({u.code}): {_cell(u.message)}" for u in result.unworkable]
    else:
        lines.append("The draft adds, removes and rewrites no rules.")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# ---- a paper: the same table, for a page or a document ------------------------------------------------


def paper(result, names: dict, facts: dict) -> Paper:
    """The changes as a `Paper` (a table a change, then the rules), the words of `markdown` above."""
    blocks: list = [Para(line(_heading(result, facts) + "."), note=True)]
    if result.changes:
        rows = tuple(
            tuple(
                (line(cell),)
                for cell in (
                    names.get(change.body, change.body),
                    _function(change.function, names),
                    _what(change),
                    _right(change.before, names) if change.before else "no authority",
                    _right(change.after, names) if change.after else "no authority",
                )
            )
            for change in result.changes
        )
        blocks.append(Table(("Body", "Decision", "Change", "Before", "After"), rows, (18, 20, 14, 24, 24)))
    else:
        blocks.append(Para(line("The draft changes no decision rights.")))
    rules = [line(entry) for entry in _rule_entries(result)]
    if rules:
        blocks.append(Para(line("Rules:")))
        blocks.append(Items("bullet", tuple(Item(text) for text in rules)))
    else:
        blocks.append(Para(line("The draft adds, removes and rewrites no rules.")))
    if result.unworkable:
        blocks.append(Para(line(UNWORKABLE + ":")))
        blocks.append(Items("bullet", tuple(Item(line(_unworkable(u))) for u in result.unworkable)))
    return Paper(title="What the draft changes", blocks=tuple(blocks), landscape=True)
