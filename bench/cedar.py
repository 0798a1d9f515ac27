"""The peer: the same pack encoded for Cedar (cedarpy), answering the same may-questions.

Encoding (what a Cedar author would write for a scheme of delegation):

- entities: every body is a `Body` with its attributes (kind, type, level, statutory, part_of,
  quorum, valid period as day numbers) and its `part_of` body as parent, so `principal in
  Body::"x"` is `within: x`; every function is an `Action` whose parent is the function above it,
  so `action in Action::"a.b"` is "covers `a.b`"; one resource, `Decision::"decision"`;
- one `permit` per power (its holder selector as a condition on `principal`) and per delegation not
  revoked (`principal == Body::"<to>"`), each with its functions as an action list, `except` as an
  `unless`, `context.amount <= limit`, its validity dates, its status (`proposed` only with
  `context.include_proposed`), its `where` tests and its blocking conditions as tests on the facts
  (consulted, approved_by, present, notice_given, in_public, within_budget), the deciding body's
  quorum, and the deciding body's own valid period;
- one `forbid` per prohibition, per requirement (its conditions unmet, or its `where` facts
  missing) and per exclusive delegation (its delegator, within its limit and `where`).

A question is `Allow` where vires says `permitted`; `conditional` and `denied` are both `Deny`
(Cedar has no "yes, once these conditions are met"). What Cedar cannot express: the chain (a
delegation's permit stands whether or not its delegator holds the function on that date, within
what limit), so no limit as the minimum along a chain, no `delegable` (sub-delegation only through
the entity hierarchy), no reservations, no residual delegations, prohibitions only on the decider,
and no explanation: no chain, no outstanding conditions, no why-not beyond the ids of the
policies that determined the decision.
"""

from __future__ import annotations

import json

from vires.engine.question import Question
from vires.pack.model import Body, Condition, Pack, Selector, Validity, covers
from vires.pack.selectors import BodyIndex
from vires.values import BOOLEAN, DATE, NUMBER, Where

RESOURCE = 'Decision::"decision"'
SETS = ("consulted", "approved_by")  # facts with several values: Cedar sets
NEVER, FOREVER = 0, 99_999_999


def _text(value: str) -> str:
    return json.dumps(value)


def _literal(value) -> str:
    tag, python = value
    if tag == NUMBER:
        return str(int(python))
    if tag == DATE:
        return str(python.toordinal())
    if tag == BOOLEAN:
        return "true" if python else "false"
    return _text(python)


def _actions(functions) -> str:
    return "[" + ", ".join(f"Action::{_text(f)}" for f in functions) + "]"


def _any(parts: list[str]) -> str:
    return "false" if not parts else parts[0] if len(parts) == 1 else "(" + " || ".join(parts) + ")"


def _all(parts: list[str]) -> str:
    return "true" if not parts else " && ".join(parts)


def _selector(selector: Selector) -> str:
    parts = []
    for key in ("kind", "type", "level", "part_of"):
        values = getattr(selector, key)
        if values is not None:
            parts.append(_any([f"principal.{key} == {_text(v)}" for v in values]))
    if selector.body is not None:
        parts.append(_any([f"principal == Body::{_text(b)}" for b in selector.body]))
    if selector.within is not None:
        parts.append(_any([f"principal in Body::{_text(b)}" for b in selector.within]))
    if selector.statutory is not None:
        parts.append(_any([f"principal.statutory == {'true' if s else 'false'}" for s in selector.statutory]))
    return "(" + _all(parts) + ")"


def _validity(validity: Validity) -> list[str]:
    parts = []
    if validity.start:
        parts.append(f"context.date >= {validity.start.toordinal()}")
    if validity.until:
        parts.append(f"context.date <= {validity.until.toordinal()}")
    return parts


def _test(test) -> str:
    fact = f"context.{test.fact}"
    if test.op in ("eq", "in"):
        if test.fact in SETS:
            return _any([f"{fact}.contains({_literal(v)})" for v in test.values])
        return _any([f"{fact} == {_literal(v)}" for v in test.values])
    if test.op == "range":
        return f"({fact} >= {_literal(test.values[0])} && {fact} <= {_literal(test.values[1])})"
    return f"{fact} {'<=' if test.op == 'max' else '>='} {_literal(test.values[0])}"


def _has(where: Where) -> str:
    return _all([f"context has {f}" for f in sorted({t.fact for t in where.tests})])


def _where(where: Where) -> list[str]:
    """The `where` holds: every fact it tests is given and passes."""
    return [f"({_has(where)} && {_all([_test(t) for t in where.tests])})"] if where else []


