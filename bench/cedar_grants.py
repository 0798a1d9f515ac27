"""The fair Cedar peer: a fixed set of three policies over grant and restriction entities (cedarpy).

The rules are data, not policies: every power and delegation not revoked is a `Grant` entity (the bodies it goes
to, its functions as a set of `Action`s, its `except`, status, validity as day numbers, limit, `where` and blocking
conditions as attributes), and every prohibition, requirement and exclusive delegation a `Restriction` entity (the
bodies it binds, resolved as vires' compile step resolves selectors, and its terms likewise). The policy set never
changes with the pack:

- `permit` on a `Grant` when the principal is one of its bodies and every term holds (the same terms, written once,
  as `bench/cedar.py` writes per rule), and the deciding body's quorum and valid period;
- `forbid` on a `Restriction` when it binds the principal, covers the action and bites (a prohibition or exclusive
  delegation where its `where` holds or its facts are missing, a requirement where its conditions are unmet);
  `permit` on a `Restriction` otherwise.

Cedar has no quantifier over a set of entities, so one request can test only the entity it names: a question is an
`is_authorized_batch` call with a request per candidate grant (resource = that grant) and, where one is allowed, a
second with a request per candidate restriction (resource = that restriction), the candidates found as an indexed
query would find them: filed under the asking body and the decision or a function above it. The answer is Allow when
some grant request is allowed and no restriction request is denied (with no candidate grant, Deny without a call).
Entities and policies are parsed once, ahead.

`where` is data as a set of `fact=value` strings the question's facts must contain (an `eq` test, or an `in` test
with one value) and bounds on the amount; blocking conditions are one record (the bodies to consult and to approve,
notice days, quorum, in public, within budget: several conditions on one rule merge into one, since all must be met)
and at most three `any` alternatives. Anything else (other tests, other blocking kinds, a condition's own `where`,
nested alternatives, dated limits) raises `NotExpressible`, so a pack the encoding cannot carry is refused, never
decided wrongly.

`flattened` gives the same shape for vires' own chains: each chain vires derives becomes one grant carrying the
chain's effective terms, so Cedar decides on vires' derivation rather than single links.
"""

from __future__ import annotations

import json

from bench.cedar import FOREVER, NEVER, _literal
from bench.cedar import entities as body_entities
from bench.cedar import request as plain_request
from vires.engine.question import Question
from vires.pack.condition_kinds import KINDS
from vires.pack.model import Pack
from vires.pack.selectors import BodyIndex
from vires.values import Where

MAX_ALTERNATIVES = 3


class NotExpressible(ValueError):
    """A rule the fixed policy set cannot carry as data."""


def _parts(record: str) -> str:
    """The conjunctive parts of a conditions record hold on the question's facts."""
    r = record
    return (
        f"({r}.consult == [] || (context has consulted && context.consulted.containsAll({r}.consult))) && "
        f"({r}.approval == [] || (context has approved_by && context.approved_by.containsAll({r}.approval))) && "
        f"(!({r} has notice_days) || (context has notice_given && "
        f"context.date - context.notice_given - 1 >= {r}.notice_days)) && "
        f"(!({r} has quorum) || (context has present && context.present >= {r}.quorum)) && "
        f"(!{r}.in_public || (context has in_public && context.in_public)) && "
        f"(!{r}.within_budget || (context has within_budget && context.within_budget))"
    )


def _met(record: str) -> str:
    alternatives = " || ".join(
        [f"{record}.alt0 == {{}}"]
        + [f"({record} has alt{i} && {_parts(f'{record}.alt{i}')})" for i in range(MAX_ALTERNATIVES)]
    )
    return f"(({_parts(record)}) && ({alternatives}))"


def _tests(r: str) -> str:
    """A `where` stored as data holds (its facts all given)."""
    return (
        f"context.facts.containsAll({r}.where_all) && "
        f"(!({r} has amount_min) || (context has amount && context.amount >= {r}.amount_min)) && "
        f"(!({r} has amount_max) || (context has amount && context.amount <= {r}.amount_max))"
    )


_TERMS = (
    "action in resource.functions && !(action in resource.except) && "
    '(resource.status == "in-force" || (resource.status == "proposed" && context.include_proposed)) && '
    "context.date >= resource.valid_from && context.date <= resource.valid_until && "
    "(!(resource has limit) || !(context has amount) || context.amount <= resource.limit)"
)

