"""`lint_rules`, the checks of one rule at a time over chains already derived (what `vires diff` runs on the rules a
draft adds or rewrites), finds on each rule exactly what the whole `lint` finds there: on random packs and random
sets of rules (a property test), and on every rule of each shipped pack.

The whole lint derives again without the revoked delegations; `lint_rules` reads the chains `vires.api.derive`
gave (revoked delegations included) and leaves out those through a revoked one. Every finding `lint_rules` gives is
one of the whole lint's at that rule; every finding of the whole lint at a rule that a check of that rule alone
makes (those `vires diff` shows as unworkable, an expired delegation still in force, a limit above the delegator's)
is one of `lint_rules`'.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import PROPERTY, packs

from vires.api import derive
from vires.errors import Location
from vires.pack.load import load, shipped_packs
from vires.pack.model import RULE_SECTIONS, Pack
from vires.review.diff import UNWORKABLE
from vires.review.lint import lint, lint_rules

ONE_RULE_CODES = (*UNWORKABLE, "expired-in-force", "limit-above-delegator")
DATES = (dt.date(2024, 1, 1), dt.date(2026, 6, 1), dt.date(2031, 3, 1))


def _located(pack: Pack) -> Pack:
    """`pack` with each rule at a place of its own, so that the whole lint's findings say which rule they are on."""
    sections, line = {}, 0
    for section in RULE_SECTIONS:
        placed = {}
        for rule_id, rule in getattr(pack, section).items():
            line += 1
            placed[rule_id] = attrs.evolve(rule, location=Location("pack.yaml", line, 1))
        sections[section] = placed
    return attrs.evolve(pack, **sections)


def _agree(pack: Pack, date: dt.date, rules: list) -> None:
    derived = derive(pack, "native")
    found = lint_rules(pack, date, rules, derived.compiled, derived.chains)
    whole = lint(pack, date)
    assert sorted(found) == sorted(rule.id for rule in rules)
    for rule in rules:
        there = [d for d in whole if d.location == rule.location]
        assert [d for d in found[rule.id] if d not in there] == [], rule.id
        assert [d for d in there if d.code in ONE_RULE_CODES] == [
            d for d in found[rule.id] if d.code in ONE_RULE_CODES
        ], rule.id


@PROPERTY
@given(st.data())
def test_the_checks_of_some_rules_find_what_the_whole_lint_finds_on_them(data):
    pack = _located(data.draw(packs(), label="pack"))
    rules = [rule for rule in pack.rules() if data.draw(st.floats(0, 1), label="checked") < 0.6]
    _agree(pack, data.draw(st.sampled_from(DATES), label="date"), rules)


@pytest.mark.parametrize("name", sorted(shipped_packs()))
def test_the_checks_of_every_rule_of_a_shipped_pack_find_what_the_whole_lint_finds(name):
    pack = load([f"@{name}"])
    assert len({rule.location for rule in pack.rules()}) > 1  # findings at a rule's place are that rule's
    _agree(pack, dt.date(2026, 6, 1), list(pack.rules()))
