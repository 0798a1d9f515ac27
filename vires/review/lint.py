"""The semantic lint of `vires check` (SPEC 4): what a loaded pack says that cannot work as written.

Loading has already checked the schema, duplicate ids and the body references that the model
needs. `lint` looks at the pack as a whole: references to functions and rules, the chains of
authority (derived by the native engine, never re-implemented here), reservations, limits,
selectors, orphan bodies and periods of validity.

A delegation that can never take effect is an error when it is in force and an info when it is
only proposed, saying that the proposal would not work if adopted: a pack may encode, on purpose,
a proposal the law does not allow (the finding is the point), so a legal team still reads it
while `--strict` measures the rules in force. Revoked delegations are history: only their
references are checked.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property

import attrs

from vires.engine.chains import Chain
from vires.engine.derive_native import NativeEngine
from vires.engine.graph import AuthorityGraph, build_graph, coverage, subtree_masks
from vires.errors import Diagnostic, did_you_mean
from vires.pack.model import (
    BODY_KINDS,
    DELEGATOR,
    LEVELS,
    Condition,
    Delegation,
    Pack,
    Selector,
    Validity,
    amount_on,
)
from vires.pack.overlay import supersede
from vires.review.lint_authoring import captured_functions, unknown_body_types, unreached_reservations
from vires.review.packs_loaded import PacksLoaded
from vires.values import format_amount

SELECTOR_KEYS = ("body", "kind", "type", "level", "part_of", "within", "statutory")
SELECTOR_FIELDS = {
    "power": ("holder", "delegable"),
    "delegation": ("delegable", "residual"),
    "designation": (),
    "reservation": ("body",),
    "prohibition": ("applies_to",),
    "requirement": ("applies_to",),
    "placement": ("of", "exercised_by"),
    "not-conferred": (),
    "vote": ("applies_to", "members"),
}


def lint(pack: Pack, date: dt.date) -> list[Diagnostic]:
    """Every semantic finding on `pack` as of `date`, sorted by location."""
    return sorted(_Lint(pack, date).run(), key=Diagnostic.sort_key)


def lint_rules(
    pack: Pack, date: dt.date, rules: Iterable, compiled: AuthorityGraph, chains: tuple[Chain, ...]
) -> dict[str, list[Diagnostic]]:
    """What `lint` finds on each of `rules` (rules of `pack`) by its checks of one rule at a time (the functions
    it names, a delegation's own checks, its selectors), by rule id, each rule's sorted by location; without
    deriving again: `compiled` and `chains` are `pack`'s as `vires.api.derive` gives them (revoked delegations
    included, which these checks leave out).

    The cost grows with the rules checked and the chains ending where they delegate from and to, not with the pack
    (`vires diff` checks only the rules a draft adds or rewrites; tests/test_lint_property.py holds it to `lint`).
    """
    run = _Lint(pack, date, (compiled, chains))
    return {rule.id: sorted(run.run_rule(rule), key=Diagnostic.sort_key) for rule in rules}


class _Lint:
    """One run of the lint; each `_check_*` method yields its findings.

    The chains are those of the pack without its revoked delegations: derived here, or (`derived`) read from the
    whole pack's, leaving out every chain through a revoked delegation (the same chains: a chain is a path of
    delegations, found whatever other delegations there are). What the checks of one rule need is worked out for
    the bodies they ask about only.
    """

    def __init__(
        self, pack: Pack, date: dt.date, derived: tuple[AuthorityGraph, tuple[Chain, ...]] | None = None
    ) -> None:
        self.pack = pack
        self.date = date
        if derived is None:
            live = {k: d for k, d in pack.delegations.items() if d.status != "revoked"}
            self.compiled: AuthorityGraph = build_graph(attrs.evolve(pack, delegations=live))
            self.chains: tuple[Chain, ...] = NativeEngine().derive(self.compiled)
            self.revoked: frozenset[str] = frozenset()
        else:
            self.compiled, self.chains = derived
            self.revoked = frozenset(k for k, d in pack.delegations.items() if d.status == "revoked")
        self.index = self.compiled.index
        self.subtree = subtree_masks(sorted(pack.functions))
        self.function_ids = sorted(pack.functions)
        self._by_end: dict[str, list[Chain]] | None = None
        self._ending: dict[str, list[tuple[Chain, int]]] = {}  # body -> (live chain ending there, its mask)

    @cached_property
    def packs(self) -> PacksLoaded:
        return PacksLoaded(self.pack)

    @cached_property
    def used_types(self) -> set[str]:
        return {t for _, _, selector in _selectors(self.pack) for t in selector.type or ()}

    @cached_property
    def parents(self) -> tuple[str, ...]:
        return tuple(sorted({b.part_of for b in self.pack.bodies.values() if b.part_of is not None}))

    def ending(self, body: str) -> list[tuple[Chain, int]]:
        """The chains ending at `body` (none through a revoked delegation), each with its mask, in derived order."""
        found = self._ending.get(body)
        if found is None:
            if self._by_end is None:
                self._by_end = defaultdict(list)
                for chain in self.chains:
                    self._by_end[chain.end].append(chain)
            found = self._ending[body] = [
                (chain, self.compiled.chain_mask(chain.links))
                for chain in self._by_end.get(body, ())
                if not self.revoked or self.revoked.isdisjoint(chain.links[1:])
            ]
        return found

    def held(self, body: str) -> int:
        """The functions `body` holds by any chain."""
        mask = 0
        for _, m in self.ending(body):
            mask |= m
        return mask

    def ending_with(self, delegation: Delegation) -> list[tuple[Chain, int]]:
        """The chains of two links or more whose last link is `delegation`."""
        return [(c, m) for c, m in self.ending(delegation.to) if len(c.links) > 1 and c.links[-1] == delegation.id]

    def run(self) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        for check in (
            self._check_functions,
            self._check_not_conferred,
            self._check_rule_references,
            self._check_delegations,
            self._check_cycles,
            self._check_selectors,
            self._check_orphans,
        ):
            found.extend(check())
        found.extend(unknown_body_types(self.pack, self.used_types))
        found.extend(captured_functions(self.pack, self.packs))
        found.extend(unreached_reservations(self.compiled))
        return found

    def run_rule(self, rule) -> list[Diagnostic]:
        """The findings of the checks of one rule at a time, on `rule`."""
        delegations = [rule] if self.pack.delegations.get(rule.id) is rule else []
        return [
            *self._check_functions([rule]),
            *self._check_delegations(delegations),
            *self._check_selectors(_selectors_of([rule])),
        ]

    # ---- references ------------------------------------------------------------------------

    def _check_functions(self, rules=None):
        """unknown-function: a rule lists a function that is not declared (nor an ancestor of one)."""
        declared = self.pack.functions
        for rule in self.pack.rules() if rules is None else rules:
            listed = tuple(rule.functions or ()) + tuple(getattr(rule, "except_", ()))
            for function in dict.fromkeys(listed):
                if function not in declared:
                    yield Diagnostic(
                        "unknown-function",
                        f"{rule.kind} `{rule.id}` names function `{function}`, which is not declared",
                        rule.location,
                        did_you_mean(function, declared),
                    )
            for condition in _conditions(rule):
                for name in condition.refs():
                    if name not in declared and name not in self.pack.sources:
                        yield Diagnostic(
                            "unknown-function",
                            f"{rule.kind} `{rule.id}` must have regard to `{name}`, "
                            "which is neither a declared function nor a source",
                            rule.location,
                            did_you_mean(name, [*declared, *self.pack.sources]),
                        )

    def _check_not_conferred(self):
        """contradicts-not-conferred: a power grants a function that a declaration says no law confers."""
        masks = self.compiled.masks
        for declared in self.pack.not_conferred.values():
            for power in self.pack.powers.values():
                shared = masks.get(power.id, 0) & masks[declared.id]
                if shared:
                    yield Diagnostic(
                        "contradicts-not-conferred",
                        f"power `{power.id}` grants {_list(self._roots(shared))}, which not-conferred "
                        f"declaration `{declared.id}` says no law confers",
                        power.location,
                        f"one of them is wrong in law: every question about it is denied `not-conferred`; "
                        f"remove the power or the declaration `{declared.id}`",
                        "warning",
                    )

    def _check_rule_references(self):
        """unknown-supersedes and unknown-delegation: rule ids that name no loaded rule."""
        rules = {rule.id: rule for rule in self.pack.rules()}
        yield from supersede(rules, rules.values(), self.pack.superseded)[2]
        for reservation in self.pack.reservations.values():
            for name in reservation.except_via:
                if not self.pack.links_of(name):
                    yield Diagnostic(
                        "unknown-delegation",
                        f"reservation `{reservation.id}` excepts delegation `{name}`, which no rule loaded has",
                        reservation.location,
                        did_you_mean(name, {d.rule_id for d in self.pack.delegations.values()}),
                    )
        for vote in self.pack.votes.values():
            for name in vote.disapplies:
                if name not in self.pack.votes:
                    yield Diagnostic(
                        "unknown-vote-rule",
                        f"vote rule `{vote.id}` disapplies `{name}`, which is no vote rule loaded",
                        vote.location,
                        did_you_mean(name, self.pack.votes) or "name a rule of `votes`, loaded with this one",
                    )

    # ---- delegations -----------------------------------------------------------------------

    def _check_delegations(self, delegations=None):
        reserved = self._reservations_by_body
        for delegation in self.pack.delegations.values() if delegations is None else delegations:
            if delegation.status == "in-force" and delegation.valid.until and delegation.valid.until < self.date:
                yield Diagnostic(
                    "expired-in-force",
                    f"delegation `{delegation.id}` ended on {delegation.valid.until} but is still marked `in-force`",
                    delegation.location,
                    "history is fine; write `status: revoked` if it was withdrawn",
                    "info",
                )
            if delegation.status == "revoked":
                continue
            if delegation.from_ not in self.pack.bodies or delegation.to not in self.pack.bodies:
                continue  # the loader reports unknown bodies
            yield from self._check_validity(delegation)
            if delegation.kind == "delegation":  # a reservation binds delegations, not a deputy acting as its officer
                yield from self._check_reserved(delegation, reserved.get(delegation.from_, ()))
            mask = self.compiled.masks[delegation.id]
            if not mask:
                continue  # it covers no declared function: reported as unknown-function
            held = self.held(delegation.from_)
            ungrounded = [
                f
                for f in delegation.functions
                if (m := coverage((f,), delegation.except_, self.subtree)) and not m & held
            ]
            if ungrounded:
                yield self._ungrounded(delegation, ungrounded)
            if not held & mask:
                continue
            ending = self.ending_with(delegation)
            usable = [(chain, m) for chain, m in ending if not chain.undelegable]
            if ending and not usable:
                yield self._never_delegable(delegation, ending)
            yield from self._check_limit(delegation, usable)

    def _ungrounded(self, delegation: Delegation, functions: list[str]) -> Diagnostic:
        return _unworkable(
            "ungrounded-delegation",
            delegation,
            f"{_name(delegation)} passes {_list(functions)} from `{delegation.from_}`, "
            "which never holds it by any power or delegation",
            f"grant `{delegation.from_}` a power or a delegation covering it, or load the pack that does",
        )

    def _never_delegable(self, delegation: Delegation, ending) -> Diagnostic:
        """Why no chain through `delegation` can be valid: the first undelegable hop of each chain, grouped."""
        hops: dict[tuple, list[str]] = {}
        for chain, _ in ending:
            index = min(chain.undelegable)
            source, target, power = chain.bodies[index - 1], chain.bodies[index], chain.links[0]
            by_power = not self.compiled.delegable_to(power, target, source)
            through = chain.links[index] if index < len(chain.links) - 1 else None
            blocker = power if by_power else chain.links[index - 1]
            found = hops.setdefault((through, by_power, source, target), [])
            if blocker not in found:
                found.append(blocker)
        whys = []
        for (through, by_power, source, target), blockers in sorted(hops.items(), key=str):
            names = " nor ".join(f"`{b}`" for b in sorted(blockers))
            power = "power " if by_power else ""
            subject = (
                f"neither {power}{names}"
                if len(blockers) > 1
                else (f"the power {names}" if by_power else names) + " never"
            )
            why = f"{subject} allows `{source}` to delegate it {'' if by_power else 'on '}to `{target}`"
            if through:
                why = f"`{delegation.from_}` could hold it only through `{through}`, and {why}"
            whys.append(why)
        more = f" (and {len(whys) - 2} more ways)" if len(whys) > 2 else ""
        blockers = sorted({b for found in hops.values() for b in found})
        return _unworkable(
            "never-delegable",
            delegation,
            f"{_name(delegation)} can never pass {_list(delegation.functions)}: " + "; ".join(whys[:2]) + more,
            f"widen `delegable` on {_list(blockers, 2)}, or delegate from a body that may pass it on",
        )

    def _check_limit(self, delegation: Delegation, usable):
        """limit-above-delegator: the delegate's limit exceeds what its delegator holds (it is capped).

        Dated limits are compared as they stand on the date checked."""
        limit = amount_on(delegation, self.date)
        if limit is None or not usable:
            return
        enough, reached, caps = 0, 0, []
        for chain, mask in usable:
            prefix = _limit(self.pack, chain.links[:-1], self.date)
            reached |= mask
            if prefix is None or prefix >= limit:
                enough |= mask
            else:
                caps.append((prefix, mask))
        capped = reached & ~enough
        if not capped:
            return
        cap = max(limit for limit, mask in caps if mask & capped)
        yield Diagnostic(
            "limit-above-delegator",
            f"{_name(delegation)} sets a limit of {format_amount(limit)}, above the "
            f"{format_amount(cap)} `{delegation.from_}` holds for {_list(self._roots(capped))}; "
            f"it is capped at {format_amount(cap)}",
            delegation.location,
            f"lower the limit to {format_amount(cap)} or less",
            "warning",
        )

    def _check_validity(self, delegation: Delegation):
        """body-never-valid: the delegation's period never meets the period its `from` or `to` body exists."""
        for body_id in (delegation.from_, delegation.to):
            body = self.pack.bodies[body_id]
            if not _overlap(delegation.valid, body.valid):
                yield _unworkable(
                    "body-never-valid",
                    delegation,
                    f"{_name(delegation)} applies {(delegation.valid.words() or 'always')}, but `{body_id}` "
                    f"exists only {(body.valid.words() or 'always')}",
                    "align the `valid` periods",
                )

    @cached_property
    def _reservations_by_body(self) -> dict[str, list]:
        found: dict[str, list] = defaultdict(list)
        for reservation in self.pack.reservations.values():
            mask = coverage(reservation.functions, (), self.subtree)
            for body in self.index.select_any(reservation.body):
                found[body].append((reservation, mask))
        return found

    def _check_reserved(self, delegation: Delegation, reservations):
        """delegates-reserved: a delegation names a matter reserved to its delegator (not via `except_via`).

        A delegation of a wider function that merely contains a reserved matter is not a finding:
        the reservation withholds that part, as a scheme's "all functions except those reserved" does.
        """
        for reservation, reserved in reservations:
            if delegation.rule_id in reservation.except_via:
                continue
            named = [
                f
                for f in delegation.functions
                if (m := coverage((f,), delegation.except_, self.subtree)) and not m & ~reserved
            ]
            if named:
                yield _unworkable(
                    "delegates-reserved",
                    delegation,
                    f"{_name(delegation)} delegates {_list(named)}, which `{reservation.id}` reserves "
                    f"to `{delegation.from_}`",
                    f"remove it, or name `{delegation.rule_id}` in the reservation's `except_via` "
                    "if the scheme allows it",
                )

    # ---- cycles ----------------------------------------------------------------------------

    def _check_cycles(self):
        """delegation-cycle: delegations sharing a function lead back to a body already on the chain."""
        outgoing = defaultdict(list)
        for edge in self.compiled.edges:
            outgoing[edge.source].append(edge)
        cycles: dict[frozenset, tuple[str, ...]] = {}
        for chain in self.chains:
            mask = self.compiled.chain_mask(chain.links)
            for edge in outgoing.get(chain.end, ()):
                if edge.target in chain.bodies and mask & edge.mask:
                    start = chain.bodies.index(edge.target)
                    links = chain.links[start + 1 :] + (edge.delegation,)
                    cycles.setdefault(frozenset(links), links)
        for links in cycles.values():
            first = min(links, key=lambda d: (self.pack.delegations[d].location, d))
            rotated = links[links.index(first) :] + links[: links.index(first)]
            bodies = [self.pack.delegations[d].from_ for d in rotated] + [self.pack.delegations[first].from_]
            message = (
                f"delegation `{first}` delegates from `{bodies[0]}` to itself"
                if len(links) == 1
                else f"delegations {_list(rotated)} form a cycle: " + " → ".join(f"`{b}`" for b in bodies)
            )
            fix = "remove it" if len(links) == 1 else "remove one of them or narrow its functions"
            yield Diagnostic(
                "delegation-cycle",
                message,
                self.pack.delegations[first].location,
                f"authority never flows back to a body already on its chain; {fix}",
                "warning",
            )

    # ---- selectors and bodies --------------------------------------------------------------

    def _check_selectors(self, selectors=None):
        """selector-matches-nothing: a selector in a rule picks no body loaded.

        A pack that declares no bodies of its own (a framework, such as the law of @england) grants
        to kinds of body, most of them absent from any one load. A shipped framework is never blamed:
        its selectors pick bodies of the shipped packs that build on it, and a body whose `type` no
        rule uses is reported at the body (`unknown-body-type`). A framework of one's own is reported
        only where a value looks like a misspelling of a body type that no rule uses, so that the
        finding at the body and this one name each other's place.
        """
        for rule, field, selector in _selectors(self.pack) if selectors is None else selectors:
            if self.select(selector):
                continue
            frameworks = self._frameworks
            owner = self.packs.of(rule.location.file)
            if owner in frameworks and owner in self.packs.shipped:
                continue
            hint = self._hint(selector, owner in frameworks)
            if hint or owner not in frameworks:
                yield Diagnostic(
                    "selector-matches-nothing",
                    f"the `{field}` selector {_selector(selector)} of {rule.kind} `{rule.id}` matches no body",
                    rule.location,
                    hint or "load the packs that declare such bodies, or correct the selector",
                    "warning",
                )

    def select(self, selector: Selector) -> frozenset:
        """The bodies `selector` picks; `part_of: $delegator` picks a body part of any body (some delegator)."""
        if selector.part_of is not None and DELEGATOR in selector.part_of:
            selector = attrs.evolve(selector, part_of=self.parents)
        return self.index.select(selector)

    def _hint(self, selector: Selector, framework: bool = False) -> str | None:
        """Did-you-mean for the first selector value that is no body's id, kind, type or level at all. A
        framework's types are compared only with the body types no selector picks: a type some rule picks is
        no misspelling of the framework's, and the framework is no misspelling of it."""
        types = {b.type for b in self.pack.bodies.values() if b.type is not None}
        known = {
            "body": set(self.pack.bodies),
            "kind": set(BODY_KINDS),
            "level": set(LEVELS),
            "type": types - self.used_types if framework else types,
        }
        for key in ("body", "kind", "type", "level", "part_of", "within"):
            candidates = known["body" if key in ("part_of", "within") else key]
            for value in getattr(selector, key) or ():
                if value != DELEGATOR and value not in candidates:
                    return did_you_mean(value, candidates)
        return None

    @cached_property
    def _frameworks(self) -> set[str]:
        """Ids of the packs loaded that declare no bodies of their own."""
        with_bodies = {self.packs.of(body.location.file) for body in self.pack.bodies.values()}
        return {info.id for info in self.pack.packs} - with_bodies

    def _check_orphans(self):
        """orphan-body: nothing grants, delegates, names or reports to a body, and no selector picks it."""
        touched = {grant.holder for grant in self.compiled.grants}
        for delegation in self.pack.delegations.values():
            touched.update((delegation.from_, delegation.to))
        for body in self.pack.bodies.values():
            if body.members or body.accountable_to:
                touched.add(body.id)
            touched.update(body.members)
            touched.update(body.accountable_to)
            if body.part_of:
                touched.add(body.part_of)
        for _, _, selector in _selectors(self.pack):
            touched.update(self.select(selector))
        for rule in self.pack.rules():
            for condition in _conditions(rule):
                touched.update(condition.bodies())
        for body in self.pack.bodies.values():
            if body.id not in touched:
                yield Diagnostic(
                    "orphan-body",
                    f"body `{body.id}` holds no power or delegation and no rule, membership, "
                    "part_of or accountability line names it",
                    body.location,
                    "give it a power or a delegation, or remove it",
                    "warning",
                )

    def _roots(self, mask: int) -> list[str]:
        """The function ids in `mask` whose parent is not in it: the shortest way to name them."""
        bits = self.compiled.bits
        inside = {f for f in self.function_ids if mask >> bits[f] & 1}
        return [f for f in self.function_ids if f in inside and self.pack.functions[f].parent not in inside]


