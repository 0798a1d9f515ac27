"""Conditions in words, for tables, tooltips and answers: one wording wherever vires explains a condition."""

from __future__ import annotations

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
    if key == "where":
        return "where " + " and ".join(_test(fact, test) for fact, test in value.items())
    return f"{key} {value}"


def _test(fact: str, test) -> str:
    """A `where` test (as packs write it) in words; amounts in pounds."""
    show = lambda v: format_amount(int(v)) if fact == "amount" and isinstance(v, (int, float)) else str(v)  # noqa: E731
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
    words = [phrase(pack, k, v, named) for k, v in condition.items() if k not in ("where", "blocking", "any")]
    if "any" in condition:
        words.append(phrase(pack, "any", condition["any"], named))
    text = " and ".join(words) or "a condition"
    if "where" in condition:
        text = phrase(pack, "where", condition["where"]) + ": " + text
    return text + (" (advice)" if condition.get("blocking") is False else "")


def condition_words(pack: Pack, conditions: tuple[Condition, ...]) -> list[str]:
    """A rule's conditions in words, one string each."""
    from vires.engine.conditions import describe

    return [described(pack, describe(c)) for c in conditions]


def entry_words(pack: Pack, entry: dict, named=name) -> str:
    """An outstanding condition or obligation of an answer in words (its rule is the caller's to cite)."""
    if entry["condition"] == "where":
        text = _where_words(pack, entry["rule"], entry["missing"])
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
    else:
        text = phrase(pack, entry["condition"], entry["value"], named)
    return text + (" (advice)" if entry.get("advisory") else "")


def _where_words(pack: Pack, rule_id: str, missing: list[str]) -> str:
    """What a rule needs of the facts a question leaves out: its own `where`, or its conditions'."""
    rule = pack.rule(rule_id)
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
