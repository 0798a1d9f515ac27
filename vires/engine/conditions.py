"""Conditions (SPEC 3.2): which are still outstanding before deciding, and which obligations follow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from vires.pack.condition_kinds import KINDS
from vires.pack.model import ALWAYS, Condition
from vires.values import Where, show, to_json


class ReadFacts(dict):
    """A question's facts that note each fact a rule's outcome turns on, so an answer can say which it did not use.

    A condition kind's fact counts as read when the kind is evaluated. A `where` counts its facts as read
    only where one of them, changed, could change its result: every fact given when no test fails (it
    holds, or waits on a missing fact); the failing fact when exactly one fact fails it; none when two
    facts fail it (no single fact changed would make it hold).
    """

    def __init__(self, facts: Mapping[str, tuple]):
        super().__init__(facts)
        self.read: set[str] = set()
        self._plain = dict(facts)  # read without noting, to judge which facts decide a `where`

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key) -> bool:
        self.read.add(key)
        return super().__contains__(key)

    def evaluate(self, where: Where) -> tuple[bool, tuple, tuple[str, ...]]:
        holds, failed, missing = where.evaluate(self._plain)
        failing = {test.fact for test in failed}
        if not failing:  # it holds, or waits on a missing fact: any fact given, changed, could make it fail
            self.read.update(test.fact for test in where.tests if test.fact in self._plain)
        elif len(failing) == 1:  # one fact alone makes it fail: another value could change that
            self.read.update(failing)
        return holds, failed, missing


def evaluate(where: Where, facts: Mapping[str, tuple]) -> tuple[bool, tuple, tuple[str, ...]]:
    """`where.evaluate(facts)`, noting the facts it turns on when `facts` keeps such a note."""
    if isinstance(facts, ReadFacts):
        return facts.evaluate(where)
    return where.evaluate(facts)


class Needs:
    """What one chain still needs: outstanding entries and obligations, in a stable order.

    Facts missing for one rule are merged into one `where` entry (SPEC 3.2, counting outstanding).
    """

    def __init__(self) -> None:
        self.outstanding: list[dict] = []
        self.obligations: list[dict] = []
        self.met: list[dict] = []  # blocking conditions the facts meet, each with the facts that meet it
        self._where: dict[str, dict] = {}
        self._seen: set = set()
        self.keys: set = set()  # what tells the outstanding entries apart: as many as `outstanding` holds

    def missing(self, rule: str, facts) -> None:
        entry = self._where.get(rule)
        if entry is None:
            entry = self._where[rule] = {"condition": "where", "missing": [], "rule": rule}
            self.outstanding.append(entry)
            self.keys.add(("where", rule))
        for fact in facts:
            if fact not in entry["missing"]:
                entry["missing"].append(fact)

    def unmet(
        self,
        condition: str,
        value,
        rule: str,
        given: dict | None = None,
        note: str | None = None,
        ruled_out: list | None = None,
        left: list | None = None,
        more: dict | None = None,
    ) -> None:
        """A blocking condition not met; `given` the facts read for it that fell short, and `note` says how;
        `ruled_out` the alternatives of an `any` that the facts given rule out, `left` the others reduced to what
        each still needs; `more` what a kind computes (`last_notice_day`) or how ordered fallbacks stand
        (`route`, `ruled_out`, `needs`)."""
        key = (condition, rule, repr(value))
        if key not in self._seen:
            self._seen.add(key)
            self.keys.add(key)
            entry = {"condition": condition, "value": value, "rule": rule}
            entry.update(more or {})
            if given:
                entry["given"] = given
            if note:
                entry["note"] = note
            if left is not None:
                entry["left"] = left
            if ruled_out:
                entry["ruled_out"] = ruled_out
            self.outstanding.append(entry)

    def satisfied(self, condition: str, value, rule: str, by: dict, more: dict | None = None) -> None:
        """A blocking condition the facts `by` meet (`more`: the fallback that met it, and those ruled out)."""
        key = ("met", condition, rule, repr(value))
        if key not in self._seen:
            self._seen.add(key)
            self.met.append({"condition": condition, "value": value, "rule": rule, "by": by, **(more or {})})

    def obligation(self, condition: str, value, rule: str, advisory: bool = False, due: str | None = None) -> None:
        """An obligation after (or in) deciding; `due` the ISO date it falls due, where computable."""
        key = ("obligation", condition, rule, repr(value), advisory)
        if key in self._seen:
            return
        self._seen.add(key)
        entry = {"condition": condition, "value": value, "rule": rule}
        if due is not None:
            entry["due"] = due
        if advisory:
            entry["advisory"] = True
        self.obligations.append(entry)

    def count(self) -> int:
        return len(self.outstanding)


def apply_conditions(needs: Needs, rule: str, conditions, facts: Mapping[str, tuple], date: dt.date) -> None:
    """Add what `conditions` of `rule` leave outstanding, and their obligations, to `needs`.

    A condition outside its `valid` period does not apply, like one whose `where` fails.
    """
    for condition in conditions:
        if condition.valid.check(date):
            continue
        holds, failed, missing = evaluate(condition.where, facts)
        if failed:
            continue  # the condition does not apply to this decision, whatever facts it also lacks
        if missing and condition.blocking:
            needs.missing(rule, missing)
            continue
        _apply_one(needs, rule, condition, facts, date)


def _apply_one(needs: Needs, rule: str, condition: Condition, facts, date) -> None:
    advisory = not condition.blocking
    for key, value in blocking_parts(condition):
        still = _still_needed(key, value, facts, date)
        given = _given(key, facts)
        if still is None:
            needs.satisfied(key, value, rule, given)
        elif advisory:
            needs.obligation(key, still, rule, advisory=True)
        else:
            kind = KINDS[key]
            note = kind.shortfall(value, facts.get(kind.fact or "", ()), date) if given and kind.shortfall else None
            needs.unmet(key, still, rule, given, note, more=kind.detail(value, date) if kind.detail else None)
    if condition.any:
        alternatives = [describe(alt) for alt in condition.any]
        # An alternative that asks for nothing before deciding is always met: then no fact bears on the group.
        unconditional = next((alt for alt in condition.any if _asks_nothing(alt)), None)
        met = unconditional or next((alt for alt in condition.any if _alternative_met(alt, facts, date)), None)
        if met is not None:
            needs.satisfied("any", alternatives, rule, _given_for(met, facts, date))
        elif advisory:
            needs.obligation("any", alternatives, rule, advisory=True)
        else:
            given, notes = _shortfalls(condition.any, facts, date)
            left, ruled_out = reduce_alternatives(condition.any, facts, date)
            needs.unmet("any", alternatives, rule, given, "; ".join(notes) or None, ruled_out, left)
    if condition.first_of:
        _apply_first_of(needs, rule, condition, facts, date)
    for key, value in obligation_parts(condition):
        due = KINDS[key].due
        when = due(value, date) if due else None
        needs.obligation(key, value, rule, advisory=advisory, due=when.isoformat() if when else None)


def _apply_first_of(needs: Needs, rule: str, condition: Condition, facts, date) -> None:
    """Ordered fallbacks: the first route not ruled out by a fact given is the one to take (or met)."""
    fallbacks = [describe(alt) for alt in condition.first_of]
    state, route, ruled_out = first_route(condition.first_of, facts, date)
    more: dict = {"route": None if route is None else route + 1, "ruled_out": ruled_out}
    if state == "met":
        assert route is not None
        needs.satisfied("first_of", fallbacks, rule, _given_for(condition.first_of[route], facts, date), more)
    elif not condition.blocking:
        needs.obligation("first_of", fallbacks, rule, advisory=True)
    else:
        given: dict = {}
        for out in ruled_out:
            given.update(out["by"])
        if route is not None:
            more["needs"] = still_needed(condition.first_of[route], facts, date)
            given.update(_given_for_parts(condition.first_of[route], facts))
        note = None if route is not None else "every route is ruled out by the facts given"
        needs.unmet("first_of", fallbacks, rule, given, note, more=more)


def first_route(fallbacks, facts: Mapping[str, tuple], date: dt.date) -> tuple[str, int | None, list[dict]]:
    """How ordered fallbacks stand: (`met` or `open` with the index of the route to take, or `ruled-out` with
    None), and each route ruled out before it as `{route, by, note}` (1-based, the facts that rule it out)."""
    ruled_out: list[dict] = []
    for index, fallback in enumerate(fallbacks):
        state, by, notes = route_state(fallback, facts, date)
        if state != "ruled-out":
            return state, index, ruled_out
        ruled_out.append({"route": index + 1, "by": by, "note": "; ".join(notes)})
    return "ruled-out", None, ruled_out


def route_state(condition: Condition, facts: Mapping[str, tuple], date: dt.date) -> tuple[str, dict, list[str]]:
    """`met`, `open` or `ruled-out` for one alternative, with the facts that rule it out and how.

    Only a fact given rules a route out: a `where` it fails, the decision date outside its `valid`
    period, or a given fact that fails a kind that is `final` (a notice given too late). A fact that
    is merely missing, or bodies not yet consulted, leave it open. Today's date is never read.
    """
    if condition.valid.check(date):
        return "ruled-out", {"date": [date.isoformat()]}, [f"it applies only {condition.valid.words()}"]
    holds, failed, missing = evaluate(condition.where, facts)
    if failed:
        failing = {t.fact: [to_json(v) for v in facts.get(t.fact, ())] for t in failed}
        return "ruled-out", failing, ["it applies only where " + "; ".join(t.describe() for t in failed)]
    by: dict = {}
    notes: list[str] = []
    is_open = bool(missing)
    for key, value in blocking_parts(condition):
        if _still_needed(key, value, facts, date) is None:
            continue
        kind, given = KINDS[key], _given(key, facts)
        if kind.final and given:
            by.update(given)
            if kind.shortfall:
                notes.append(kind.shortfall(value, facts[kind.fact or ""], date))
        else:
            is_open = True
    for nested, ordered in ((condition.any, False), (condition.first_of, True)):
        if not nested:
            continue
        if ordered:
            state, _route, ruled = first_route(nested, facts, date)
            inner = [(r["by"], [r["note"]]) for r in ruled]
        else:
            states = [route_state(alt, facts, date) for alt in nested]
            state = "met" if any(s == "met" for s, _, _ in states) else "open"
            if all(s == "ruled-out" for s, _, _ in states):
                state = "ruled-out"
            inner = [(b, n) for _s, b, n in states]
        if state == "ruled-out":
            for found, said in inner:
                by.update(found)
                notes.extend(n for n in said if n and n not in notes)
        elif state == "open":
            is_open = True
    if by:
        return "ruled-out", by, notes
    return ("open" if is_open else "met"), {}, []


def still_needed(condition: Condition, facts: Mapping[str, tuple], date: dt.date) -> list[dict]:
    """What an open route still needs: each kind not yet met `{condition, value}`, and facts its `where` lacks."""
    found: list[dict] = []
    _holds, _failed, missing = evaluate(condition.where, facts)
    if missing:
        found.append({"condition": "where", "missing": list(missing)})
    for key, value in blocking_parts(condition):
        still = _still_needed(key, value, facts, date)
        if still is not None:
            entry = {"condition": key, "value": still}
            detail = KINDS[key].detail
            entry.update(detail(value, date) if detail else {})
            found.append(entry)
    if condition.any and not any(_alternative_met(a, facts, date) for a in condition.any):
        found.append({"condition": "any", "value": [describe(a) for a in condition.any]})
    if condition.first_of and first_route(condition.first_of, facts, date)[0] != "met":
        found.append({"condition": "first_of", "value": [describe(a) for a in condition.first_of]})
    return found


def _shortfalls(alternatives, facts: Mapping[str, tuple], date: dt.date) -> tuple[dict, list[str]]:
    """For unmet alternatives: the facts given for their kinds, and how each given fact falls short."""
    given: dict = {}
    notes: list[str] = []
    for alternative in alternatives:
        for key, value in blocking_parts(alternative):
            kind, found = KINDS[key], _given(key, facts)
            if not found or _still_needed(key, value, facts, date) is None:
                continue
            given.update(found)
            note = kind.shortfall(value, facts[kind.fact or ""], date) if kind.shortfall else None
            if note and note not in notes:
                notes.append(note)
    return given, notes


def reduce_alternatives(alternatives, facts: Mapping[str, tuple], date: dt.date) -> tuple[list[dict], list[dict]]:
    """Unmet alternatives reduced to what is still missing, and those the facts given rule out.

    An alternative is ruled out by a `where` the facts fail, or by a final kind (`ConditionKind.final`)
    whose fact is given and falls short: each as `{alternative, by, note}`, `by` the facts that rule it
    out. Each other alternative keeps only what is still needed: the parts the facts do not meet (the
    bodies not yet consulted), its obligations, a `where` on the facts the question lacks.
    """
    left: list[dict] = []
    ruled_out: list[dict] = []
    for alternative in alternatives:
        holds, failed, missing = evaluate(alternative.where, facts)
        if failed:
            by = {t.fact: [to_json(v) for v in facts.get(t.fact, ())] for t in failed}
            ruled_out.append(
                {"alternative": describe(alternative), "by": by, "note": "it applies only " + _where_words(failed)}
            )
            continue
        reduced: dict = {}
        out = None
        for key, value in blocking_parts(alternative):
            still = _still_needed(key, value, facts, date)
            if still is None:
                continue
            kind = KINDS[key]
            found = _given(key, facts)
            if kind.final and found:
                note = kind.shortfall(value, facts[kind.fact or ""], date) if kind.shortfall else None
                out = {"alternative": describe(alternative), "by": found, **({"note": note} if note else {})}
                break
            reduced[key] = still
        if out is not None:
            ruled_out.append(out)
            continue
        for key, value in obligation_parts(alternative):
            reduced.setdefault(key, value)
        if missing:
            reduced["where"] = {t.fact: _test_json(t) for t in alternative.where.tests if t.fact in missing}
        if alternative.any and not any(_alternative_met(a, facts, date) for a in alternative.any):
            reduced["any"] = [describe(a) for a in alternative.any]
        left.append(reduced)
    return left, ruled_out


def _where_words(tests) -> str:
    """Failed `where` tests, briefly: `where amount is at least 500000`."""
    shown = []
    for test in tests:
        value = _test_json(test)
        if isinstance(value, dict) and set(value) == {"min", "max"}:
            shown.append(f"{test.fact} is from {value['min']} to {value['max']}")
        elif isinstance(value, dict):
            ((op, bound),) = value.items()
            words = {"max": "at most", "min": "at least", "in": "one of"}[op]
            shown.append(f"{test.fact} is {words} {bound}")
        else:
            shown.append(f"{test.fact} is {value}")
    return "where " + " and ".join(shown)


def _given(key: str, facts: Mapping[str, tuple]) -> dict:
    """The facts given for the kind `key` (`{"present": [2]}`), as JSON; empty when none were given."""
    fact = KINDS[key].fact
    return {fact: [to_json(v) for v in facts[fact]]} if fact and fact in facts else {}


def _given_for(condition: Condition, facts: Mapping[str, tuple], date: dt.date) -> dict:
    """The facts that met a condition (its kinds' facts, the facts its `where` held on, and those of the
    alternative that met its `any` or the route that met its `first_of`)."""
    found = _given_for_parts(condition, facts)
    found.update({t.fact: [to_json(v) for v in facts[t.fact]] for t in condition.where.tests if t.fact in facts})
    met = next((alt for alt in condition.any if _alternative_met(alt, facts, date)), None)
    if met is not None:
        found.update(_given_for(met, facts, date))
    if condition.first_of:
        state, route, _ruled = first_route(condition.first_of, facts, date)
        if state == "met" and route is not None:
            found.update(_given_for(condition.first_of[route], facts, date))
    return found


def _given_for_parts(condition: Condition, facts: Mapping[str, tuple]) -> dict:
    """The facts given for a condition's own kinds."""
    found: dict = {}
    for key, _value in blocking_parts(condition):
        found.update(_given(key, facts))
    return found


