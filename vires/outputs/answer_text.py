"""Answers and who-lists as text for people: chains and conditions written for a board secretary.

Fed by the answer's data (`Authority.ask`/`who`), never by parsing text. How a user supplies a
missing fact depends on the front end (`--fact x=…` on the command line, a field on a web page),
so the functions that mention it take a `remedy(fact)` that words it; without one they say only
what is missing.
"""

from __future__ import annotations

from collections.abc import Callable

from vires.outputs.wording import (
    cite,
    cite_json,
    described,
    entry_more,
    long_date,
    numbered,
    phrase,
    routes_words,
    typed_facts,
)
from vires.pack.condition_kinds import KINDS
from vires.pack.model import Pack
from vires.values import format_amount

VERDICT = {
    "permitted": "Permitted",
    "conditional": "Conditional",
    "denied": "Denied",
}


def name_of(pack: Pack, body_id: str) -> str:
    body = pack.bodies.get(body_id)
    return f"{body.name} ({body_id})" if body else f"`{body_id}`"


def _named(pack: Pack, ref: str) -> str:
    """A body, function or source a condition names: a body by name with its id, a source by its title, a
    function (what a decider has regard to) by its name in quotation marks, with its id."""
    if ref in pack.bodies:
        return name_of(pack, ref)
    if ref in pack.sources:
        return pack.sources[ref].title
    function = pack.functions.get(ref)
    return f"‘{function.name}’ ({ref})" if function and function.declared else f"`{ref}`"


def function_name(pack: Pack, function_id: str) -> str:
    function = pack.functions.get(function_id)
    if function and function.declared and function.name != function_id:
        return f"{function.name} ({function_id})"
    return function_id


def sentence(pack: Pack, answer: dict) -> str:
    """The decision in one sentence: who, what, for how much (or up to what), when, and on whose behalf."""
    question = answer["question"]
    who = name_of(pack, question["body"])
    what = function_name(pack, question["decision"])
    chosen = answer["chains"][0] if answer["chains"] else {}
    parts = []
    if question["amount"] is not None:
        parts.append(format_amount(question["amount"]))
    elif chosen.get("limit") is not None:
        parts.append(f"up to {format_amount(chosen['limit'])} a decision")
    parts.append(f"on {long_date(question['date'])}")
    detail = " ".join(parts)
    behalf = on_behalf(pack, question["body"], answer.get("organisation") or question.get("for"))
    outcome = answer["outcome"]
    if outcome == "permitted":
        text = f"{who} may decide {what} ({detail}){behalf}."
    elif outcome == "conditional":
        text = f"{who} may decide {what} ({detail}){behalf} once what is listed under 'Before deciding' is done."
    else:
        text = f"{who} may not decide {what} ({detail}){behalf}."
    if question["include_proposed"]:
        text += " Proposed delegations are treated as adopted."
    return f"{VERDICT[outcome]}: {text}"


Remedy = Callable[[str], str]  # a fact's name -> how the front end lets the user give it


def on_behalf(pack: Pack, body: str, organisation: str | None) -> str:
    """`, on behalf of London Borough of Hackney (lb-hackney)`, or nothing where the body is the organisation."""
    if organisation is None or organisation == body:
        return ""
    return f", on behalf of {name_of(pack, organisation)}"


def held_lines(pack: Pack, held: list[dict], indent: str = "    ") -> list[str]:
    """Where a function lies instead: each body that holds it, for whom, by which chain."""
    lines = []
    for found in held:
        limit = "" if found["limit"] is None else f", up to {format_amount(found['limit'])}"
        outcome = "" if found["outcome"] == "permitted" else ", conditional"
        behalf = "" if found["organisation"] == found["body"] else f" for {name_of(pack, found['organisation'])}"
        lines.append(
            f"{indent}held by {name_of(pack, found['body'])}{behalf}{limit}{outcome}, by {' > '.join(found['chain'])}"
        )
    return lines


def rule_citation(pack: Pack, rule_id: str | None) -> str | None:
    """The citation of the rule a reason names, as the text form shows it."""
    rule = pack.rule(rule_id) if rule_id else None
    return cite(pack, rule.source) if rule is not None else None


