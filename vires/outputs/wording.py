"""Conditions in words, for tables, tooltips and answers: one wording wherever vires explains a condition."""

from __future__ import annotations

import datetime as dt

from vires.pack.condition_kinds import KINDS
from vires.pack.model import Condition, Pack
from vires.values import format_amount


def name(pack: Pack, ref: str) -> str:
    """A body's, function's or source's name for people; the id itself when it has none."""
    if ref in pack.bodies:
        return pack.bodies[ref].name
    if ref in pack.functions and pack.functions[ref].declared:
        return pack.functions[ref].name
    if ref in pack.sources:
        return pack.sources[ref].title
    return ref


def safe_url(url: str | None) -> str | None:
    """A source's URL where it is one a reader can follow safely (http, https or mailto); None otherwise."""
    return url if url and url.lower().startswith(("https://", "http://", "mailto:")) else None


def cite(pack: Pack, source) -> str:
    """`Title, s.101(2)` for a rule's source (`(not confirmed)` where marked so)."""
    document = pack.sources.get(source.ref)
    return citation(document.title if document else source.ref, source.place, source.confirmed)


def cite_json(source: dict) -> str:
    """The same citation of a source as an answer gives it in JSON (`{ref, title, section|clause, ...}`)."""
    place = source.get("section") or (f"clause {source['clause']}" if source.get("clause") else None)
    return citation(source["title"], place, source.get("confirmed") is not False)


def citation(title: str, place: str | None, confirmed: bool) -> str:
    """The one form of a citation: `Title, place`, marked where not checked against the instrument."""
    text = title + (f", {place}" if place else "")
    return text + ("" if confirmed else " (not confirmed against the instrument)")


def phrase(pack: Pack, key: str, value, named=name) -> str:
    """One condition key and value (as packs write them, or as an answer gives them) in words.

    `named(pack, id)` names the bodies it mentions (by default their names alone).
    """
    names = lambda v: ", ".join(named(pack, b) for b in (v if isinstance(v, (list, tuple)) else [v]))  # noqa: E731
    if key in KINDS:
        return KINDS[key].noun(value, names)
    if key == "any":
        return "one of: " + "; or ".join(described(pack, alt, named) for alt in value)
    if key == "first_of":
        routes = "; ".join(f"({n}) {described(pack, alt, named)}" for n, alt in enumerate(value, 1))
        return "the first of these routes that the facts do not rule out, in this order: " + routes
    if key == "valid":
        return period_words(value)
    if key == "where":
        return "where " + " and ".join(_test(fact, test) for fact, test in value.items())
    return f"{key} {value}"


def _test(fact: str, test) -> str:
    """A `where` test (as packs write it) in words; amounts in pounds."""

    def show(value) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return format_amount(int(value)) if fact == "amount" and isinstance(value, (int, float)) else str(value)

    if isinstance(test, dict) and set(test) == {"min", "max"}:
        return f"{fact} is from {show(test['min'])} to {show(test['max'])}"
    if isinstance(test, dict):
        ((op, bound),) = test.items()
        if op == "in":
            return f"{fact} is one of " + ", ".join(show(v) for v in bound)
        return f"{fact} is " + ("at most " if op == "max" else "at least ") + show(bound)
    return f"{fact} is {show(test)}"


def tests_words(tests) -> str:
    """The tests of a rule's `where` (`vires.values.WhereTest`s) in words, joined by `and`."""
    from vires.engine.conditions import _test_json

    return " and ".join(_test(t.fact, _test_json(t)) for t in tests)


def described(pack: Pack, condition: dict, named=name) -> str:
    """A condition given as `vires.engine.conditions.describe` gives it, in words."""
    nested = ("where", "valid", "blocking", "any", "first_of")
    words = [phrase(pack, k, v, named) for k, v in condition.items() if k not in nested]
    for group in ("any", "first_of"):
        if group in condition:
            words.append(phrase(pack, group, condition[group], named))
    text = " and ".join(words) or "a condition"
    if "where" in condition:
        text = phrase(pack, "where", condition["where"]) + ": " + text
    if "valid" in condition:
        text = period_words(condition["valid"]) + ": " + text
    return text + (" (advice)" if condition.get("blocking") is False else "")


def period_words(valid: dict) -> str:
    """`from 23 July 2019 until 31 March 2024`: a `valid` period as JSON gives it, in words."""
    parts = [
        f"{word} {long_date(valid[key])}" for key, word in (("from", "from"), ("until", "until")) if valid.get(key)
    ]
    return " ".join(parts)


