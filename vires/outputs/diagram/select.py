"""What a view of a delegation diagram keeps of the derived rules: bodies, powers, reservations and lines.

The layout is vires' own (`vires.outputs.diagram.layout`); `vires.outputs.diagram.write_dot` writes the
drawing chosen here as DOT.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import attrs

from vires.engine.resolve import resolve_body, resolve_function
from vires.errors import RenderError
from vires.outputs.diagram.drawing import Drawing
from vires.outputs.diagram.inactive import inactive_notes
from vires.outputs.diagram.layout import ancestors_within
from vires.outputs.diagram.view import View
from vires.outputs.diagram.words import a_type, body_name, humane
from vires.outputs.wording import long_date
from vires.pack.model import Body, ancestors, covers, organisation


def select(rules, view: View) -> Drawing:
    """The drawing of `rules` (a `vires.api.Rules`) that `view` asks for; bodies and functions by id or name."""
    pack = rules.pack
    view = attrs.evolve(
        view,
        body=resolve_body(pack, view.body) if view.body is not None else None,
        organisation=resolve_body(pack, view.organisation) if view.organisation is not None else None,
        function=resolve_function(pack, view.function) if view.function is not None else None,
    )
    answer = rules.ask(view.question) if view.question is not None else None
    return _Selection(rules, view, answer).drawing()


def organisation_of(body_id: str, bodies) -> str:
    """The organisation a body belongs to: the top of its `part_of` ancestry (as every chain names it)."""
    return organisation(body_id, bodies)


def members_of(organisation: str, bodies) -> set[str]:
    """An organisation's bodies (it and everything part of it) and the joint committees and partnerships
    it belongs to (whose `members` name it or one of its bodies)."""
    within = {b for b in bodies if organisation in ancestors(b, bodies)}
    return within | {b.id for b in bodies.values() if set(b.members) & within}


def bears_on(functions: Iterable[str], except_: Iterable[str], function: str) -> bool:
    """Does a rule listing `functions` bear on `function`: it covers it, or covers part of it?"""
    functions, except_ = tuple(functions), tuple(except_)
    if covers(functions, except_, function):
        return True
    return any(f.startswith(function + ".") and not covers(except_, (), f) for f in functions)


class _Selection:
    """The rules and bodies a view keeps, and the chain an answer chose."""

    def __init__(self, rules, view: View, answer: dict | None):
        self.rules, self.pack, self.view, self.answer = rules, rules.pack, view, answer
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
        grants, delegations = self._select()
        self.notes = {}
        if view.date is not None:
            self.notes = inactive_notes(rules, delegations, view.date, view.proposals_adopted)
            self.notes = {k: v for k, v in self.notes.items() if k not in self.chain_rules}
        if view.hide_inactive:
            delegations = [d for d in delegations if d.id not in self.notes]
        self.outside: set[str] = set()
        self.bodies = self._bodies(grants, delegations)
        kept = {b.id for b in self.bodies}
        self.delegations = [d for d in delegations if d.from_ in kept and d.to in kept]
        self.powers = defaultdict(list)  # holder -> the powers it holds, written in its box
        for power_id, holder in grants:
            if holder in kept and holder not in self.outside:
                self.powers[holder].append(self.pack.powers[power_id])
        self.reserved = defaultdict(list)  # body -> the matters reserved to it
        if not view.chain_only:
            for reservation in self.pack.reservations.values():
                if view.function is None or bears_on(reservation.functions, (), view.function):
                    for body in sorted(rules.compiled.index.select_any(reservation.body) & kept - self.outside):
                        self.reserved[body].append(reservation)
        if not self.pack.bodies:  # law without bodies: draw the kinds of body its powers are granted to
            self._holders()
        if not self.bodies:
            when = f" on {long_date(view.date.isoformat())}" if view.date is not None else ""
            raise RenderError.one(
                "nothing-to-draw",
                f"the view keeps no body{when}: nothing to draw",
                hint="choose another date, organisation, function or body",
            )

    def _keeps(self, rule) -> bool:
        if rule.id in self.chain_rules:
            return True
        if getattr(rule, "status", "in-force") == "revoked":
            return False
        if self.view.date is not None and rule.valid.check(self.view.date):
            return False
        return self.view.function is None or bears_on(rule.functions, rule.except_, self.view.function)

    def _select(self) -> tuple[list[tuple[str, str]], list]:
        rules, pack, view = self.rules, self.pack, self.view
        grants = sorted({(g.power, g.holder) for g in rules.compiled.grants if self._keeps(pack.powers[g.power])})
        delegations = [d for d in pack.delegations.values() if self._keeps(d)]
        if view.chain_only:
            grants = [self.chain_grant] if self.chain_grant else []
            delegations = [d for d in delegations if d.id in self.chain_rules]
        if view.body is not None:  # what reaches the body and what it passes on: the chains through it
            body = view.body
            near = {link for c in rules.chains if body in c.bodies for link in c.links[1:]}
            near_grants = {(c.links[0], c.holder) for c in rules.chains if body in c.bodies}
            grants = [g for g in grants if g in near_grants or body == g[1] or g == self.chain_grant]
            delegations = [
                d for d in delegations if d.id in near or body in (d.from_, d.to) or d.id in self.chain_rules
            ]
        return grants, sorted(delegations, key=lambda d: d.id)

    def _bodies(self, grants, delegations) -> list[Body]:
        pack, view = self.pack, self.view
        wanted = set(pack.bodies)
        if view.function is not None or view.body is not None:
            wanted = {h for _, h in grants} | {b for d in delegations for b in (d.from_, d.to)}
            if view.body is not None:
                wanted |= {view.body, *pack.bodies[view.body].accountable_to}
            for body_id in list(wanted):  # the organisations they belong to, for context
                wanted.update(ancestors_within(body_id, pack.bodies))
        if view.chain_only:
            wanted = {a for b in self.chain_bodies for a in ancestors_within(b, pack.bodies)}
        if view.organisation is not None:
            members = members_of(view.organisation, pack.bodies)
            ends = {b for d in delegations if {d.from_, d.to} & members for b in (d.from_, d.to)}
            self.outside = (ends & wanted) - members
            wanted = (wanted & members) | self.outside
        if view.date is not None:
            wanted = {b for b in wanted if not pack.bodies[b].valid.check(view.date)}
        wanted |= self.chain_bodies
        return [pack.bodies[b] for b in sorted(wanted) if b in pack.bodies]

    def _holders(self) -> None:
        """Law without bodies (such as @england): a box for each kind of body its powers are granted to."""
        for power in self.pack.powers.values():
            if self._keeps(power):
                name = "Any " + "; or any ".join(_selector_words(s) for s in power.holder)
                self.powers["holder:" + name].append(power)
        self.bodies = [
            Body(id=h, name=h.removeprefix("holder:"), kind="holder", level="national", statutory=False)
            for h in sorted(self.powers)
        ]

    def drawing(self) -> Drawing:
        bodies, delegations, chain_bodies = self.bodies, self.delegations, self.chain_bodies
        within: dict[str, int] = {}
        powers: Mapping[str, list] = self.powers
        reserved: Mapping[str, list] = self.reserved
        scope = None
        if self.view.organisation is not None:
            scope = f"{body_name(self.pack, self.view.organisation)}, and the joint bodies it belongs to."
        if self.view.overview:
            bodies, delegations, chain_bodies, within = self._overview()
            alone = {b for b, count in within.items() if count == 1}  # an organisation of one body is drawn whole
            powers = {b: p for b, p in powers.items() if b in alone}
            reserved = {b: r for b, r in reserved.items() if b in alone}
            scope = "The organisations, and the lines between them."
        edges = defaultdict(list)  # (from, to, state) -> delegations, drawn as one line
        for delegation in delegations:
            state = "inactive" if delegation.id in self.notes else delegation.status
            edges[(delegation.from_, delegation.to, state)].append(delegation)
        return Drawing(
            pack=self.pack,
            view=self.view,
            answer=self.answer,
            bodies=bodies,
            delegations=delegations,
            powers=powers,
            reserved=reserved,
            edges=edges,
            inactive=self.notes,
            outside=frozenset(self.outside),
            within=within,
            scope=scope,
            chain_rules=frozenset(self.chain_rules),
            chain_bodies=frozenset(chain_bodies),
            chain_grant=self.chain_grant,
        )

    def _overview(self) -> tuple[list[Body], list, set[str], dict[str, int]]:
        """Each organisation as one box, and every line between two of them re-drawn between their boxes."""
        kept = {b.id: b for b in self.bodies}
        top = {b: ancestors_within(b, kept)[-1] for b in kept}
        within: dict[str, int] = defaultdict(int)
        accountable: dict[str, set[str]] = defaultdict(set)
        for body in self.bodies:
            within[top[body.id]] += 1
            accountable[top[body.id]].update(top[t] for t in body.accountable_to if t in top)
        bodies = [
            attrs.evolve(kept[t], part_of=None, accountable_to=tuple(sorted(accountable[t] - {t})))
            for t in sorted(within)
        ]
        delegations = [
            attrs.evolve(d, from_=top[d.from_], to=top[d.to]) for d in self.delegations if top[d.from_] != top[d.to]
        ]
        return bodies, delegations, {top[b] for b in self.chain_bodies if b in top}, dict(within)


def _selector_words(selector) -> str:
    """A holder selector in words: "ICB", "local authority or executive council at system level"."""
    parts: list[str] = []
    for key, values in attrs.asdict(selector, recurse=False).items():
        if values is None:
            continue
        if key == "type":
            parts.insert(0, " or ".join(a_type(v) for v in values))
        elif key == "kind":
            parts.insert(0, " or ".join(v.replace("-", " ") for v in values))
        elif key == "level":
            parts.append("at " + " or ".join(values) + " level")
        elif key == "statutory":
            parts.insert(0, " or ".join("statutory" if v else "non-statutory" for v in values))
        else:
            parts.append(f"{key.replace('_', ' ')} " + " or ".join(humane(v) for v in values))
    return " ".join(parts) or "body"
