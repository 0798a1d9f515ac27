"""A question as the user put it, made exact: bodies and functions by id or name, facts checked.

Users name bodies and functions as they know them ("Hackney Health and Wellbeing Board"), and
give facts as text. Before any rule is applied, every name is resolved to one id (case- and
space-insensitive), or refused with the nearest names and ids; and every fact is checked against
the catalogue (`vires.engine.catalogue`): a fact no rule or condition kind can use, or a value of
the wrong type for it, is refused, never silently dropped. All problems are reported together.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

import attrs

from vires.engine.catalogue import Fact, facts
from vires.engine.question import Question
from vires.errors import Diagnostic, QuestionError, did_you_mean
from vires.pack.model import Pack, organisation
from vires.values import BOOLEAN, DATE, NUMBER, TEXT, Value, show

MOST = 5  # suggestions in a hint
PLURAL = {"body": "bodies", "function": "functions"}
TYPE_WORDS = {
    NUMBER: "a number",
    DATE: "a date, YYYY-MM-DD",
    BOOLEAN: "true or false",
    TEXT: "text",
    "body": "a body, by id or name",
}


def resolve(question: Question, pack: Pack) -> Question:
    """`question` with its body, decision and body-valued facts as ids, its facts checked; QuestionError if not."""
    problems: list[Diagnostic] = []
    body, decision = question.body, question.decision
    if body is not None and body not in pack.bodies:  # an id is the common case, and needs no list of names
        body = _resolve(body, _bodies(pack), "body", problems)
    organisation = question.organisation
    if organisation is not None:
        organisation = _organisation(pack, organisation, problems)
    if decision not in pack.functions:
        decision = _resolve(decision, _functions(pack), "function", problems)
    checked = check_facts(pack, question.facts, problems)
    if problems:
        raise QuestionError(problems)
    return attrs.evolve(question, body=body, decision=decision, facts=checked, organisation=organisation)


def _organisation(pack: Pack, text: str, problems: list[Diagnostic]) -> str:
    """The id of the organisation `text` names: a body by id or name that is part of no other body."""
    found = _resolve(text, _bodies(pack), "body", problems)
    body = pack.bodies.get(found)
    if body is not None and body.part_of is not None:
        top = organisation(found, pack.bodies)
        problems.append(
            Diagnostic(
                "not-an-organisation",
                f"`{text}` is part of {_shown(pack.bodies[top].name, top)}, so it acts on that organisation's behalf",
                hint=f"give the organisation whose function it is, such as `{top}`",
            )
        )
    return found


def resolve_body(pack: Pack, text: str) -> str:
    """One body's id, from its id or its name; QuestionError naming the nearest when none or several match."""
    return text if text in pack.bodies else _one(text, _bodies(pack), "body")


def resolve_function(pack: Pack, text: str) -> str:
    """One function's id, from its id or its name; QuestionError naming the nearest when none or several match."""
    return text if text in pack.functions else _one(text, _functions(pack), "function")


def check_facts(pack: Pack, given: Mapping[str, tuple], problems: list[Diagnostic]) -> dict[str, tuple]:
    """The facts with body-valued ones resolved to ids; a problem appended for each fact that cannot be used."""
    known = facts(pack)
    checked: dict[str, tuple] = {}
    for name, values in given.items():
        fact = known.get(name)
        if fact is None:
            problems.append(_unknown_fact(name, known))
        elif fact.part_of_question:
            problems.append(
                Diagnostic(
                    "bad-fact",
                    f"`{name}` is part of the question itself, not a fact to add",
                    hint=f"give the {name} of the decision as its {name}",
                    remedy="amount" if name == "amount" else "date",
                )
            )
        else:
            checked[name] = tuple(_checked_value(pack, fact, value, problems) for value in values)
    return checked


# ---- names ---------------------------------------------------------------------------------------


def _bodies(pack: Pack) -> list[tuple[str, str]]:
    """(name, id) of each body, with its short name too (the name a diagram shows); the full name last,
    so that messages show it."""
    short = [(b.short_name, b.id) for b in pack.bodies.values() if b.short_name]
    return short + [(b.name, b.id) for b in pack.bodies.values()]


def _functions(pack: Pack) -> list[tuple[str, str]]:
    """(name, id) of each function, with its short name too; an implied function by its id."""
    short = [(f.short_name, f.id) for f in pack.functions.values() if f.short_name]
    return short + [(f.name if f.declared else f.id, f.id) for f in pack.functions.values()]


def _one(text: str, entries: list[tuple[str, str]], what: str) -> str:
    problems: list[Diagnostic] = []
    found = _resolve(text, entries, what, problems)
    if problems:
        raise QuestionError(problems)
    return found


