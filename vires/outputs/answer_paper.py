"""An answer written for a board paper: the outcome, the chain with its citations, what to do before and after.

Fed by the answer's data (`Rules.ask`) and the pack (names, sources), never by parsing text. Bodies are
named, not given by id, unless `ids` is set. Parts an engine may add to an answer (a chain's
`organisation` and `met`, an outstanding condition's `given`, a reason's `citations`) are written when
present and never required.
"""

from __future__ import annotations

import re

from vires.outputs.paper import Heading, Item, Items, Line, Paper, Para, Run, line
from vires.outputs.paper_words import Words, capital
from vires.outputs.reason_words import reason_item
from vires.outputs.wording import described, entry_words, long_date, phrase, routes_words
from vires.pack.model import Pack
from vires.values import format_amount

DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
VERDICT = {"permitted": "Permitted.", "conditional": "Conditional.", "denied": "Denied."}


def answer_paper(pack: Pack, answer: dict, ids: bool = False) -> Paper:
    """The answer as a paper: title, outcome, authority, before deciding, conditions met, after deciding, why not."""
    words = Words(pack, ids)
    question, chains = answer["question"], answer["chains"]
    blocks: list = [Para(_outcome(words, answer))]
    if question["facts"]:
        blocks.append(Para(_facts(words, question["facts"])))
    if chains:
        chosen = chains[0]
        blocks += _authority(words, chosen)
        if chosen["outstanding"]:
            items = tuple(_entry(words, e, before=True) for e in chosen["outstanding"])
            blocks += [Heading(1, "Before deciding"), Items("check", items)]
        if chosen.get("met"):
            blocks += [Heading(1, "Conditions met"), Items("bullet", tuple(_met(words, e) for e in chosen["met"]))]
        if chosen["obligations"]:
            items = tuple(_entry(words, e, before=False) for e in chosen["obligations"])
            blocks += [Heading(1, "After deciding, or in deciding"), Items("bullet", items)]
        if len(chains) > 1:
            others = tuple(Item(_other_chain(words, c)) for c in chains[1:])
            blocks += [Heading(1, "Other chains that also give authority"), Items("bullet", others)]
    if answer["reasons"]:
        heading = "Why not" if answer["outcome"] == "denied" else "Paths that failed"
        reasons = tuple(reason_item(words, question, r) for r in answer["reasons"])
        blocks += [Heading(1, heading), Items("bullet", reasons)]
    if answer.get("truncated"):
        blocks.append(Para(line("More than 100 chains reach this body; only the first 100 were examined.")))
    blocks.append(Para(_provenance(pack, question), note=True))
    return Paper(title=words.named(pack, question["decision"]), blocks=tuple(blocks))


def _outcome(words: Words, answer: dict) -> Line:
    """The outcome in one sentence: who may take the decision, for how much, when, and on what terms."""
    question, outcome = answer["question"], answer["outcome"]
    chosen = answer["chains"][0] if answer["chains"] else {}
    detail = []
    if question["amount"] is not None:
        detail.append(f"for {format_amount(question['amount'])}")
    elif chosen.get("limit") is not None:
        detail.append(f"up to {format_amount(chosen['limit'])} a decision")
    detail.append(f"on {long_date(question['date'])}")
    may = "may not take" if outcome == "denied" else "may take"
    text = line(Run(VERDICT[outcome], strong=True), " ", words.of(question["body"]), f" {may} this decision ")
    text = line(text, " ".join(detail))
    if outcome == "conditional":
        text = line(text, ", once each step under “Before deciding” is done")
    organisation = chosen.get("organisation") or question.get("for")
    if organisation and organisation != question["body"]:
        text = line(text, ", on behalf of ", words.of(organisation))
    text = line(text, ".")
    if question["include_proposed"]:
        text = line(text, " This answer treats the proposed delegations as adopted.")
    return text


def _facts(words: Words, facts: dict) -> Line:
    """The facts the question gave, in words: `consulted: Chair of Scrutiny; present: 5`."""
    given = [f"{fact.replace('_', ' ')}: " + fact_values(words, values) for fact, values in sorted(facts.items())]
    return line("Facts given: " + "; ".join(given) + ".")


def _authority(words: Words, chain: dict) -> list:
    """The chain of authority: each link with its instrument, section and quotation."""
    limit = "no financial limit" if chain["limit"] is None else f"a limit of {format_amount(chain['limit'])} a decision"
    links = chain["links"]
    lead = "By its own power" if len(links) == 1 else "By this chain of authority"
    items = []
    for link in links:
        if link["kind"] == "power":
            text = line(Run("Power:", strong=True), " ", words.of(link["holder"]), " holds it")
        elif link["kind"] == "designation":
            acting = (" ", words.of(link["to"]), ", acting as ", words.of(link["from"]), " by designation")
            text = line(Run("Designation:", strong=True), *acting)
        else:
            text = line(Run("Delegation:", strong=True), " from ", words.of(link["from"]), " to ", words.of(link["to"]))
        if link.get("limit") is not None:
            text = line(text, f", up to {format_amount(link['limit'])}")
        cited = [words.source(link["source"])]
        if link.get("limit_source"):  # a dated limit: the entry in force on the date, with its own citation
            since = f" from {long_date(link['limit_from'])}" if link.get("limit_from") else ""
            cited.append(line(f"The limit{since}: ", words.source(link["limit_source"])))
        items.append(Item(line(text, words.rule(link["rule"])), tuple(cited), link["source"].get("quote")))
    blocks: list = [Heading(1, "Authority"), Para(line(f"{lead}, with {limit}:")), Items("number", tuple(items))]
    if len(links) > 1:
        blocks.append(Para(line(words.of(chain["accountable"]), " remains accountable for what it delegated.")))
    return blocks