def _met(condition: Condition) -> str:
    """The blocking parts of a condition are met by the facts (obligations never block)."""
    parts = []
    for key, fact in (("consult", "consulted"), ("approval_of", "approved_by")):
        bodies = condition.value(key)
        if bodies:
            parts.append(f"(context has {fact} && context.{fact}.containsAll([{', '.join(map(_text, bodies))}]))")
    if condition.value("notice_days") is not None:
        days = condition.value("notice_days")
        parts.append(f"(context has notice_given && context.date - context.notice_given - 1 >= {days})")
    if condition.value("quorum") is not None:
        parts.append(f"(context has present && context.present >= {condition.value('quorum')})")
    for key in ("in_public", "within_budget"):
        if condition.value(key):
            parts.append(f"(context has {key} && context.{key})")
    if condition.any:
        parts.append(_any([_met(alternative) for alternative in condition.any]))
    met = _all(parts)
    if condition.where:  # applies only where its facts hold; missing facts are never assumed
        met = f"({_has(condition.where)} && (!({_all([_test(t) for t in condition.where.tests])}) || ({met})))"
    return f"({met})"


def _conditions(conditions) -> list[str]:
    return [_met(c) for c in conditions if c.blocking]


DECIDER = [
    "(principal.quorum == 0 || (context has present && context.present >= principal.quorum))",
    "context.date >= principal.valid_from",
    "context.date <= principal.valid_until",
]


def _limit(limit: int | None) -> list[str]:
    return [] if limit is None else [f"(!(context has amount) || context.amount <= {limit})"]


def _policy(effect: str, rule_id: str, principal: str, functions, when: list[str], unless=()) -> str:
    text = f"@id({_text(rule_id)})\n{effect}(principal{principal}, action in {_actions(functions)}, resource)"
    text += f" when {{ {_all(when)} }}"
    if unless:
        text += f" unless {{ action in {_actions(unless)} }}"
    return text + ";"


def policies(pack: Pack) -> str:
    """The pack as Cedar policy text: one permit per power and live delegation, forbids for the rest."""
    return "\n".join(text for text, _principals in principled(pack))


def principled(pack: Pack) -> list[tuple[str, frozenset]]:
    """Each policy of `policies` with the bodies its principal can be (its selector resolved, as vires does)."""
    select = BodyIndex(pack.bodies).select_any
    found = []
    for power in pack.powers.values():
        when = [_any([_selector(s) for s in power.holder])] + _validity(power.valid) + _limit(power.limit)
        when += _where(power.where) + _conditions(power.conditions) + DECIDER
        found.append((_policy("permit", power.id, "", power.functions, when, power.except_), select(power.holder)))
    for d in pack.delegations.values():
        if d.status == "revoked":
            continue
        status = ["context.include_proposed"] if d.status == "proposed" else []
        when = status + _validity(d.valid) + _limit(d.limit) + _where(d.where) + _conditions(d.conditions) + DECIDER
        found.append((_policy("permit", d.id, f" == Body::{_text(d.to)}", d.functions, when, d.except_), {d.to}))
        if d.exclusive:
            reach = [f"(!({_has(d.where)}) || {_all([_test(t) for t in d.where.tests])})"] if d.where else []
            within = [] if d.limit is None else [f"(!(context has amount) || context.amount <= {d.limit})"]
            text = _policy(
                "forbid",
                d.id + "#exclusive",
                f" == Body::{_text(d.from_)}",
                d.functions,
                status + _validity(d.valid) + reach + within,
                d.except_,
            )
            found.append((text, {d.from_}))
    for p in pack.prohibitions.values():
        reach = [f"(!({_has(p.where)}) || {_all([_test(t) for t in p.where.tests])})"] if p.where else []
        text = _policy("forbid", p.id, "", p.functions, [_any([_selector(s) for s in p.applies_to])] + reach)
        found.append((text, select(p.applies_to)))
    everything = sorted({f.split(".")[0] for f in pack.functions})
    for r in pack.requirements.values():
        unmet = f"!({_all(_conditions(r.conditions))})"
        if r.where:
            unmet = f"(!({_has(r.where)}) || ({_all([_test(t) for t in r.where.tests])} && {unmet}))"
        text = _policy(
            "forbid", r.id, "", r.functions or everything, [_any([_selector(s) for s in r.applies_to]), unmet]
        )
        found.append((text, select(r.applies_to)))
    return [(text, frozenset(principals)) for text, principals in found]