def _resolve(text: str, entries: list[tuple[str, str]], what: str, problems: list[Diagnostic]) -> str:
    """The id `text` names (an id exactly, else a name case- and space-insensitively); `text` itself on a problem."""
    if any(ident == text for _, ident in entries):
        return text
    wanted = _plain(text)
    named = sorted({ident for name, ident in entries if _plain(name) == wanted or _plain(ident) == wanted})
    if len(named) == 1:
        return named[0]
    names = dict((ident, name) for name, ident in entries)
    if named:
        shown = "; ".join(_shown(names[i], i) for i in named)
        problems.append(
            Diagnostic(
                "ambiguous-name",
                f"`{text}` names {len(named)} {PLURAL[what]}: {shown}",
                hint=f"give the id of the {what} you mean",
            )
        )
        return text
    close = nearest_entries(text, entries)
    hint = ("did you mean " + " or ".join(_shown(names[i], i) for i in close) + "?") if close else None
    message = f"no {what} `{text}` is declared in the rules loaded"
    if what == "body":
        problems.append(Diagnostic("unknown-body", message, hint=hint))
    else:
        problems.append(Diagnostic("unknown-function", message, hint=hint))
    return text


def nearest_entries(text: str, entries: Iterable[tuple[str, str]]) -> list[str]:
    """The ids of the entries (name, id) nearest `text`: those whose name or id holds every word of it
    ("hackney health" finds both Hackney boards), else the closest spellings of names and ids."""
    entries = sorted(set(entries))
    words = _words(text)
    holding = [ident for name, ident in entries if words and words <= (_words(name) | _words(ident))]
    if holding:
        return sorted(set(holding), key=lambda i: (len(i), i))[:MOST]
    by_spelling: dict[str, str] = {}
    for name, ident in entries:
        by_spelling.setdefault(_plain(name), ident)
        by_spelling.setdefault(_plain(ident), ident)
    close = difflib.get_close_matches(_plain(text), sorted(by_spelling), n=MOST, cutoff=0.6)
    return list(dict.fromkeys(by_spelling[c] for c in close))


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[\s.\-_,()]+", text.casefold()) if w and w not in ("and", "of", "the")}


def _shown(name: str, ident: str) -> str:
    return f"{name} (`{ident}`)" if name != ident else f"`{ident}`"


# ---- facts ---------------------------------------------------------------------------------------


def _unknown_fact(name: str, known: Mapping[str, Fact]) -> Diagnostic:
    usable = [n for n, f in known.items() if not f.part_of_question]
    hint = did_you_mean(name, usable) or "the facts these rules can use: " + ", ".join(f"`{n}`" for n in usable)
    message = f"no rule loaded and no kind of condition uses a fact `{name}`, so it would be ignored"
    return Diagnostic("unknown-fact", message, hint=hint)


def _checked_value(pack: Pack, fact: Fact, value: Value, problems: list[Diagnostic]) -> Value:
    tag, python = value
    if "body" in fact.types and not (tag == NUMBER and NUMBER in fact.types):  # `present`: a count, or members
        if tag == TEXT and python in pack.bodies:  # a body's id, as given: nothing to resolve
            return value
        text = show(value)
        try:
            return (TEXT, resolve_body(pack, text))
        except QuestionError as error:
            (problem,) = error.diagnostics
            if NUMBER in fact.types:  # `present`: a count, or members by name
                problems.append(
                    Diagnostic(
                        "bad-fact",
                        f"`{fact.name}={text}` is not a whole number, 0 or more, nor a body: {problem.message}",
                        hint=f"write it like {fact.example}, or name a member present"
                        + (f"; {problem.hint}" if problem.hint else ""),
                    )
                )
                return value
            problems.append(
                Diagnostic(
                    "bad-fact",
                    f"`{fact.name}={text}` must name a body: {problem.message}",
                    hint=problem.hint,
                )
            )
            return value
    if tag not in fact.types or (fact.whole and (python != int(python) or python < 0)):
        expected = " or ".join(TYPE_WORDS[t] for t in fact.types)
        if fact.whole:
            expected = "a whole number, 0 or more"
        by = f", as {_rules(fact)} test it" if fact.rules and not fact.kind else ""
        problems.append(
            Diagnostic(
                "bad-fact",
                f"`{fact.name}={show(value)}` is not {expected}{by}",
                hint=f"write it like {fact.example}",
            )
        )
    return value


def _rules(fact: Fact) -> str:
    shown = ", ".join(f"`{r}`" for r in fact.rules[:3])
    return shown + (f" and {len(fact.rules) - 3} more" if len(fact.rules) > 3 else "")