POLICIES = f"""@id("grant")
permit(principal, action, resource is Grant) when {{
  resource.holders.contains(principal) && {_TERMS} &&
  {_tests("resource")} && {_met("resource.conditions")} &&
  (principal.quorum == 0 || (context has present && context.present >= principal.quorum)) &&
  context.date >= principal.valid_from && context.date <= principal.valid_until
}};
@id("restriction")
forbid(principal, action, resource is Restriction) when {{
  resource.targets.contains(principal) && {_TERMS} &&
  (!context.given.containsAll(resource.where_facts) ||
   ({_tests("resource")} && (!resource.requires || !{_met("resource.conditions")})))
}};
@id("restriction-leaves-open")
permit(principal, action, resource is Restriction);
"""


def _key(fact: str, value) -> str:
    return f"{fact}={_literal(value)}"


def _where(where: Where) -> dict:
    """A `where` as data: the `fact=value` strings it needs, the facts it reads, bounds on the amount."""
    found: dict = {"where_all": set(), "where_facts": set()}
    for test in where.tests:
        found["where_facts"].add(test.fact)
        if test.op in ("eq", "in") and len(test.values) == 1:
            found["where_all"].add(_key(test.fact, test.values[0]))
        elif test.fact == "amount" and test.op in ("min", "max", "range"):
            low = test.values[0] if test.op in ("min", "range") else None
            high = test.values[-1] if test.op in ("max", "range") else None
            if low is not None:
                found["amount_min"] = max(found.get("amount_min", int(low[1])), int(low[1]))
            if high is not None:
                found["amount_max"] = min(found.get("amount_max", int(high[1])), int(high[1]))
        else:
            raise NotExpressible(f"a `where` test {test.fact} {test.op} {len(test.values)} values")
    return found


def _merge_where(parts: list[dict]) -> dict:
    merged: dict = {"where_all": set(), "where_facts": set()}
    for part in parts:
        merged["where_all"] |= part["where_all"]
        merged["where_facts"] |= part["where_facts"]
        if "amount_min" in part:
            merged["amount_min"] = max(merged.get("amount_min", part["amount_min"]), part["amount_min"])
        if "amount_max" in part:
            merged["amount_max"] = min(merged.get("amount_max", part["amount_max"]), part["amount_max"])
    return merged


def _record(conditions) -> dict:
    """Conditions that must all be met, merged into one record (sets joined, numbers at their highest)."""
    record: dict = {"consult": set(), "approval": set(), "in_public": False, "within_budget": False}
    for condition in conditions:
        if condition.where or condition.first_of or condition.valid.start or condition.valid.until:
            raise NotExpressible("a condition with its own `where`, `first_of` or period")
        for key, value in condition.parts:
            if key == "consult":
                record["consult"] |= set(value)
            elif key == "approval_of":
                record["approval"] |= set(value)
            elif key in ("notice_days", "quorum"):
                record[key] = max(record.get(key, 0), int(value))
            elif key in ("in_public", "within_budget"):
                record[key] = record[key] or bool(value)
            elif KINDS[key].met is not None:
                raise NotExpressible(f"a blocking condition `{key}`")
    return record


def _conditions(conditions) -> dict:
    """The blocking conditions of one rule (or one chain) as a record with at most three alternatives."""
    blocking = [c for c in conditions if c.blocking]
    grouped = [c for c in blocking if c.any]
    if len(grouped) > 1:
        raise NotExpressible("more than one condition with `any` alternatives on one rule")
    record = _record(blocking)
    if grouped:
        alternatives = grouped[0].any
        if len(alternatives) > MAX_ALTERNATIVES or any(a.any for a in alternatives):
            raise NotExpressible(f"more than {MAX_ALTERNATIVES} or nested `any` alternatives")
        for i, alternative in enumerate(alternatives):
            record[f"alt{i}"] = _record((alternative,))
    else:
        record["alt0"] = {}  # no alternatives: `alt0 == {}` lets `_met` through
    return record


def _json(value):
    if isinstance(value, set):
        return sorted(value)
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    return value


def _entity(kind: str, uid: str, attrs: dict) -> dict:
    attrs = _json(attrs)
    for key in ("holders", "targets"):
        if key in attrs:
            attrs[key] = [{"__entity": {"type": "Body", "id": b}} for b in attrs[key]]
    for key in ("functions", "except"):
        attrs[key] = [{"__entity": {"type": "Action", "id": f}} for f in attrs[key]]
    return {"uid": {"type": kind, "id": uid}, "attrs": attrs, "parents": []}