def entities(pack: Pack) -> list[dict]:
    """Bodies (parent: the body they are part of) and functions (parent: the function above)."""
    found = []
    for body in pack.bodies.values():
        found.append(
            {
                "uid": {"type": "Body", "id": body.id},
                "attrs": _attributes(body),
                "parents": [{"type": "Body", "id": body.part_of}] if body.part_of else [],
            }
        )
    for function in pack.functions.values():
        parent = function.parent
        found.append(
            {
                "uid": {"type": "Action", "id": function.id},
                "attrs": {},
                "parents": [{"type": "Action", "id": parent}] if parent else [],
            }
        )
    return found


def _attributes(body: Body) -> dict:
    return {
        "kind": body.kind,
        "type": body.type or "",
        "level": body.level,
        "statutory": body.statutory,
        "part_of": body.part_of or "",
        "quorum": body.quorum or 0,
        "valid_from": body.valid.start.toordinal() if body.valid.start else NEVER,
        "valid_until": body.valid.until.toordinal() if body.valid.until else FOREVER,
    }


def request(question: Question) -> dict:
    """A may-question as a Cedar request: the facts, amount and date in the context."""
    context: dict = {"date": question.date.toordinal(), "include_proposed": question.include_proposed}
    if question.amount is not None:
        context["amount"] = question.amount
    for fact, values in question.facts.items():
        plain = [_plain(v) for v in values]
        context[fact] = plain if fact in SETS else plain[0]
    return {
        "principal": f"Body::{_text(question.body)}",
        "action": f"Action::{_text(question.decision)}",
        "resource": RESOURCE,
        "context": context,
    }


def _plain(value):
    tag, python = value
    if tag == NUMBER:
        return int(python)
    if tag == DATE:
        return python.toordinal()
    return python


def expressible(pack: Pack, question: Question) -> bool:
    """Can the encoding answer this question in full? Only where no delegation could give the body the
    function: then its authority (if any) comes from a power it holds itself, and no chain matters."""
    return not any(
        d.to == question.body and covers(d.functions, d.except_, question.decision) for d in pack.delegations.values()
    )


class Peer:
    """cedarpy with the policies and entities parsed once (the fastest way cedarpy offers): the whole policy set,
    one policy per rule, on every call."""

    def __init__(self, pack: Pack):
        import cedarpy

        self.cedarpy = cedarpy
        self.text = policies(pack)
        self.entity_json = json.dumps(entities(pack))
        self.policies = cedarpy.PolicySet.from_str(self.text)
        self.entities = cedarpy.Entities.from_json_str(self.entity_json)

    def policy_set(self, req: dict):
        return self.policies

    def ask(self, req: dict) -> bool:
        result = self.cedarpy.is_authorized(req, self.policy_set(req), self.entities)
        if result.diagnostics.errors:
            raise RuntimeError(f"cedar could not evaluate a policy: {result.diagnostics.errors[0]}")
        return result.allowed

    def ask_batch(self, requests: list[dict]) -> list[bool]:
        return [r.allowed for r in self.cedarpy.is_authorized_batch(requests, self.policies, self.entities)]

    def determining(self, req: dict) -> list[str]:
        """The rule ids of the policies that decided `req` (Cedar's only explanation)."""
        result = self.cedarpy.is_authorized(req, self.policy_set(req), self.entities)
        return sorted(result.diagnostics.id_annotations_by_reason.values())


class Sliced(Peer):
    """The same policies sliced by principal: each body's call is given only the policies whose principal can be that
    body (parsed once per body, ahead), as an application that knows who is asking would; same decisions."""

    def __init__(self, pack: Pack):
        import cedarpy

        self.cedarpy = cedarpy
        by_body: dict[str, list[str]] = {body: [] for body in pack.bodies}
        for text, principals in principled(pack):
            for body in principals:
                by_body[body].append(text)
        self.text = policies(pack)
        self.entities = cedarpy.Entities.from_json_str(json.dumps(entities(pack)))
        self.slices = {body: cedarpy.PolicySet.from_str("\n".join(found)) for body, found in by_body.items()}
        self.policies = None

    def policy_set(self, req: dict):
        return self.slices[json.loads(req["principal"].split("::", 1)[1])]


class Trivial:
    """cedarpy's own cost of a call: one `permit(principal, action, resource);` and no entities, on the same
    requests."""

    def __init__(self) -> None:
        import cedarpy

        self.cedarpy = cedarpy
        self.policies = cedarpy.PolicySet.from_str("permit(principal, action, resource);")
        self.entities = cedarpy.Entities.from_json_str("[]")

    def ask(self, req: dict) -> bool:
        return self.cedarpy.is_authorized(req, self.policies, self.entities).allowed
