"""What can be asked about the rules loaded: the bodies, the function tree, and the facts the rules can test.

`vires list`, the fact checker (`vires.engine.resolve`) and the workbench's lists and fact fields
all read this one catalogue. A fact is known when a condition kind uses it (SPEC 3.2: `consulted`,
`present`, `notice_given`, ...) or when some loaded rule tests it in a `where`; its type comes from
the kind, or from the values the rules test it against.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from typing import Any

import attrs

from vires.pack.condition_kinds import BLOCKING
from vires.pack.model import Condition, Pack
from vires.values import BOOLEAN, DATE, NUMBER, TEXT

QUESTION_FACTS = ("amount", "date")  # facts a `where` may test, given as part of the question itself
EXAMPLES = {NUMBER: "3", DATE: "2026-05-20", BOOLEAN: "true", TEXT: "north", "body": "BODY"}


@attrs.frozen
class Fact:
    """A fact the rules can use: its name, the types its values may take, the rules that test it.

    `types` are value tags of `vires.values` (`number`, `date`, `boolean`, `text`) or `body` (a
    declared body, by id or name). `kind` is the condition kind it meets, if any; `part_of_question`
    marks `amount` and `date`, which a question gives as its own parts rather than as facts.
    """

    name: str
    types: tuple[str, ...]
    rules: tuple[str, ...]
    kind: str | None = None
    part_of_question: bool = False
    whole: bool = False  # a number that must be a whole number, not below zero (`present`)
    sample: str | None = None  # a text value some rule tests for, the first in order: the example's value

    @property
    def example(self) -> str:
        kind = next((t for t in self.types if t != "body"), self.types[0])
        return f"{self.name}={self.sample if kind == TEXT and self.sample else EXAMPLES[kind]}"

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": " or ".join(self.types),
            "rules": list(self.rules),
            "condition": self.kind,
            "part_of_question": self.part_of_question,
            "example": self.example,
        }


_KNOWN: dict[int, tuple[weakref.ref, dict[str, Fact]]] = {}  # id(pack) -> (the pack, its facts): a few packs
KEPT = 8


def facts(pack: Pack) -> dict[str, Fact]:
    """Every fact the loaded rules can use, by name (sorted); worked out once for each pack (do not change it).

    Every question is checked against it (`vires.engine.resolve`), so a server answering many questions
    on one pack must not read every rule of a national pack again for each.
    """
    held = _KNOWN.get(id(pack))
    if held is not None and held[0]() is pack:
        return held[1]
    found = _facts(pack)
    if len(_KNOWN) >= KEPT:
        _KNOWN.clear()
    _KNOWN[id(pack)] = (weakref.ref(pack), found)
    return found


def _facts(pack: Pack) -> dict[str, Fact]:
    types: dict[str, set[str]] = {}
    rules: dict[str, set[str]] = {}
    kinds: dict[str, str] = {}
    texts: dict[str, set[str]] = {}  # the text values rules test each fact for
    for kind in BLOCKING:
        if kind.fact and kind.fact_type:
            types.setdefault(kind.fact, set()).add(kind.fact_type)
            rules.setdefault(kind.fact, set())
            kinds.setdefault(kind.fact, kind.key)  # `notice_given`: `notice_days` (and `working_days`)
    for rule_id, condition in _conditions(pack):
        for key, _value in condition.parts:
            fact = next((k.fact for k in BLOCKING if k.key == key), None)
            if fact:
                rules[fact].add(rule_id)
    for body in pack.bodies.values():
        if body.quorum is not None:
            rules["present"].add(body.id)
        if body.seats:  # its members present, by name, count towards a quorum
            types["present"].add("body")
    for rule_id, test in _tests(pack):
        types.setdefault(test.fact, set()).update(tag for tag, _ in test.values)
        rules.setdefault(test.fact, set()).add(rule_id)
        texts.setdefault(test.fact, set()).update(str(value) for tag, value in test.values if tag == TEXT)
    if any(d.kind == "designation" for d in pack.delegations.values()):
        types["unavailable"] = {"body"}  # the officers a designation's deputy acts for, by id or name
    for name in QUESTION_FACTS:
        types[name] = {NUMBER if name == "amount" else DATE}
        rules.setdefault(name, set())
    return {
        name: Fact(
            name=name,
            types=tuple(sorted(types[name])),
            rules=tuple(sorted(rules[name])),
            kind=kinds.get(name),
            part_of_question=name in QUESTION_FACTS,
            whole=name == "present",
            sample=min(texts[name]) if texts.get(name) else None,
        )
        for name in sorted(types)
    }


def bodies(pack: Pack) -> list[dict[str, Any]]:
    """The bodies, in name order: name, id, kind, type, level, the body each is part of, and its members
    (each `{body, voting, co_opted}`, in the order written)."""
    found = [
        {
            "name": b.name,
            "id": b.id,
            "kind": b.kind,
            "type": b.type,
            "level": b.level,
            "part_of": b.part_of,
            "members": [{"body": s.body, "voting": s.voting, "co_opted": s.co_opted} for s in b.seats],
        }
        for b in pack.bodies.values()
    ]
    return sorted(found, key=lambda b: (b["name"].casefold(), b["id"]))


def functions(pack: Pack) -> list[dict[str, Any]]:
    """The function tree in id order (a parent before its children): id, name, parent, declared or implied."""
    return [
        {"id": f.id, "name": f.name, "parent": f.parent, "declared": f.declared}
        for f in sorted(pack.functions.values(), key=lambda f: f.id.split("."))
    ]


def _conditions(pack: Pack) -> Iterator[tuple[str, Condition]]:
    """Every condition of every rule, alternatives under `any` and `first_of` included, with its rule's id."""
    for rule in pack.rules():
        todo = list(getattr(rule, "conditions", ()))
        while todo:
            condition = todo.pop(0)
            yield getattr(rule, "rule_id", rule.id), condition
            todo.extend(condition.alternatives())


def _tests(pack: Pack):
    """Every `where` test of every rule and condition, with the rule's id."""
    for rule in pack.rules():
        where = getattr(rule, "where", None)
        for test in where.tests if where else ():
            yield getattr(rule, "rule_id", rule.id), test
    for rule_id, condition in _conditions(pack):
        for test in condition.where.tests:
            yield rule_id, test
