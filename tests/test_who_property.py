"""`who` as screened and counted (vires.engine.screen, `_Evaluation.holders`) lists exactly what asking every body
would, on random packs and questions (a property test).

The reference asks `run` for each (body, organisation) some chain carrying the function reaches, with every
candidate chain checked link by link and its needs gathered in full, and keeps the answers that are not denied.
"""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st
from strategies import PROPERTY, packs, questions

from vires.api import derive
from vires.engine.answer import _Evaluation
from vires.engine.resolve import resolve
from vires.pack.model import Validity


def _asked_one_by_one(rules, question) -> list[tuple]:
    authority = rules.authority
    evaluation = _Evaluation(authority, resolve(question, rules.pack))
    found = []
    for body in authority.reaching(question.decision, question.organisation):
        roots = [question.organisation] if question.organisation else authority.organisations(body, question.decision)
        for root in roots:
            verdict = evaluation.run(body, root)
            if verdict.outcome != "denied":
                chosen = verdict.valid[0]
                found.append((body, root, verdict.outcome, chosen.limit, list(chosen.chain.links)))
    return sorted(found, key=lambda f: (f[0], f[1]))


def _periods(rule) -> list:
    """A rule's own period and its dated limit's entries', as the screen reads them."""
    return [getattr(rule, "valid", None) or Validity()] + [
        Validity(start=entry.start) for entry in getattr(rule, "limits", ())
    ]


@PROPERTY
@given(st.data())
def test_who_lists_what_asking_each_body_would(data):
    pack = data.draw(packs(), label="pack")
    rules = derive(pack, "native")
    question = attrs.evolve(data.draw(questions(pack), label="question"), body=None)
    who = rules.authority.who  # link ids as the answer step knows them, before they are cited as written
    limits = sorted({e["limit"] for e in who(attrs.evolve(question, amount=None))["bodies"]} - {None})
    starts = sorted({p.start for rule in pack.rules() for p in _periods(rule)} - {None})
    asked_each = [attrs.evolve(question, amount=amount) for amount in [question.amount, None, *limits]]
    asked_each += [
        attrs.evolve(question, date=start) for start in starts
    ]  # each limit and first day: the screen's edges
    for asked in asked_each:
        listed = [
            (entry["body"], entry["organisation"], entry["outcome"], entry["limit"], entry["chain"])
            for entry in who(asked)["bodies"]
        ]
        assert sorted(listed, key=lambda f: (f[0], f[1])) == _asked_one_by_one(rules, asked), asked