# ---- small helpers ---------------------------------------------------------------------------


def _conditions(rule):
    """Every condition of a rule, alternatives under `any` and `first_of` included."""
    todo: list[Condition] = list(getattr(rule, "conditions", ()))
    while todo:
        condition = todo.pop(0)
        yield condition
        todo.extend(condition.alternatives())


def _selectors(pack: Pack):
    """Every selector in a rule, as (rule, field, selector)."""
    return _selectors_of(pack.rules())


def _selectors_of(rules):
    """Every selector in `rules`, as (rule, field, selector)."""
    for rule in rules:
        for field in SELECTOR_FIELDS[rule.kind]:
            selectors = getattr(rule, field)
            for selector in () if isinstance(selectors, bool) else selectors:
                yield rule, field, selector


def _unworkable(code: str, delegation: Delegation, message: str, hint: str) -> Diagnostic:
    """A delegation that cannot work as written: an error in force; for a proposal, an info saying it
    would not work if adopted (a pack may record an unlawful proposal on purpose)."""
    if delegation.status == "proposed":
        return Diagnostic(
            code, f"{message}; this proposal would not work if adopted", delegation.location, hint, "info"
        )
    return Diagnostic(code, message, delegation.location, hint)


def _name(delegation: Delegation) -> str:
    return f"{'proposed ' if delegation.status == 'proposed' else ''}{delegation.kind} `{delegation.id}`"


def _list(ids, most: int = 3) -> str:
    ids = list(ids)
    shown = ", ".join(f"`{i}`" for i in ids[:most])
    return shown + (f" and {len(ids) - most} more" if len(ids) > most else "")


def _limit(pack: Pack, links, date) -> int | None:
    """The lowest limit on the links, as it stands on `date`."""
    limits = [amount for rule in map(pack.rule, links) if (amount := amount_on(rule, date)) is not None]
    return min(limits) if limits else None


def _overlap(a: Validity, b: Validity) -> bool:
    starts = [d for d in (a.start, b.start) if d is not None]
    ends = [d for d in (a.until, b.until) if d is not None]
    return not starts or not ends or max(starts) <= min(ends)


def _selector(selector: Selector) -> str:
    parts = []
    for key in SELECTOR_KEYS:
        values = getattr(selector, key)
        if values is None:
            continue
        shown = [str(v).lower() if isinstance(v, bool) else str(v) for v in values]
        parts.append(f"{key}: {shown[0] if len(shown) == 1 else '[' + ', '.join(shown) + ']'}")
    return "`{" + ", ".join(parts) + "}`"