def _window(*validities) -> dict:
    starts = [v.start.toordinal() for v in validities if v.start]
    untils = [v.until.toordinal() for v in validities if v.until]
    return {"valid_from": max(starts, default=NEVER), "valid_until": min(untils, default=FOREVER)}


def _no_dated_limits(rule) -> None:
    if rule.limits:
        raise NotExpressible(f"`{rule.id}` has dated limits")


def _limit(limit) -> dict:
    return {} if limit is None else {"limit": int(limit)}


def grants(pack: Pack, select) -> list[tuple[str, dict]]:
    """Every power and delegation not revoked as (id, attributes) of a `Grant`."""
    found = []
    for power in pack.powers.values():
        _no_dated_limits(power)
        attrs = {
            "holders": set(select(power.holder)),
            "functions": set(power.functions),
            "except": set(power.except_),
            "status": "in-force",
            **_window(power.valid),
            **_limit(power.limit),
            **_where(power.where),
            "conditions": _conditions(power.conditions),
        }
        found.append((f"power:{power.id}", attrs))
    for d in pack.delegations.values():
        _no_dated_limits(d)
        if d.status == "revoked":
            continue
        attrs = {
            "holders": {d.to},
            "functions": set(d.functions),
            "except": set(d.except_),
            "status": d.status,
            **_window(d.valid),
            **_limit(d.limit),
            **_where(d.where),
            "conditions": _conditions(d.conditions),
        }
        found.append((f"delegation:{d.id}", attrs))
    return found


def restrictions(pack: Pack, select) -> list[tuple[str, dict]]:
    """Every prohibition, requirement and exclusive delegation not revoked as (id, attributes) of a `Restriction`."""
    found = []
    plain = {"status": "in-force", **_window(), "requires": False, "conditions": _conditions(()), "except": set()}
    for p in pack.prohibitions.values():
        found.append(
            (
                f"prohibition:{p.id}",
                {**plain, "targets": set(select(p.applies_to)), "functions": set(p.functions), **_where(p.where)},
            )
        )
    everything = sorted({f.split(".")[0] for f in pack.functions})
    for r in pack.requirements.values():
        attrs = {
            **plain,
            "targets": set(select(r.applies_to)),
            "functions": set(r.functions or everything),
            "requires": True,
            **_window(r.valid),  # outside its period a requirement does not bear on the decision
            "conditions": _conditions(r.conditions),
            **_where(r.where),
        }
        found.append((f"requirement:{r.id}", attrs))
    for d in pack.delegations.values():
        if d.exclusive and d.status != "revoked":
            attrs = {
                **plain,
                "targets": {d.from_},
                "functions": set(d.functions),
                "except": set(d.except_),
                "status": d.status,
                **_window(d.valid),
                **_limit(d.limit),
                **_where(d.where),
            }
            found.append((f"exclusive:{d.id}", attrs))
    return found


def context(question: Question) -> dict:
    """The request context: as `bench.cedar.request`'s, with the facts given as `fact=value` strings and names."""
    found = plain_request(question)["context"]
    facts = question.all_facts()
    found["facts"] = sorted({_key(fact, value) for fact, values in facts.items() for value in values})
    found["given"] = sorted(facts)
    return found