def chain_lines(pack: Pack, chain: dict) -> list[str]:
    lines = []
    for number, link in enumerate(chain["links"], 1):
        if link["kind"] == "power":
            what = f"power `{link['rule']}`: {name_of(pack, link['holder'])} holds it"
        elif link["kind"] == "designation":
            what = (
                f"designation `{link['rule']}`: {name_of(pack, link['to'])}, "
                f"acting as {name_of(pack, link['from'])}, by designation"
            )
        else:
            what = f"delegation `{link['rule']}`: {name_of(pack, link['from'])} to {name_of(pack, link['to'])}"
        if link.get("limit") is not None:
            what += f", up to {format_amount(link['limit'])}"
        if link.get("limit_source"):
            since = f" from {long_date(link['limit_from'])}" if link.get("limit_from") else ""
            what += f" (the limit{since}: {cite_json(link['limit_source'])})"
        lines.append(f"  {number}. {what}")
        lines.append(f"     {cite_json(link['source'])}")
        if link["source"].get("quote"):
            lines.append(f'     "{link["source"]["quote"]}"')
    return lines


def _fact_example(key: str) -> str | None:
    """`notice_given=DATE` for the kind `notice_days`: the fact that meets a kind, as the user writes it."""
    kind = KINDS.get(key)
    return kind.fact_example if kind else None


def need_line(pack: Pack, entry: dict, remedy: Remedy | None = None) -> str:
    condition, rule = entry["condition"], entry["rule"]
    value = entry.get("value")
    bodies = lambda ids: ", ".join(_named(pack, i) for i in (ids if isinstance(ids, list) else [ids]))  # noqa: E731
    if condition == "where":
        missing = entry["missing"]
        how = "; ".join(dict.fromkeys(remedy(fact) for fact in missing)) + "; " if remedy else ""
        text = (
            "the question does not say "
            + ", ".join(f"`{m}`" for m in missing)
            + f" ({how}vires never assumes a fact in the decider's favour)"
        )
    elif condition == "any":
        text = any_words(pack, entry)
    elif condition == "first_of" and "ruled_out" in entry:
        facts = sorted({example for alt in value or () for key in alt if (example := _fact_example(key))})
        text = "take the first of these routes that the facts do not rule out, in this order"
        text += f" (facts {', '.join(facts)})" if facts else ""
        routes = "".join(f"\n      {line}" for line in numbered(routes_words(pack, entry, name_of)))
        note = f"; {entry['note']}" if entry.get("note") else ""
        return f"  - {text}{note} [{rule}]:{routes}"
    elif condition in KINDS:
        text = KINDS[condition].imperative(value, bodies)
    else:
        text = f"{condition}: {value}"
    if entry.get("note") and not entry.get("ruled_out"):
        text += f"; {entry['note']}"
    text += entry_more(entry)
    if entry.get("advisory"):
        text += " (advice, not a requirement)"
    return f"  - {text} [{rule}]"


def any_words(pack: Pack, entry: dict) -> str:
    """Alternatives still open, each with the fact that would settle it; then those the facts rule out, and by what."""
    left = []
    for alternative in entry.get("left", entry.get("value")) or ():
        words = described(pack, alternative, name_of)
        facts = [example for key in alternative if (example := _fact_example(key))]
        missing = list(alternative.get("where", {}))
        facts += [f"{fact}=…" for fact in missing]
        left.append(words + (f" (fact {', '.join(facts)})" if facts else ""))
    if len(left) > 1:
        text = "one of: " + "; or ".join(left)
    elif left:
        text = left[0]
    else:
        text = "none of the alternatives can be met on the facts given"
    ruled_out = entry.get("ruled_out") or ()
    if ruled_out:
        shown = []
        for out in ruled_out:
            by = typed_facts(out["by"])
            note = f": {out['note']}" if out.get("note") else ""
            shown.append(f"{described(pack, out['alternative'], name_of)} (by {by}{note})")
        text += " — ruled out by the facts given: " + "; ".join(shown)
    return text


def met_line(pack: Pack, entry: dict) -> str:
    """A condition the facts meet, with the facts that meet it: `quorum of 3: met by present=5 [rule]`.

    Ordered fallbacks say which route met them and which facts ruled out the routes before it.
    """
    by = typed_facts(entry["by"])
    if entry["condition"] == "first_of" and entry.get("route"):
        route = entry["route"]
        what = f"route {route} of {len(entry['value'])}, {described(pack, entry['value'][route - 1], name_of)}"
        lines = [f"  - {what}: met by {by} [{entry['rule']}]"]
        lines += [f"      {line}" for line in numbered(routes_words(pack, entry, name_of))[: route - 1]]
        return "\n".join(lines)
    what = phrase(pack, entry["condition"], entry["value"], named=name_of)
    return f"  - {what}: met by {by} [{entry['rule']}]"


