"""Conditions (SPEC 3.2): which are still outstanding before deciding, and which obligations follow."""

from __future__ import annotations

import datetime as dt
from typing import Mapping

from vires.pack.model import Condition
from vires.values import BOOLEAN, DATE, NUMBER, TEXT, show

BLOCKING_KEYS = ("consult", "approval_of", "notice_days", "quorum", "in_public", "within_budget")
OBLIGATION_KEYS = ("report_to", "have_regard_to", "decides_by")


class Needs:
    """What one chain still needs: outstanding entries and obligations, in a stable order.

    Facts missing for one rule are merged into one `where` entry (SPEC 3.2, counting outstanding).
    """

    def __init__(self) -> None:
        self.outstanding: list[dict] = []
        self.obligations: list[dict] = []
        self._where: dict[str, dict] = {}
        self._seen: set = set()

    def missing(self, rule: str, facts) -> None:
        entry = self._where.get(rule)
        if entry is None:
            entry = self._where[rule] = {"condition": "where", "missing": [], "rule": rule}
            self.outstanding.append(entry)
        for fact in facts:
            if fact not in entry["missing"]:
                entry["missing"].append(fact)

    def unmet(self, condition: str, value, rule: str) -> None:
        key = (condition, rule, repr(value))
        if key not in self._seen:
            self._seen.add(key)
            self.outstanding.append({"condition": condition, "value": value, "rule": rule})

    def obligation(self, condition: str, value, rule: str, advisory: bool = False) -> None:
        key = ("obligation", condition, rule, repr(value), advisory)
        if key in self._seen:
            return
        self._seen.add(key)
        entry = {"condition": condition, "value": value, "rule": rule}
        if advisory:
            entry["advisory"] = True
        self.obligations.append(entry)

    def count(self) -> int:
        return len(self.outstanding)


def apply_conditions(needs: Needs, rule: str, conditions, facts: Mapping[str, tuple], date: dt.date) -> None:
    """Add what `conditions` of `rule` leave outstanding, and their obligations, to `needs`."""
    for condition in conditions:
        holds, failed, missing = condition.where.evaluate(facts)
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
        if still is None:
            continue
        if advisory:
            needs.obligation(key, still, rule, advisory=True)
        else:
            needs.unmet(key, still, rule)
    if condition.any and not any(_alternative_met(alt, facts, date) for alt in condition.any):
        alternatives = [describe(alt) for alt in condition.any]
        if advisory:
            needs.obligation("any", alternatives, rule, advisory=True)
        else:
            needs.unmet("any", alternatives, rule)
    for key, value in obligation_parts(condition):
        needs.obligation(key, value, rule, advisory=advisory)


def blocking_parts(condition: Condition):
    """The blocking keys a condition sets, as (key, value) pairs."""
    if condition.consult:
        yield "consult", list(condition.consult)
    if condition.approval_of:
        yield "approval_of", list(condition.approval_of)
    if condition.notice_days is not None:
        yield "notice_days", condition.notice_days
    if condition.quorum is not None:
        yield "quorum", condition.quorum
    if condition.in_public:
        yield "in_public", True
    if condition.within_budget:
        yield "within_budget", True


def obligation_parts(condition: Condition):
    for body, every in condition.report_to:
        yield "report_to", body if every is None else {"body": body, "every": every}
    for target in condition.have_regard_to:
        yield "have_regard_to", target
    if condition.decides_by:
        yield "decides_by", condition.decides_by


def _still_needed(key: str, value, facts: Mapping[str, tuple], date: dt.date):
    """None when the facts meet the key; otherwise what is still missing."""
    if key in ("consult", "approval_of"):
        given = {v for tag, v in facts.get("consulted" if key == "consult" else "approved_by", ()) if tag == TEXT}
        left = [body for body in value if body not in given]
        return left or None
    if key == "notice_days":
        for tag, notice in facts.get("notice_given", ()):
            if tag == DATE and (date - notice).days - 1 >= value:
                return None
        return value
    if key == "quorum":
        for tag, present in facts.get("present", ()):
            if tag == NUMBER and present >= value:
                return None
        return value
    fact = "in_public" if key == "in_public" else "within_budget"
    if (BOOLEAN, True) in facts.get(fact, ()):
        return None
    return True


def _alternative_met(condition: Condition, facts, date) -> bool:
    holds, _failed, _missing = condition.where.evaluate(facts)
    if not holds:
        return False
    if any(_still_needed(k, v, facts, date) is not None for k, v in blocking_parts(condition)):
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
    if condition.any:
        described["any"] = [describe(a) for a in condition.any]
    if not condition.blocking:
        described["blocking"] = False
    return described


def _test_json(test):
    from vires.values import to_json

    if test.op == "eq":
        return to_json(test.values[0])
    if test.op == "in":
        return {"in": [to_json(v) for v in test.values]}
    return {test.op: to_json(test.values[0])}


def show_facts(facts: Mapping[str, tuple]) -> str:
    return ", ".join(f"{k} = {', '.join(show(v) for v in vs)}" for k, vs in sorted(facts.items()))
