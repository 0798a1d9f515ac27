"""The Rego peer (regopy, the rego-cpp interpreter): the fixed Cedar encoding's grants and restrictions as one data
document, one fixed policy compiled once into a bundle, one query per question.

The data are `bench.cedar_grants`' own attributes, filed by body (`grants[body]`, `restrictions[body]`, the deciding
body's quorum and valid period in `bodies[body]`) with each function's ancestors (`ancestors[function]`, so "the rule
covers the decision" is "one of the decision's ancestors is among its functions"). Rego has quantifiers, so one query
decides the question: some grant the body holds gives it, and no restriction binding the body bites. The policy states
the same terms as the Cedar policies, test for test; `tests/test_bench.py` holds the two to the same decisions.
"""

from __future__ import annotations

import json

from bench.cedar_grants import _json, context, grants, restrictions
from vires.engine.question import Question
from vires.pack.model import Pack

POLICY = """package vires

import rego.v1

covers(r) if {
	some f in data.ancestors[input.decision]
	r.functions[f]
	not excepted(r)
}

excepted(r) if {
	some f in data.ancestors[input.decision]
	r.except[f]
}

live(r) if r.status == "in-force"

live(r) if {
	r.status == "proposed"
	input.include_proposed
}

dated(r) if {
	input.date >= r.valid_from
	input.date <= r.valid_until
}

within(r) if not r.limit

within(r) if not input.amount

within(r) if input.amount <= r.limit

tests(r) if {
	every s in r.where_all { input.facts[s] }
	amount_min(r)
	amount_max(r)
}

amount_min(r) if not r.amount_min

amount_min(r) if input.amount >= r.amount_min

amount_max(r) if not r.amount_max

amount_max(r) if input.amount <= r.amount_max

given(r) if {
	every f in r.where_facts { input.given[f] }
}

parts(c) if {
	every b in c.consult { b in input.consulted }
	every b in c.approval { b in input.approved_by }
	notice(c)
	quorum(c)
	flag(c, "in_public")
	flag(c, "within_budget")
}

notice(c) if not c.notice_days

notice(c) if input.date - input.notice_given - 1 >= c.notice_days

quorum(c) if not c.quorum

quorum(c) if input.present >= c.quorum

flag(c, key) if not c[key]

flag(c, key) if input[key] == true

alternatives(c) if c.alt0 == {}

alternatives(c) if {
	some i in ["alt0", "alt1", "alt2"]
	parts(c[i])
}

met(c) if {
	parts(c)
	alternatives(c)
}

decider if {
	body := data.bodies[input.body]
	decider_quorum(body)
	input.date >= body.valid_from
	input.date <= body.valid_until
}

decider_quorum(body) if body.quorum == 0

decider_quorum(body) if input.present >= body.quorum

granted if {
	some g in data.grants[input.body]
	covers(g)
	live(g)
	dated(g)
	within(g)
	tests(g)
	met(g.conditions)
}

bites(r) if not given(r)

bites(r) if {
	tests(r)
	not r.requires
}

bites(r) if {
	tests(r)
	r.requires
	not met(r.conditions)
}

restricted if {
	some r in data.restrictions[input.body]
	covers(r)
	live(r)
	dated(r)
	within(r)
	bites(r)
}

default allow := false

allow if {
	granted
	decider
	not restricted
}
"""


def document(pack: Pack, granted=None) -> dict:
    """The data document: grants and restrictions by body, the bodies' decider terms, each function's ancestors."""
    from vires.pack.selectors import BodyIndex

    select = BodyIndex(pack.bodies).select_any
    granted = grants(pack, select) if granted is None else granted
    filed: dict = {"grants": {}, "restrictions": {}}
    for key, rows, to in (("grants", granted, "holders"), ("restrictions", restrictions(pack, select), "targets")):
        for _uid, attrs in rows:
            plain = _json({k: v for k, v in attrs.items() if k != to})
            for name in ("functions", "except"):  # sets as objects: a lookup, not a scan
                plain[name] = dict.fromkeys(plain[name], True)
            for body in attrs[to]:
                filed[key].setdefault(body, []).append(plain)
    bodies = {}
    for body in pack.bodies.values():
        bodies[body.id] = {
            "quorum": body.quorum or 0,
            "valid_from": body.valid.start.toordinal() if body.valid.start else 0,
            "valid_until": body.valid.until.toordinal() if body.valid.until else 99_999_999,
        }
    ancestors = {}
    for function in pack.functions:
        line, at = [], function
        while at:
            line.append(at)
            at = pack.functions[at].parent if at in pack.functions else None
        ancestors[function] = line
    return {**filed, "bodies": bodies, "ancestors": ancestors}


class Peer:
    """regopy with the data document loaded and the policy compiled with it into a bundle once, ahead; one query per
    question."""

    def __init__(self, pack: Pack, granted=None):
        import regopy

        self.rego = regopy.Interpreter()
        self.rego.add_data_json(json.dumps(document(pack, granted)))
        self.rego.add_module("vires", POLICY)
        self.bundle = self.rego.build(None, ["vires/allow"])

    def ask(self, question: Question) -> bool:
        found = context(question)
        found["body"] = question.body
        found["decision"] = question.decision
        for key in ("facts", "given"):
            found[key] = dict.fromkeys(found[key], True)
        self.rego.set_input_term(json.dumps(found))
        return _allowed(json.loads(str(self.rego.query_bundle_entrypoint(self.bundle, "vires/allow"))))


def _allowed(value) -> bool:
    """The `allow` rule's value from regopy's output (`{"expressions": [true]}`)."""
    if isinstance(value, dict) and "expressions" in value:
        value = value["expressions"][0]
    if not isinstance(value, bool):
        raise RuntimeError(f"rego gave no decision: {value!r}")
    return value