def answer_text(pack: Pack, answer: dict, remedy: Remedy | None = None) -> str:
    lines = [sentence(pack, answer)]
    chains = answer["chains"]
    if chains:
        chosen = chains[0]
        limit = "no financial limit" if chosen["limit"] is None else f"limit {format_amount(chosen['limit'])}"
        lines += ["", f"Authority ({limit}):"] + chain_lines(pack, chosen)
        if len(chosen["links"]) > 1:
            lines.append(f"  {name_of(pack, chosen['accountable'])} remains accountable for what it delegated.")
        if chosen["outstanding"]:
            lines += ["", "Before deciding:"] + [need_line(pack, e, remedy) for e in chosen["outstanding"]]
        if chosen.get("met"):
            lines += ["", "Conditions met:"] + [met_line(pack, e) for e in chosen["met"]]
        if chosen["obligations"]:
            lines += ["", "After deciding, or in deciding:"] + [need_line(pack, e) for e in chosen["obligations"]]
        if len(chains) > 1:
            lines += ["", f"Other valid chains ({len(chains) - 1}):"]
            for other in chains[1:]:
                rules = " > ".join(link["rule"] for link in other["links"])
                limit = format_amount(other["limit"])
                lines.append(f"  - {rules} ({limit}, {len(other['outstanding'])} outstanding)")
    if answer["reasons"]:
        heading = "Why not:" if answer["outcome"] == "denied" else "Paths that failed:"
        lines += ["", heading]
        for reason in answer["reasons"]:
            lines.append(f"  - {reason['code']}: {reason['message']}")
            lines += held_lines(pack, reason.get("held_by", ()))
            for cited in reason_citations(pack, reason):
                lines.append(f"    {cited}")
    if answer.get("unused_facts"):
        unused = answer["unused_facts"]
        given = ", ".join(f"`{fact}`" for fact in unused)
        one = len(unused) == 1
        lines += [
            "",
            f"Not used: {given} {'was' if one else 'were'} given, but no rule that bears on this decision "
            f"reads {'it' if one else 'them'}.",
        ]
    if answer.get("truncated"):
        lines += ["", "More than 100 chains reach this body; only the first 100 were examined."]
    return "\n".join(lines)


def reason_citations(pack: Pack, reason: dict) -> list[str]:
    """A reason's citations as the text gives them: `rule`: Title, section (the restriction's own where it bites)."""
    cited = reason.get("citations")
    if cited is None:  # an answer written before reasons carried their citations
        rules = [r for r in (reason["rule"], reason.get("restricted_by")) if r]
        return [f"`{r}`: {text}" for r in rules if (text := rule_citation(pack, r))]
    shown = []
    for citation in cited:
        what = f" ({citation['restriction']})" if citation.get("restriction") else ""
        shown.append(f"`{citation['rule']}`{what}: {cite_json(citation)}")
    return shown


def who_text(pack: Pack, result: dict) -> str:
    """Who may decide, lowest level first; grouped by the organisation each acts for when there are several."""
    question = result["question"]
    what = function_name(pack, question["decision"])
    header = f"Who may decide {what} on {long_date(question['date'])}"
    if question["amount"] is not None:
        header += f" for {format_amount(question['amount'])}"
    if question.get("for"):
        header += f", for {name_of(pack, question['for'])}"
    if not result["bodies"]:
        return header + ": no body may."
    groups: dict[str, list[dict]] = {}
    for found in result["bodies"]:
        groups.setdefault(found.get("organisation", ""), []).append(found)
    lines = [header + ", lowest level first:"]
    for organisation, found_here in groups.items():
        if len(groups) > 1:
            lines += ["", f"For {name_of(pack, organisation)}:"]
        for number, found in enumerate(found_here, 1):
            limit = "no limit" if found["limit"] is None else f"up to {format_amount(found['limit'])}"
            outcome = "" if found["outcome"] == "permitted" else ", conditional"
            lines.append(f"  {number}. {name_of(pack, found['body'])}: {found['level']}, {limit}{outcome}")
            lines.append(f"     by {' > '.join(found['chain'])}")
    return "\n".join(lines)