def blocking_parts(condition: Condition):
    """The blocking kinds a condition gives, as (key, JSON value) pairs."""
    for key, value in condition.parts:
        kind = KINDS[key]
        if kind.blocking:
            for entry in kind.entries(value):
                yield key, entry


def obligation_parts(condition: Condition):
    """The obligations a condition gives, as (key, JSON value) pairs: one for each body or item."""
    for key, value in condition.parts:
        kind = KINDS[key]
        if not kind.blocking:
            for entry in kind.entries(value):
                yield key, entry


def _still_needed(key: str, value, facts: Mapping[str, tuple], date: dt.date):
    """None when the facts meet the kind; otherwise what is still missing."""
    met = KINDS[key].met
    assert met is not None, f"`{key}` obliges after deciding; it is never met before"
    return met(value, facts, date)


def _asks_nothing(condition: Condition) -> bool:
    """A condition with no blocking kind, no `where` and no period, whose alternatives (if any) include one that
    asks nothing, and whose ordered fallbacks (if any) start with one that asks nothing."""
    if condition.where or condition.valid != ALWAYS or any(True for _ in blocking_parts(condition)):
        return False
    if condition.first_of and not _asks_nothing(condition.first_of[0]):
        return False
    return not condition.any or any(_asks_nothing(alt) for alt in condition.any)


