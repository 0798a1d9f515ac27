"""No fact the user gives is silently dropped, on random packs and questions (a property test).

- every fact a rule of the pack tests, and every fact a condition kind meets, is listed by `vires list facts`
  (the catalogue);
- every listed fact with a value of its type is accepted;
- a fact the answer lists under `unused_facts` changes nothing when left out;
- in an answer that is not denied, every other fact changes the answer for some value of its type, or when
  left out. (A denied answer may count as read a fact that a prohibition tests while another prohibition, or
  a failed chain, already denies: "used" is judged rule by rule, not against every other reason at once.)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from strategies import AREAS, packs, questions

from vires.api import derive
from vires.engine import catalogue
from vires.pack.condition_kinds import KINDS
from vires.values import BOOLEAN, DATE, NUMBER, TEXT


def _tested(pack) -> set[str]:
    """The facts the pack's rules test, found without the catalogue: every `where` test and condition kind."""
    found = {kind.fact for kind in KINDS.values() if kind.fact}
    todo = [c for rule in pack.rules() for c in getattr(rule, "conditions", ())]
    found |= {t.fact for rule in pack.rules() if getattr(rule, "where", None) for t in rule.where.tests}
    while todo:
        condition = todo.pop()
        found |= {t.fact for t in condition.where.tests}
        todo.extend(condition.any)
    return found


def _variants(fact: catalogue.Fact, pack, date: dt.date) -> list[tuple]:
    """Other values of the fact's types to try: each differs from the rest in a way some rule could see."""
    values: list[tuple] = []
    for kind in fact.types:
        if kind == "body":
            values += [((TEXT, b),) for b in sorted(pack.bodies)]  # each alone,
            values.append(tuple((TEXT, b) for b in sorted(pack.bodies)))  # and all at once
        elif kind == NUMBER:
            values += [((NUMBER, Decimal(n)),) for n in (0, 1, 2, 3, 4, 5, 6, 10, 1_000_000)]
        elif kind == DATE:
            values += [((DATE, date - dt.timedelta(days=d)),) for d in (-1, 1, 3, 7, 30, 400)]
        elif kind == BOOLEAN:
            values += [((BOOLEAN, True),), ((BOOLEAN, False),)]
        else:
            values += [((TEXT, a),) for a in AREAS]
    return values


def _without_question(answer: dict) -> dict:
    return {k: v for k, v in answer.items() if k not in ("question", "unused_facts")}


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),  # packs shrink slowly; a failure prints whole
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_every_fact_is_listed_accepted_and_used_or_said_unused(data):
    """The catalogue lists what the rules test; listed facts are accepted; a fact matters or is said not to."""
    pack = data.draw(packs(), label="pack")
    listed = catalogue.facts(pack)
    assert _tested(pack) <= set(listed)
    rules = derive(pack, "native")
    question = data.draw(questions(pack), label="question")
    answer = rules.ask(question)  # every fact the strategy gives is listed, so none may be refused
    unused = set(answer.get("unused_facts", ()))
    assert unused <= set(question.facts)
    for name in sorted(question.facts):
        without = rules.ask(attrs.evolve(question, facts={k: v for k, v in question.facts.items() if k != name}))
        if name in unused:
            assert _without_question(without) == _without_question(answer), name
            continue
        if answer["outcome"] == "denied":
            continue
        answers = [without] + [
            rules.ask(attrs.evolve(question, facts={**question.facts, name: value}))
            for value in _variants(listed[name], pack, question.date)
        ]
        assert any(_without_question(a) != _without_question(answer) for a in answers), (name, question)
