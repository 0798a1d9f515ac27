"""Selectors: resolving them to the bodies they pick, through indexes, and saying in words whom they pick."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from vires.pack.model import DELEGATOR, Body, Selector

_KEYS = ("body", "kind", "type", "level", "part_of", "statutory")


class BodyIndex:
    """The bodies of a pack indexed by each selector key; `within` by the set of descendants."""

    def __init__(self, bodies: Mapping[str, Body]):
        self.all = frozenset(bodies)
        self._by: dict[str, dict] = {key: defaultdict(set) for key in _KEYS}
        self._children: dict[str, set] = defaultdict(set)
        for body in bodies.values():
            self._by["body"][body.id].add(body.id)
            self._by["kind"][body.kind].add(body.id)
            self._by["type"][body.type].add(body.id)
            self._by["level"][body.level].add(body.id)
            self._by["part_of"][body.part_of].add(body.id)
            self._by["statutory"][body.statutory].add(body.id)
            if body.part_of is not None:
                self._children[body.part_of].add(body.id)
        self._within: dict[str, frozenset] = {}
        self._selected: dict[Selector, frozenset] = {}
        self._selected_any: dict[tuple, frozenset] = {}

    def within(self, body_id: str) -> frozenset:
        """The body and everything transitively part of it (safe against `part_of` cycles)."""
        if body_id not in self._within:
            found = {body_id} if body_id in self.all else set()
            todo = [body_id]
            while todo:
                for child in self._children.get(todo.pop(), ()):
                    if child not in found:
                        found.add(child)
                        todo.append(child)
            self._within[body_id] = frozenset(found)
        return self._within[body_id]

    def select(self, selector: Selector) -> frozenset:
        """Every body `selector` picks; a `$delegator` selector is resolved per delegation elsewhere."""
        if selector not in self._selected:
            candidates = []  # one set of bodies per key given; their intersection is the answer
            for key in _KEYS:
                wanted = getattr(selector, key)
                if wanted is not None:
                    if key == "part_of" and DELEGATOR in wanted:
                        raise ValueError("a `$delegator` selector cannot be resolved without a delegator")
                    candidates.append(_union([self._by[key].get(value, _NONE) for value in wanted]))
            if selector.within is not None:
                candidates.append(_union([self.within(w) for w in selector.within]))
            if not candidates:
                self._selected[selector] = self.all
            else:
                candidates.sort(key=len)
                self._selected[selector] = frozenset(candidates[0]).intersection(*candidates[1:])
        return self._selected[selector]

    def select_any(self, selectors: tuple[Selector, ...]) -> frozenset:
        """Every body any of `selectors` picks."""
        if selectors not in self._selected_any:
            self._selected_any[selectors] = frozenset(_union([self.select(s) for s in selectors]))
        return self._selected_any[selectors]


_NONE: frozenset = frozenset()


def _union(sets: list):
    """The union of `sets`, without copying when there is only one."""
    if len(sets) == 1:
        return sets[0]
    return set().union(*sets)


def receivers(delegable, delegator: str) -> str:
    """Whom a `delegable` lets a function go to, in words: "to no one", "only to a sub-committee of `x`"."""
    if delegable is False:
        return "to no one"
    described = []
    for selector in delegable:
        parts = []
        for key in ("kind", "type", "level"):
            values = getattr(selector, key)
            if values:
                parts.append(" or ".join(values))
        if selector.body:
            parts.append(" or ".join(f"`{b}`" for b in selector.body))
        if selector.statutory is not None:
            parts.append("statutory" if selector.statutory == (True,) else "non-statutory")
        if selector.part_of:
            parts.append("of " + " or ".join(f"`{delegator if p == DELEGATOR else p}`" for p in selector.part_of))
        if selector.within:
            parts.append("within " + " or ".join(f"`{w}`" for w in selector.within))
        described.append(a_kind(" ".join(parts)) if parts else "any body")
    return "only to " + "; or ".join(described)


def a_kind(noun: str) -> str:
    """`a committee`, `an officer`."""
    return ("an " if noun[:1] in "aeiou" else "a ") + noun
