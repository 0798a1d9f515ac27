"""Delegation diagrams: what a view draws of the derived rules, as deterministic DOT, rendered apart by `dot`.

The DOT is laid out by vires rather than left to `dot` (`vires.outputs.diagram.layout`): each level is a
band of ranks (national at the top), each organisation's bodies are grouped in a cluster,
delegators stand above their delegates, and an edge's label is a node of its own in the rank below
the delegator, so labels never overlap. This module picks what a view (`view.View`) keeps;
`vires.outputs.diagram.write_dot` writes it; `render` runs `dot`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import attrs

from vires.engine.question import require_declared
from vires.errors import RenderError
from vires.outputs.diagram.dot_language import attributes
from vires.outputs.diagram.layout import ancestors_within
from vires.outputs.diagram.view import View
from vires.outputs.diagram.write_dot import Drawing, write
from vires.pack.model import Body, covers

FORMATS = ("dot", "svg", "png", "pdf")
PNG_DPI = 150


# ---- the diagram -------------------------------------------------------------------------------


def to_dot(rules, view: View = View()) -> str:
    """The diagram of `rules` (a `vires.api.Rules`) as DOT text: same rules and view, same bytes."""
    require_declared(rules.pack, view.body, view.function)
    answer = rules.ask(view.question) if view.question is not None else None
    return write(_Selection(rules, view, answer).drawing())


def bears_on(functions: Iterable[str], except_: Iterable[str], function: str) -> bool:
    """Does a rule listing `functions` bear on `function`: it covers it, or covers part of it?"""
    functions, except_ = tuple(functions), tuple(except_)
    if covers(functions, except_, function):
        return True
    return any(f.startswith(function + ".") and not covers(except_, (), f) for f in functions)


class _Selection:
    """The rules and bodies a view keeps, and the chain an answer chose."""

    def __init__(self, rules, view: View, answer: dict | None):
        self.pack, self.view, self.answer = rules.pack, view, answer
        self.chain_rules: set[str] = set()
        self.chain_bodies: set[str] = set()
        self.chain_grant: tuple[str, str] | None = None  # (power, holder) that starts the chosen chain
        if answer is not None:
            self.chain_bodies.add(answer["question"]["body"])
            for link in answer["chains"][0]["links"] if answer["chains"] else ():
                self.chain_rules.add(link["rule"])
                self.chain_bodies.update(link[k] for k in ("holder", "from", "to") if k in link)
                if link["kind"] == "power":
                    self.chain_grant = (link["rule"], link["holder"])
        grants, self.delegations = self._select(rules)
        self.bodies = self._bodies(grants)
        kept = {b.id for b in self.bodies}
        self.delegations = [d for d in self.delegations if d.from_ in kept and d.to in kept]
        self.powers = defaultdict(list)  # holder -> the powers it holds, written in its box
        for power_id, holder in grants:
            if holder in kept:
                self.powers[holder].append(self.pack.powers[power_id])
        if not self.bodies:  # law without bodies: draw the kinds of body its powers are granted to
            for power in self.pack.powers.values():
                if self._keeps(power):
                    name = "Any body with " + "; or ".join(_selector_words(s) for s in power.holder)
                    self.powers["holder:" + name].append(power)
            self.bodies = [
                Body(id=h, name=h.removeprefix("holder:"), kind="holder", level="national", statutory=False)
                for h in sorted(self.powers)
            ]
        self.edges = defaultdict(list)  # (from, to, status) -> delegations, drawn as one line
        for delegation in self.delegations:
            self.edges[(delegation.from_, delegation.to, delegation.status)].append(delegation)

    def _keeps(self, rule) -> bool:
        if rule.id in self.chain_rules:
            return True
        if getattr(rule, "status", "in-force") == "revoked":
            return False
        if self.view.date is not None and rule.valid.check(self.view.date):
            return False
        return self.view.function is None or bears_on(rule.functions, rule.except_, self.view.function)

    def _select(self, rules) -> tuple[list[tuple[str, str]], list]:
        pack, body = self.pack, self.view.body
        grants = sorted({(g.power, g.holder) for g in rules.compiled.grants if self._keeps(pack.powers[g.power])})
        delegations = [d for d in pack.delegations.values() if self._keeps(d)]
        if body is not None:  # what reaches the body and what it passes on: the chains through it
            near = {link for c in rules.chains if body in c.bodies for link in c.links[1:]}
            near_grants = {(c.links[0], c.holder) for c in rules.chains if body in c.bodies}
            grants = [g for g in grants if g in near_grants or body == g[1] or g == self.chain_grant]
            delegations = [
                d for d in delegations if d.id in near or body in (d.from_, d.to) or d.id in self.chain_rules
            ]
        return grants, sorted(delegations, key=lambda d: d.id)

    def _bodies(self, grants) -> list[Body]:
        pack, view = self.pack, self.view
        wanted = set(pack.bodies)
        if view.function is not None or view.body is not None:
            wanted = {h for _, h in grants} | {b for d in self.delegations for b in (d.from_, d.to)}
            if view.body is not None:
                wanted |= {view.body, *pack.bodies[view.body].accountable_to}
            for body_id in list(wanted):  # the organisations they belong to, for context
                wanted.update(ancestors_within(body_id, pack.bodies))
        if view.date is not None:
            wanted = {b for b in wanted if not pack.bodies[b].valid.check(view.date)}
        wanted |= self.chain_bodies
        return [pack.bodies[b] for b in sorted(wanted) if b in pack.bodies]

    def drawing(self) -> Drawing:
        return Drawing(
            pack=self.pack,
            view=self.view,
            answer=self.answer,
            bodies=self.bodies,
            delegations=self.delegations,
            powers=self.powers,
            edges=self.edges,
            chain_rules=frozenset(self.chain_rules),
            chain_bodies=frozenset(self.chain_bodies),
            chain_grant=self.chain_grant,
        )


def _selector_words(selector) -> str:
    """A holder selector in words: `type icb, level system`."""
    parts = [
        f"{key.replace('_', ' ')} {' or '.join(str(v).lower() for v in values)}"
        for key, values in attrs.asdict(selector, recurse=False).items()
        if values is not None
    ]
    return ", ".join(parts) or "any body"


def render(dot: str, fmt: str) -> bytes:
    """DOT text rendered by Graphviz's `dot` as `svg`, `png` or `pdf` (`dot` gives the text itself)."""
    if fmt not in FORMATS:
        raise RenderError.one("unknown-format", f"cannot draw `{fmt}`", hint="write .dot, .svg, .png or .pdf")
    if fmt == "dot":
        return dot.encode("utf-8")
    if fmt == "png":  # a sharper bitmap; SVG and PDF keep Graphviz's 72 points an inch
        dot = dot.replace("{\n", "{\n  graph " + attributes(dpi=str(PNG_DPI)) + ";\n", 1)
    import graphviz

    try:
        return graphviz.pipe("dot", fmt, dot.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound:
        raise RenderError.one(
            "graphviz-missing",
            f"cannot render {fmt.upper()}: Graphviz's `dot` was not found on the PATH",
            hint="install Debian's `graphviz` package (apt-get install graphviz), or write DOT with -o FILE.dot",
        ) from None
    except graphviz.CalledProcessError as error:
        detail = (error.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise RenderError.one(
            "graphviz-failed",
            f"`dot` could not render {fmt.upper()}: " + (detail[-1] if detail else f"exit status {error.returncode}"),
        ) from None