def _entry(words: Words, entry: dict, before: bool) -> Item:
    """A condition to meet before deciding, or an obligation after, with the citation of its rule."""
    steps: tuple[Line, ...] = ()
    if entry["condition"] == "first_of" and "ruled_out" in entry:
        text = "Take the first of these routes that the facts do not rule out, in this order:"
        steps = tuple(
            line(capital(r)) for r in routes_words(words.pack, entry, words.named, lambda out: _ruled_out(words, out))
        )
    else:
        text = capital(entry_words(words.pack, entry, words.named))
    if entry["condition"] == "where":
        text += " (the question does not give " + ", ".join(f.replace("_", " ") for f in entry["missing"]) + ")"
    given = entry.get("given") or {}
    if given and entry["condition"] != "first_of":  # ordered fallbacks say route by route which facts rule out
        text += f" (the facts given fall short: {_facts_words(words, given)})"
    cited = words.rule_citation(entry["rule"])
    return Item(line(text, words.rule(entry["rule"])), (cited,) if cited else (), steps=steps)


def _facts_words(words: Words, facts: dict) -> str:
    """Facts as a paper words them: `notice given 1 December 2026; informed Chair of the Scrutiny Panel`."""
    return "; ".join(_fact_words(words, fact.replace("_", " "), values) for fact, values in facts.items())


def _fact_words(words: Words, fact: str, values: list) -> str:
    """`notice given 20 May 2026`; a fact that is true or false by itself: `in public`, `not in public`."""
    if len(values) == 1 and isinstance(values[0], bool):
        return fact if values[0] else f"not {fact}"
    return f"{fact} {fact_values(words, values)}"


def _ruled_out(words: Words, out: dict) -> str:
    """Why a route is ruled out, for a paper: the reason where the answer gives one, else the facts."""
    return f"ruled out: {out['note']}" if out.get("note") else f"ruled out by {_facts_words(words, out['by'])}"


def _met(words: Words, entry: dict) -> Item:
    """A condition the facts meet, with the facts that meet it."""
    if entry.get("condition") == "first_of" and entry.get("route"):
        route = entry["route"]
        chosen = described(words.pack, entry["value"][route - 1], words.named)
        earlier = routes_words(words.pack, entry, words.named, lambda out: _ruled_out(words, out))[: route - 1]
        text = capital(f"route {route} of {len(entry['value'])}, {chosen}")
        steps = tuple(line(capital(r)) for r in earlier)
    else:
        steps = ()
        text = capital(phrase(words.pack, entry.get("condition", ""), entry.get("value"), words.named))
    by = entry.get("by") or {}
    if by:
        text += f": met ({_facts_words(words, by)})"
    if steps:
        text += "; the route before it is ruled out:" if len(steps) == 1 else "; the routes before it are ruled out:"
    cited = words.rule_citation(entry.get("rule"))
    return Item(line(text, words.rule(entry.get("rule"))), (cited,) if cited else (), steps=steps)


def fact_values(words: Words, values: list) -> str:
    """A fact's values for people: bodies by name, dates in words, true and false as written, the rest as given."""
    return ", ".join(_value(words, v) for v in values)


def _value(words: Words, value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return long_date(value) if DATE.fullmatch(str(value)) else words.named(words.pack, str(value))


def _other_chain(words: Words, chain: dict) -> Line:
    """Another valid chain in one line: the bodies it passes through, its limit, what it still needs."""
    bodies = [chain["links"][0]["holder"]] + [link["to"] for link in chain["links"][1:]]
    text: Line = ()
    for number, body in enumerate(bodies):
        text = line(text, " → " if number else "", words.of(body))
    outstanding = len(chain["outstanding"])
    steps = "nothing outstanding" if not outstanding else f"{outstanding} step{'s' * (outstanding > 1)} before deciding"
    limit = "no limit" if chain["limit"] is None else f"up to {format_amount(chain['limit'])}"
    return line(text, f" ({limit}; {steps})")


def _provenance(pack: Pack, question: dict) -> Line:
    """Which rules gave the answer, as at which date, with or without proposals."""
    rules = "; ".join(p.title + (f" (version {p.version})" if p.version else "") for p in pack.packs)
    proposed = "proposed delegations treated as adopted" if question["include_proposed"] else "rules in force only"
    return line(f"Answered by vires for {long_date(question['date'])} from: {rules or 'the rules loaded'}; {proposed}.")