def long_date(iso: str) -> str:
    """`21 May 2026` for `2026-05-21`."""
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def entry_more(entry: dict) -> str:
    """What an answer's entry adds to its condition: the last day notice could have been given, a due date."""
    more = []
    if entry.get("last_notice_day"):
        more.append(f"the last day notice could have been given is {long_date(entry['last_notice_day'])}")
    if entry.get("due"):
        more.append(f"due by {long_date(entry['due'])}")
    return "".join(f"; {m}" for m in more)


def typed_facts(by: dict) -> str:
    """Facts as a user types them after --fact: `notice_given=2026-12-01, informed=chair`."""
    return ", ".join(f"{fact}={', '.join(str(v) for v in values)}" for fact, values in by.items())


def ruled_out_typed(out: dict) -> str:
    """Why a route is ruled out, naming the facts as typed: `ruled out by notice_given=… (why)`."""
    return f"ruled out by {typed_facts(out['by'])}" + (f" ({out['note']})" if out.get("note") else "")


def routes_words(pack: Pack, entry: dict, named=name, ruled_out=ruled_out_typed) -> list[str]:
    """Ordered fallbacks (`first_of`) as an answer gives them: each route and how it stands, one string each,
    in order and unnumbered; `ruled_out` words why a route is ruled out."""
    ruled = {out["route"]: out for out in entry.get("ruled_out", ())}
    route = entry.get("route")
    lines = []
    for number, alternative in enumerate(entry["value"], 1):
        text = described(pack, alternative, named)
        if number in ruled:
            text += f": {ruled_out(ruled[number])}"
        elif number == route and entry.get("by") is not None:
            text += ": met, the route taken"
        elif number == route:
            still = [need_words(pack, n, named) for n in entry.get("needs", ())]
            whole = " and ".join(still) == described(pack, alternative, named)  # nothing of it done yet
            text += ": the route to take" + (f"; still to do: {'; '.join(still)}" if still and not whole else "")
        elif route is not None and number > route:
            text += ": only if every route before it is ruled out"
        lines.append(text)
    return lines


def numbered(lines: list[str]) -> list[str]:
    """`1. first`, `2. second`, …"""
    return [f"{number}. {text}" for number, text in enumerate(lines, 1)]


def need_words(pack: Pack, need: dict, named=name) -> str:
    """One thing an open route still needs (`{condition, value}` or `{condition: where, missing}`), in words."""
    if need["condition"] == "where":
        return "the question does not say " + ", ".join(f"`{m}`" for m in need["missing"])
    return phrase(pack, need["condition"], need["value"], named) + entry_more(need)


def condition_words(pack: Pack, conditions: tuple[Condition, ...]) -> list[str]:
    """A rule's conditions in words, one string each."""
    from vires.engine.conditions import describe

    return [described(pack, describe(c)) for c in conditions]


def entry_words(pack: Pack, entry: dict, named=name) -> str:
    """An outstanding condition or obligation of an answer in words (its rule is the caller's to cite)."""
    if entry["condition"] == "where":
        text = _where_words(pack, entry, entry["missing"])
    elif entry["condition"] == "any" and entry.get("ruled_out"):
        left = entry.get("left", entry["value"]) or []
        if len(left) > 1:
            text = phrase(pack, "any", left, named)
        else:
            text = described(pack, left[0], named) if left else "none of the alternatives can now be met"
        out = "; ".join(
            described(pack, o["alternative"], named) + (f" ({o['note']})" if o.get("note") else "")
            for o in entry["ruled_out"]
        )
        text += f" (ruled out by the facts given: {out})"
    elif entry["condition"] == "first_of" and "ruled_out" in entry:
        text = "the first of these routes that the facts do not rule out, in this order: " + "; ".join(
            numbered(routes_words(pack, entry, named))
        )
    else:
        text = phrase(pack, entry["condition"], entry["value"], named) + entry_more(entry)
    return text + (" (advice)" if entry.get("advisory") else "")


def _where_words(pack: Pack, entry: dict, missing: list[str]) -> str:
    """What a rule needs of the facts a question leaves out: its own `where`, or its conditions'."""
    rule = pack.rule_named(entry)
    parts = []
    if rule is not None:
        where = getattr(rule, "where", None)
        tests = [t for t in where.tests if t.fact in missing] if where else []
        if tests:
            lead = "if" if rule.kind in ("requirement", "prohibition") else "only where"
            parts.append(f"{lead} {tests_words(tests)}")
            if rule.kind == "requirement":
                parts[-1] += ": " + "; ".join(condition_words(pack, rule.conditions))
            elif rule.kind == "prohibition":
                parts[-1] += ": prohibited" + (f" ({rule.reason})" if rule.reason else "")
        for condition in getattr(rule, "conditions", ()):
            if any(t.fact in missing for t in condition.where.tests):
                parts.append(condition_words(pack, (condition,))[0])
    return "; ".join(parts) or "depends on " + ", ".join(missing)