def _alternative_met(condition: Condition, facts, date) -> bool:
    if condition.valid.check(date):
        return False
    holds, _failed, _missing = evaluate(condition.where, facts)
    if not holds:
        return False
    if any(_still_needed(k, v, facts, date) is not None for k, v in blocking_parts(condition)):
        return False
    if condition.first_of and first_route(condition.first_of, facts, date)[0] != "met":
        return False
    return not condition.any or any(_alternative_met(a, facts, date) for a in condition.any)


def describe(condition: Condition) -> dict:
    """A condition as plain JSON, keys as written in packs."""
    described: dict = {}
    for key, value in blocking_parts(condition):
        described[key] = value
    for key, value in obligation_parts(condition):
        described.setdefault(key, value)
    if condition.where:
        described["where"] = {t.fact: _test_json(t) for t in condition.where.tests}
    if condition.valid.start or condition.valid.until:
        described["valid"] = {
            key: day.isoformat()
            for key, day in (("from", condition.valid.start), ("until", condition.valid.until))
            if day is not None
        }
    if condition.any:
        described["any"] = [describe(a) for a in condition.any]
    if condition.first_of:
        described["first_of"] = [describe(a) for a in condition.first_of]
    if not condition.blocking:
        described["blocking"] = False
    return described


def _test_json(test):
    from vires.values import to_json

    if test.op == "eq":
        return to_json(test.values[0])
    if test.op == "in":
        return {"in": [to_json(v) for v in test.values]}
    if test.op == "range":
        return {"min": to_json(test.values[0]), "max": to_json(test.values[1])}
    return {test.op: to_json(test.values[0])}


def show_facts(facts: Mapping[str, tuple]) -> str:
    return ", ".join(f"{k} = {', '.join(show(v) for v in vs)}" for k, vs in sorted(facts.items()))
