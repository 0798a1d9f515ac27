"""`vires diff` asks only the pairs downstream of what a draft changes, and finds exactly what asking every pair
finds, on random packs and drafts (a property test).

A draft is drawn as rules of a second random pack that fit the first (their functions and bodies declared there):
those sharing an id with a base rule rewrite it, the others are added, and some delegations supersede a base one
(removing it). The full comparison asks every (body, function) pair some chain reaches on either side.
"""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import PROPERTY, packs, questions

from vires.api import derive
from vires.engine import catalogue
from vires.pack.model import RULE_SECTIONS, SECTION_OF, Pack
from vires.pack.overlay import overlay
from vires.review.diff import _reach, diff, rights_changed

DRAFTED = ("power", "delegation", "reservation", "prohibition", "requirement")


def _fits(rule, base: Pack) -> bool:
    functions = getattr(rule, "functions", None) or ()
    bodies = [rule.from_, rule.to] if rule.kind == "delegation" else []
    return all(f in base.functions for f in functions) and all(b in base.bodies for b in bodies)


@st.composite
def drafts(draw, base: Pack) -> Pack:
    other = draw(packs(), label="other pack")
    chosen = [r for r in other.rules() if r.kind in DRAFTED and _fits(r, base) and draw(st.floats(0, 1)) < 0.4]
    if base.delegations:
        chosen = [
            attrs.evolve(r, supersedes=draw(st.sampled_from(sorted({d.rule_id for d in base.delegations.values()}))))
            if r.kind == "delegation" and r.id not in base.delegations and draw(st.floats(0, 1)) < 0.3
            else r
            for r in chosen
        ]
    sections: dict = {section: {} for section in RULE_SECTIONS}
    for rule in chosen:
        sections[SECTION_OF[rule.kind]][rule.id] = rule
    return Pack(**sections)


@settings(PROPERTY, max_examples=150)
@given(st.data())
def test_the_draft_reach_gives_exactly_the_full_diff(data):
    base = data.draw(packs(), label="pack")
    draft = data.draw(drafts(base), label="draft")
    after_pack, rules = overlay(base, draft)
    before, after = derive(base, "native"), derive(after_pack, "native")
    question = data.draw(questions(after_pack), label="question")
    known = set(catalogue.facts(base)) & set(catalogue.facts(after_pack))  # a fact either side refuses is left out
    question = attrs.evolve(question, facts={k: v for k, v in question.facts.items() if k in known})
    found = diff(before, after, rules, question.date, question.facts, question.include_proposed)
    everything = _reach(before) | _reach(after)
    assert found.asked <= len(everything | {(c.body, c.function) for c in found.changes})
    full = rights_changed(before, after, everything, question.date, question.facts, question.include_proposed)
    assert found.changes == full, (rules, question)
