"""Laying out a delegation diagram: the rank (row) of every body and of every line's label.

Each level is a band of ranks (national at the top); within a band each unit (one organisation's
bodies at that level) is laid out on its own, below any unit of the band that delegates to it;
delegators stand above their delegates and parents above what is part of them; an edge's label
takes the rank after its delegator's, so labels never overlap. `vires.outputs.diagram.write_dot` writes the
ranks into the DOT as `rank=same` groups.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping

from vires.pack.model import LEVELS, Body, ancestors


def ranks(
    bodies: list[Body],
    delegations: list,
    edges: Iterable[tuple[str, str, str]],
    holders: Iterable[str],
    leaves: int = 3,
) -> dict[str, int]:
    """The rank of each body and of each line's label (`label_id` of its (from, to, status)).

    Each level a band, national at the top. In a band each unit (a group's bodies at that level)
    is laid out on its own, beside the others, below any unit of the band that delegates to it.
    Each delegation's label takes the rank after its delegator's. `holders` are the bodies drawn
    with powers in their box; `leaves` of one body stand side by side before another row starts.
    """
    kept = {b.id: b for b in bodies}
    level = {b.id: b.level for b in bodies}
    group = _groups(bodies, delegations, kept)
    unit = {n: (level[n], group[n]) for n in level}
    depth, before = _unit_depths(bodies, delegations, set(holders), kept, unit, leaves)
    later = defaultdict(set)
    for u, delegators in before.items():
        for v, _, _ in delegators:
            later[v].add(u)
    order = _topological(later, sorted(set(unit.values()), key=lambda u: (-LEVELS.index(u[0]), u[1])))
    offset: dict[tuple[str, str], int] = {}
    start = 0
    for band in reversed(LEVELS):
        end = start
        for u in (u for u in order if u[0] == band):
            offset[u] = max([start] + [offset[v] + depth[n] + 1 - depth[a] for v, n, a in before[u] if v in offset])
            end = max([end] + [offset[u] + depth[n] + 1 for n in level if unit[n] == u])
        start = end
    found = {n: offset[unit[n]] + depth[n] for n in level}
    with_labels = sorted({found[tail] for tail, _, _ in edges})
    found = {n: r + sum(1 for t in with_labels if t < r) for n, r in found.items()}
    return found | {label_id(key): found[key[0]] + 1 for key in edges}


def _groups(bodies: list[Body], delegations: list, kept: dict) -> dict[str, str]:
    """Each body's group: its organisation (the body it is ultimately part of). A lone body that
    receives delegations from one group only joins that group; one with no delegations joins the
    other such bodies of its level."""
    tree = {n: ancestors_within(n, kept)[-1] for n in kept}
    alone = {n for n in kept if tree[n] == n} - {b.part_of for b in bodies}
    sources = defaultdict(set)
    for d in delegations:
        if d.to in alone and d.from_ != d.to:
            sources[d.to].add(d.from_)
    into = {body: min(froms) for body, froms in sources.items() if len({tree[f] for f in froms}) == 1}
    delegating = {d.from_ for d in delegations}
    group = {n: "" for n in alone - delegating - set(sources)}  # bodies on their own share rows
    for node in set(kept) - set(group):
        seen, found = set(), tree[node]
        while found in into and found not in seen:
            seen.add(found)
            found = tree[into[found]]
        group[node] = found
    return group


def _unit_depths(
    bodies: list[Body], delegations: list, holders: set[str], kept: dict, unit: dict, per_row: int
) -> tuple[dict, dict]:
    """Depths within each unit, and for each unit the delegations into it from others of its band,
    as (delegating unit, delegator, the topmost body of this unit that must stand below it).

    Parents and delegators stand above what is part of them and what they delegate to (and the
    bodies that is part of); the leaves of one body are spread over rows: at most `per_row` a row, and
    those with no lines drawn to them in a column as deep as the unit already is.
    """
    succ, before = defaultdict(set), defaultdict(set)
    pairs = [(b.part_of, b.id) for b in bodies]
    for d in delegations:
        if d.from_ != d.to and unit[d.from_][0] == unit[d.to][0]:
            above = set(ancestors_within(d.from_, kept))
            below = [c for c in ancestors_within(d.to, kept) if c not in above and unit[c] == unit[d.to]]
            if unit[d.from_] == unit[d.to]:
                pairs += [(d.from_, c) for c in below]
            elif below:
                before[unit[d.to]].add((unit[d.from_], d.from_, below[-1]))
    for tail, head in pairs:
        if tail in unit and head in unit and tail != head and unit[tail] == unit[head]:
            succ[tail].add(head)
    depth = _longest(succ, sorted(unit), {})
    lined = {b for d in delegations for b in (d.from_, d.to)} | holders
    lined |= {b.id for b in bodies if b.accountable_to} | {t for b in bodies for t in b.accountable_to}
    leaves = defaultdict(list)
    for node in sorted(kept, key=lambda n: (kept[n].name, n)):
        if not succ[node]:
            leaves[(unit[node], kept[node].part_of or "", depth[node], node in lined)].append(node)
    bottom: defaultdict[tuple, int] = defaultdict(int)
    for node, d in depth.items():
        bottom[unit[node]] = max(bottom[unit[node]], d)
    for (where, _, start, tied), nodes in sorted(leaves.items()):
        rows = -(-len(nodes) // per_row)
        if not tied:
            rows = max(rows, min(len(nodes), bottom[where] - start + 1))
        for index, node in enumerate(nodes):
            depth[node] += index % rows
    return _longest(succ, sorted(unit), depth), before


def label_id(key: tuple[str, str, str]) -> str:
    """The id of the node that carries the label of the line for `key` (from, to, status)."""
    return "label:" + ":".join(key)


def ancestors_within(body: str, bodies: Mapping[str, Body]) -> list[str]:
    """`body` and the bodies among `bodies` it is part of, nearest first (`vires.pack.model.ancestors` within them)."""
    return [b for b in ancestors(body, bodies) if b in bodies]


def _longest(succ: dict, nodes: list[str], least: dict) -> dict[str, int]:
    """Longest-path depths over `succ`, at least `least`."""
    depth = {n: least.get(n, 0) for n in nodes}
    for node in _topological(succ, nodes):
        for nxt in succ.get(node, ()):
            depth[nxt] = max(depth.get(nxt, 0), depth[node] + 1)
    return depth


def _topological(succ: dict, nodes: list) -> list:
    """`nodes` in an order where every edge of `succ` runs forward, keeping the given order where the
    edges allow; an edge that closes a cycle is dropped from `succ`."""
    priority = {n: i for i, n in enumerate(nodes)}
    incoming = defaultdict(set)
    for node in nodes:
        for nxt in succ.get(node, ()):
            if nxt in priority:
                incoming[nxt].add(node)
    ready = [(priority[n], n) for n in nodes if not incoming[n]]
    heapq.heapify(ready)
    order: list[str] = []
    done: set[str] = set()
    while len(order) < len(nodes):
        if not ready:  # a cycle: take the earliest node left and drop the edges into it
            node = min((n for n in nodes if n not in done), key=priority.__getitem__)
            for tail in incoming.pop(node):
                succ[tail].discard(node)
            heapq.heappush(ready, (priority[node], node))
        _, node = heapq.heappop(ready)
        order.append(node)
        done.add(node)
        for nxt in sorted(succ.get(node, ()), key=priority.__getitem__):
            incoming[nxt].discard(node)
            if not incoming[nxt] and nxt not in done:
                heapq.heappush(ready, (priority[nxt], nxt))
    return order