class Peer:
    """cedarpy on the fixed policy set, the grant and restriction entities parsed once, ahead; each filed under the
    (body, function) pairs it names, so a question finds its candidates as an indexed query would."""

    def __init__(self, pack: Pack, granted: list[tuple[str, dict]] | None = None):
        import cedarpy

        self.cedarpy = cedarpy
        select = BodyIndex(pack.bodies).select_any
        granted = grants(pack, select) if granted is None else granted
        restricted = restrictions(pack, select)
        found = body_entities(pack)
        self.filed: dict[tuple[str, str, str], list[str]] = {}  # (kind, body, function) -> entity ids
        for kind, rows, key in (("Grant", granted, "holders"), ("Restriction", restricted, "targets")):
            for uid, attrs in rows:
                found.append(_entity(kind, uid, attrs))
                for body in attrs[key]:
                    for function in attrs["functions"]:
                        self.filed.setdefault((kind, body, function), []).append(uid)
        self.above = {f: _line(pack, f) for f in pack.functions}
        self.entity_count = len(granted) + len(restricted)
        self.policies = cedarpy.PolicySet.from_str(POLICIES)
        self.entities = cedarpy.Entities.from_json_str(json.dumps(found))

    def candidates(self, kind: str, question: Question) -> list[dict]:
        """The `kind` entities filed under the asking body and the decision or a function above it."""
        found: dict[str, None] = {}
        for function in self.above.get(question.decision, (question.decision,)):
            found.update(dict.fromkeys(self.filed.get((kind, question.body or "", function), ())))
        return [{"type": kind, "id": uid} for uid in found]

    def ask(self, question: Question) -> bool:
        """Allow when some grant request is allowed and no restriction request denied."""
        granted, restricted = self.decide(question)
        return granted and not restricted

    def decide(self, question: Question) -> tuple[bool, bool]:
        """Does some grant give the decision (one batch call, a request per candidate grant), and does some
        restriction forbid it (a second call, a request per candidate restriction, made only where a grant gives
        it)."""
        held = self.candidates("Grant", question)
        if not held:
            return False, False
        ask = {
            "principal": {"type": "Body", "id": question.body},
            "action": {"type": "Action", "id": question.decision},
            "context": json.dumps(context(question)),
        }
        if not any(self._batch(ask, held)):
            return False, False
        bound = self.candidates("Restriction", question)
        return True, bool(bound) and not all(self._batch(ask, bound))

    def _batch(self, ask: dict, resources: list[dict]) -> list[bool]:
        results = self.cedarpy.is_authorized_batch(
            [{**ask, "resource": r} for r in resources], self.policies, self.entities
        )
        for result in results:
            if result.diagnostics.errors:
                raise RuntimeError(f"cedar could not evaluate a policy: {result.diagnostics.errors[0]}")
        return [result.allowed for result in results]


def _line(pack: Pack, function: str) -> tuple[str, ...]:
    """A function and every function above it."""
    line = []
    at: str | None = function
    while at:
        line.append(at)
        at = pack.functions[at].parent if at in pack.functions else None
    return tuple(line)


def flattened(pack: Pack, compiled, chains) -> list[tuple[str, dict]]:
    """vires' own chains as grants: for each chain vires derives (not revoked, every hop delegable), one grant to its
    end body with the chain's effective terms: the functions every link covers less those a reservation keeps from a
    link's delegator, the lowest limit, the intersection of the links' and bodies' validity, `proposed` if any link
    is, every link's `where` and blocking conditions."""
    full = _subtrees(pack, compiled)
    select = BodyIndex(pack.bodies).select_any
    reserved = [(r, select(r.body)) for r in pack.reservations.values()]
    found = []
    for number, chain in enumerate(chains):
        rules = [pack.rule(rule_id) for rule_id in chain.links]
        if chain.undelegable or any(getattr(r, "status", "in-force") == "revoked" for r in rules):
            continue
        for rule in rules:
            _no_dated_limits(rule)
        mask = compiled.chain_mask(chain.links)
        for index, rule in enumerate(rules[1:], start=1):
            if rule.kind == "delegation":
                for reservation, bodies in reserved:
                    if chain.bodies[index - 1] in bodies and rule.rule_id not in reservation.except_via:
                        mask &= ~compiled.masks[reservation.id]
        if not mask:
            continue
        limits = [r.limit for r in rules if r.limit is not None]
        statuses = {getattr(r, "status", "in-force") for r in rules}
        attrs = {
            "holders": {chain.end},
            "functions": _whole(mask, full, pack),
            "except": set(),
            "status": "proposed" if "proposed" in statuses else "in-force",
            **_window(*[r.valid for r in rules], *[pack.bodies[b].valid for b in chain.bodies]),
            **_limit(min(limits) if limits else None),
            **_merge_where([_where(r.where) for r in rules]),
            "conditions": _conditions(tuple(c for r in rules for c in r.conditions)),
        }
        found.append((f"chain:{number}", attrs))
    return found


def _subtrees(pack: Pack, compiled) -> dict[str, int]:
    """Each function's bit with its descendants' bits."""
    full = {f: compiled.bit(f) for f in compiled.bits}
    for f in sorted(compiled.bits, key=lambda f: -f.count(".")):
        parent = pack.functions[f].parent if f in pack.functions else None
        if parent in full:
            full[parent] |= full[f]
    return full


def _whole(mask: int, full: dict[str, int], pack: Pack) -> set[str]:
    """The highest functions whose whole subtree the mask covers (`action in` walks down from them)."""
    whole = {f for f, bits in full.items() if bits & mask == bits}
    return {f for f in whole if (pack.functions[f].parent if f in pack.functions else None) not in whole}
