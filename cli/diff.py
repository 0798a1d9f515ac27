"""`vires diff`: what a draft changes — every decision right gained, lost or altered, and the rules."""

from __future__ import annotations

import datetime as dt
import sys

import click

from vires.cli.options import (FACT, date_option, engine_option, format_option, handles_errors, paths_argument,
                               print_json)

WORDS = {"gained": "gains authority", "lost": "loses authority", "outcome-changed": "outcome changes",
         "limit-raised": "limit raised", "limit-lowered": "limit lowered",
         "conditions-changed": "conditions change", "chain-changed": "authority comes by another chain"}
MARKS = {"gained": "+", "lost": "-"}


@click.command()
@paths_argument
@click.option("--draft", "drafts", multiple=True, required=True, metavar="PATH",
              help="A draft file or folder laid over the rules; repeat for several.")
@date_option("Compare rights on this date, YYYY-MM-DD (default today).")
@click.option("--fact", "facts", type=FACT, multiple=True,
              help="A fact for every question, key=value; repeat a key for several values.")
@click.option("--include-proposed", is_flag=True, help="Treat proposed delegations as adopted, before and after.")
@format_option("text", "json", "md")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the draft changes any right or rule.")
@engine_option
@handles_errors
def diff(paths, drafts, date, facts, include_proposed, output_format, exit_code, engine):
    """What does the draft change? Every decision right it gives, takes away or alters.

    Compares every body and declared function on the date, asked without an amount, before and
    after the draft is laid over PATHS: a draft rule with the id of an existing rule replaces it,
    a rule with `supersedes: X` replaces X, anything else is added. A child function is listed
    only where its change differs from its parent's. md writes Markdown for a paper.

    Exit 0; with --exit-code, 1 when the draft changes any decision right or any rule.

    \b
    Example:
      vires diff @city-and-hackney --draft nhp-mou-draft.yaml --date 2026-06-01 --include-proposed
    """
    from vires.review.diff import diff as compare, open_draft
    from vires.values import facts_from_pairs

    before, after, rules = open_draft(paths, drafts, engine)
    facts = facts_from_pairs(facts)
    result = compare(before, after, rules, date or dt.date.today(), facts, include_proposed)
    if output_format == "json":
        print_json(result.to_json())
    else:
        names = {**_names(before.pack), **_names(after.pack)}
        render = markdown if output_format == "md" else text
        click.echo(render(result, names, facts))
    sys.exit(1 if exit_code and result else 0)


def _names(pack) -> dict:
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
    lines += _rules_lines(result.rules)
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
    from vires.values import format_amount

    limit = "no financial limit" if right.limit is None else f"up to {format_amount(right.limit)}"
    needs = f"; before deciding: {', '.join(_needs(right, names))}" if right.outstanding else ""
    return f"{right.outcome}, {limit}, by {' > '.join(right.chain)}{needs}"


NEEDS = {"consult": "consult {}", "approval_of": "approval of {}", "notice_days": "{} clear days' notice",
         "quorum": "quorum of {}", "in_public": "in public", "within_budget": "within budget",
         "where": "facts to give: {}", "any": "one of {} alternatives"}


def _needs(right, names: dict) -> list[str]:
    """The outstanding conditions in a few words each: `consult Partnership Board`, `quorum of 5`."""
    import json

    shown = []
    for condition, value in right.outstanding:
        value = json.loads(value)
        if condition in ("consult", "approval_of"):
            value = ", ".join(names.get(body, body) for body in value)
        elif condition == "where":
            value = ", ".join(value)
        elif condition == "any":
            value = len(value)
        shown.append(NEEDS.get(condition, condition + " {}").format(value))
    return shown


def _rules_lines(rules) -> list[str]:
    if not rules:
        return ["Rules: the draft adds, removes and rewrites none."]
    lines = ["Rules:"]
    if rules.added:
        lines.append("  added: " + ", ".join(rules.added))
    if rules.removed:
        lines.append("  removed: " + ", ".join(rules.removed))
    for old, new in rules.superseded:
        lines.append(f"  rewritten: {old}" if old == new else f"  {old} superseded by {new}")
    return lines


# ---- Markdown: a table to paste into a paper ---------------------------------------------------------

def markdown(result, names: dict, facts: dict) -> str:
    lines = [f"### {_heading(result, facts)}", ""]
    if result.changes:
        lines += ["| Body | Decision | Change | Before | After |", "|---|---|---|---|---|"]
        for change in result.changes:
            cells = [names.get(change.body, change.body), _function(change.function, names), _what(change),
                     _right(change.before, names) if change.before else "no authority",
                     _right(change.after, names) if change.after else "no authority"]
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    else:
        lines.append("The draft changes no decision rights.")
    lines.append("")
    rules = result.rules
    if rules:
        if rules.added:
            lines.append("- Rules added: " + ", ".join(f"`{r}`" for r in rules.added))
        if rules.removed:
            lines.append("- Rules removed: " + ", ".join(f"`{r}`" for r in rules.removed))
        for old, new in rules.superseded:
            lines.append(f"- Rule `{old}` rewritten" if old == new else f"- Rule `{old}` superseded by `{new}`")
    else:
        lines.append("The draft adds, removes and rewrites no rules.")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
