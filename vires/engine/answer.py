"""The shared answer step (SPEC 3.1 steps 3-8): evaluate derived chains for one question and explain.

Both engines derive the same chains once per load; everything that depends on the question —
dates, statuses, facts, amounts, proposals, reservations, exclusivity, prohibitions, conditions —
is evaluated here, for one question at a time, and never cached across questions.
"""

from __future__ import annotations

import functools
import operator
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import attrs

from vires.engine.absence import absent, citations, not_conferred_reason
from vires.engine.chains import Chain
from vires.engine.conditions import Needs, ReadFacts, apply_conditions, evaluate
from vires.engine.graph import AuthorityGraph
from vires.engine.membership import with_voting
from vires.engine.placing import Placing, exercisers_words
from vires.engine.question import Question
from vires.engine.resolve import resolve
from vires.engine.screen import Screens
from vires.pack.condition_kinds import VOTING
from vires.pack.model import LEVELS, Condition, Delegation, Limit, Power, limit_on, organisation
from vires.pack.selectors import a_kind, receivers
from vires.values import format_amount, show

MAX_EXAMINED = 100  # chains reaching the body examined per question (SPEC 3.1 step 7)
FAILED: frozenset = frozenset({"failed"})  # `_part`'s note of a check that failed


class Failure(Exception):
    """A link (or the whole chain) failed: the reason of SPEC 3.1 step 7."""

    def __init__(
        self,
        code: str,
        rule: str | None,
        message: str,
        restricted_by: str | None = None,
        restriction: str | None = None,
    ):
        super().__init__(message)
        self.reason = {"code": code, "rule": rule, "message": message}
        if restricted_by is not None:  # not-delegable: the rule whose `delegable` stops the hop
            self.reason["restricted_by"] = restricted_by
        if restriction is not None:  # the restriction that bites, cited by its own source where it has one
            self.reason["restriction"] = restriction


@attrs.frozen
class ValidChain:
    """A chain that passed every check for the question: how it ranks (SPEC 3.1 step 6), its limit, its needs."""

    rank: tuple
    chain: Chain
    limit: int | None
    needs: Needs


@attrs.frozen
class Verdict:
    """What one evaluation found: the outcome, the valid chains (sorted, chosen first), the reasons."""

    outcome: str
    valid: list[ValidChain]
    reasons: list[dict]
    truncated: bool


class Authority:
    """Derived chains indexed for answering; built once per load, queried per question."""

    def __init__(self, compiled: AuthorityGraph, chains: tuple[Chain, ...]):
        self.compiled = compiled
        self.pack = pack = compiled.pack
        self.chains = chains
        self.placing = Placing(compiled)
        self._ending: dict[str, list[tuple[Chain, int, str, int]]] = defaultdict(list)  # (chain, mask, org, position)
        self._statically_reachable: set[str] = set()  # delegations that end some statically delegable chain
        self._reach: dict[str, int] = defaultdict(int)  # body -> functions some chain to it covers
        self._reach_for: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))  # organisation -> body -> ..
        self._carried_by: dict[str, int] = defaultdict(int)  # organisation -> functions some chain of it carries
        self._from: dict[str, list[Delegation]] = defaultdict(list)
        self._to: dict[str, list[Delegation]] = defaultdict(list)
        self._exclusive_from: dict[str, list[Delegation]] = defaultdict(list)
        for delegation in pack.delegations.values():
            self._from[delegation.from_].append(delegation)
            self._to[delegation.to].append(delegation)
            if delegation.exclusive:
                self._exclusive_from[delegation.from_].append(delegation)
        # body -> the functions its exclusive delegations cover: where a question's is not among them, none bites
        self._exclusive_masks = {
            body: functools.reduce(operator.or_, (compiled.masks[d.id] for d in found), 0)
            for body, found in self._exclusive_from.items()
        }
        index = compiled.index
        masks = compiled.masks
        self._reservations = Bearing(pack.reservations.values(), lambda r: index.select_any(r.body), masks)
        self._reserved_to = {r.id: sorted(index.select_any(r.body)) for r in pack.reservations.values()}
        self._prohibitions = Bearing(pack.prohibitions.values(), lambda p: index.select_any(p.applies_to), masks)
        self._requirements = Bearing(pack.requirements.values(), lambda r: index.select_any(r.applies_to), masks)
        self._competitors = {
            d.id: self._competing(d, index) for d in pack.delegations.values() if d.residual is not False
        }
        self.screens = screens = Screens(compiled, chains, self._plain)
        for position, (chain, mask, root) in enumerate(zip(chains, screens.masks, screens.roots, strict=True)):
            self._ending[chain.end].append((chain, mask, root, position))
            self._reach[chain.end] |= mask
            self._reach_for[root][chain.end] |= mask
            self._carried_by[root] |= mask
            last = len(chain.links) - 1
            if last and last not in chain.undelegable:
                self._statically_reachable.add(chain.links[-1])
        self.sort_names = {b.id: (b.name.casefold(), b.id) for b in pack.bodies.values()}  # as `who` sorts bodies
        self.levels = {b.id: b.level for b in pack.bodies.values()}
        self._organisations: dict[int, list[str]] = {}  # `organisations_of`, by function bit
        self._sources: dict[int, tuple] = {}  # `source_json`, by the source's identity

    def source_json(self, source) -> dict:
        """A source as an answer cites it (its title from the pack's sources); worked out once a source."""
        held = self._sources.get(id(source))
        if held is None or held[0] is not source:
            cited = {"ref": source.ref}
            for key in ("section", "clause", "quote"):
                value = getattr(source, key)
                if value is not None:
                    cited[key] = value
            if not source.confirmed:
                cited["confirmed"] = False
            document = self.pack.sources.get(source.ref)
            cited["title"] = document.title if document else source.ref
            held = self._sources[id(source)] = (source, cited)
        return dict(held[1])  # a copy: an answer is the caller's to change

    def _plain(self, chain: Chain, index: int) -> bool:
        """Does the link at `index` pass whenever its chain passes the screen (`vires.engine.screen`), adding nothing
        outstanding and reading no fact? So for a link that `_Evaluation._check_link` would find only dates,
        statuses, periods and plain limits to check: no `where`, no dated limit, no prohibition on the body it
        reaches; for a delegation, no reservation or exclusive delegation on the body it leaves, no residual clause
        and a hop its `delegable` allows."""
        if index == 0:
            power = self.pack.powers[chain.links[0]]
            return not (power.where.tests or power.limits or chain.holder in self._prohibitions.grouped)
        delegation = self.pack.delegations[chain.links[index]]
        source = chain.bodies[index - 1]
        return not (
            delegation.where.tests
            or delegation.limits
            or chain.bodies[index] in self._prohibitions.grouped
            or source in self._reservations.grouped
            or source in self._exclusive_from
            or delegation.residual is not False
            or index in chain.undelegable
        )

    def _competing(self, residual: Delegation, index) -> list[Delegation]:
        """The non-residual delegations that may leave a residual one nothing to cover (SPEC 3.1 step 2).

        From the same body for `residual: true`; to a body the selector picks otherwise. Only those
        sharing a function with it can ever compete; the rest is decided per question.
        """
        masks = self.compiled.masks
        if residual.residual is True:
            pool = self._from.get(residual.from_, ())
        else:
            pool = [d for target in sorted(index.select_any(residual.residual)) for d in self._to.get(target, ())]
            pool.sort(key=lambda d: d.id)
        pool = [d for d in pool if d.kind == "delegation"]  # a designation is no delegation: it never competes
        return [d for d in pool if d.id != residual.id and d.residual is False and masks[d.id] & masks[residual.id]]

    # ---- the public questions --------------------------------------------------------------

    def ask(self, question: Question) -> dict:
        """The answer of SPEC 4.1 as JSON-ready data (`question.body` must be given), names resolved to ids."""
        return _Evaluation(self, resolve(question, self.pack)).answer()

    def verdict(self, question: Question) -> Verdict:
        """What `ask` finds before it is written out (`question.body` must be given): the outcome, the valid chains
        (the chosen first) and the reasons."""
        question = resolve(question, self.pack)
        assert question.body is not None, "a question for `ask` names its body"
        return _Evaluation(self, question).run(question.body)

    def who(self, question: Question) -> dict:
        """Every body that may take the decision, one entry per (body, organisation it acts for), sorted by
        organisation, then lowest level first (SPEC 4.1), then by name and id."""
        question = resolve(question, self.pack)
        return {"question": question.to_json(), "bodies": _Evaluation(self, question).holders()}

    def first_failure(self, chain: Chain, question: Question) -> tuple[int, dict] | None:
        """The first link of `chain` that fails for `question` (its index and why-not reason), or None
        when every link passes. The link checks of SPEC 3.1 step 7 only: the limit, the decider's own
        exclusive delegations and conditions are left out, since they bear on one decision, not on
        whether a rule passes anything on (the diagram's question)."""
        evaluation = _Evaluation(self, question)
        needs = Needs()
        for index in range(len(chain.links)):
            try:
                evaluation._check_link(chain, index, needs)
            except Failure as failure:
                return index, failure.reason
        return None

    def candidates(self, body: str, function: str, organisation: str | None = None) -> list[Chain]:
        """Chains reaching `body` whose every link covers `function` (and, given one, rooted in `organisation`),
        in the canonical order."""
        return [chain for chain, _position in self._candidates(body, self.compiled.bit(function), organisation)]

    def _candidates(self, body: str, bit: int, organisation: str | None) -> list[tuple[Chain, int]]:
        """`candidates`, each chain with its position in the derivation."""
        return [
            (chain, position)
            for chain, mask, root, position in self._ending.get(body, ())
            if mask & bit and (organisation is None or root == organisation)
        ]

    def organisations(self, body: str, function: str) -> list[str]:
        """The organisations whose chains for `function` reach `body`, sorted by id."""
        bit = self.compiled.bit(function)
        return sorted({root for _chain, mask, root, _position in self._ending.get(body, ()) if mask & bit})

    def reaching(self, function: str, organisation: str | None = None) -> list[str]:
        """The bodies some chain covering `function` (of `organisation`, when given) reaches, sorted by id."""
        bit = self.compiled.bit(function)
        reach = self._reach if organisation is None else self._reach_for.get(organisation, {})
        return sorted(b for b, mask in reach.items() if mask & bit)

    def reach(self, body: str) -> int:
        """The functions some chain to `body` carries, as a mask."""
        return self._reach.get(body, 0)

    def organisations_of(self, function: str) -> list[str]:
        """The organisations some chain covering `function` is rooted in, in the order `who` groups them."""
        bit = self.compiled.bit(function)
        found = self._organisations.get(bit)
        if found is None:
            found = [org for org, mask in self._carried_by.items() if mask & bit]
            found = self._organisations[bit] = sorted(found, key=self.sort_names.__getitem__)
        return list(found)


class Bearing:
    """Rules grouped by each body their selector picks, in rule-id order; bodies picked by the same rules share one
    tuple of them, so what bears on a function is worked out once for each such set."""

    def __init__(self, rules, select, masks: Mapping[str, int]):
        grouped: dict[str, list] = defaultdict(list)
        for rule in rules:
            for body in select(rule):
                grouped[body].append(rule)
        shared: dict[tuple[str, ...], tuple] = {}
        self.grouped = {
            body: shared.setdefault(tuple(rule.id for rule in found), tuple(found)) for body, found in grouped.items()
        }
        self._masks = masks
        self._on: dict[tuple[int, int], tuple] = {}

    def on(self, body: str, bit: int) -> tuple:
        """The rules of `body` that cover the function of `bit` (the same tuple for bodies picked by the same rules)."""
        rules = self.grouped.get(body)
        if not rules:
            return ()
        key = (id(rules), bit)
        found = self._on.get(key)
        if found is None:
            masks = self._masks
            found = self._on[key] = tuple(rule for rule in rules if masks[rule.id] & bit)
        return found


class _Evaluation:
    """One question against the index: the link checks, the choice of chain and the explanation."""

    def __init__(self, authority: Authority, question: Question):
        self.authority = authority
        self.pack = authority.pack
        self.question = question
        self.function = question.decision
        self.masks = authority.compiled.masks
        self.bit = authority.compiled.bit(question.decision)
        self.date = question.date
        self.day = question.date.toordinal()
        self.facts = ReadFacts(question.all_facts())
        self._exclusive_memo: dict[tuple[str, str | None], tuple] = {}
        self._parts: dict[tuple, frozenset] = {}  # `_once`'s findings for this question: parts and deciders
        self._judging: dict[str, tuple[ReadFacts, tuple | None]] = {}  # `_judged_on`'s, by deciding body
        self._in_period: dict[int, tuple] = {}  # `_applying`'s, by the identity of the requirements bearing

    # ---- answer ----------------------------------------------------------------------------

    def answer(self) -> dict:
        """The answer of SPEC 4.1 as JSON-ready data."""
        body = self.question.body
        assert body is not None, "a question for `ask` names its body"
        verdict = self.run(body)
        chains = [self._chain_json(v.chain, v.limit, v.needs) for v in verdict.valid]
        answer: dict[str, Any] = {
            "question": self.question.to_json(),
            "outcome": verdict.outcome,
            "chains": chains,
            "reasons": [self._cited(reason) for reason in verdict.reasons],
        }
        if chains:
            answer["organisation"] = chains[0]["organisation"]  # on whose behalf the chosen chain decides
        if verdict.truncated:
            answer["truncated"] = True
        unused = sorted(set(self.question.facts) - self.facts.read)
        if unused:
            answer["unused_facts"] = unused  # given, and read by no rule that bears on this decision
        return answer

    def run(self, body: str, organisation: str | None = None) -> Verdict:
        """Evaluate the chains reaching `body` (of `organisation`, or the question's, when one is given); the valid
        ones sorted, the chosen first (step 6), or, where no chain brings the function, where it lies instead."""
        reasons: list[dict] = []
        seen: set = set()
        organisation = organisation or self.question.organisation

        def reason(found: dict) -> None:
            key = (found["code"], found["rule"])
            if key not in seen:
                seen.add(key)
                reasons.append(found)

        declared = self.authority.placing.not_conferred(self.bit)
        if declared:  # no law confers it: nothing else is looked at
            for rule in declared:
                reason(not_conferred_reason(rule, self.function))
            return Verdict("denied", [], reasons, False)
        prohibited = False
        for prohibition in self._prohibitions(body):
            if evaluate(prohibition.where, self.facts)[0]:
                prohibited = True
                reason(self._prohibited(prohibition, body).reason)
        candidates = self.authority._candidates(body, self.bit, organisation)
        valid = []
        for chain, position in candidates[:MAX_EXAMINED]:
            try:
                valid.append(self._evaluate(chain, position))
            except Failure as failure:
                reason(failure.reason)
        if not candidates:
            for found in absent(self, body, organisation):
                reason(found)
        if prohibited:
            valid = []
        valid.sort(key=lambda v: v.rank)
        if not valid:
            outcome = "denied"
            for note in self._reserved_elsewhere(body):
                reason(note)
        elif valid[0].needs.outstanding:
            outcome = "conditional"
        else:
            outcome = "permitted"
        return Verdict(outcome, valid, reasons, len(candidates) > MAX_EXAMINED)

    def _reserved_elsewhere(self, body: str) -> list[dict]:
        """`reserved` notes for a body that lacks the function: each reservation keeping it with other bodies."""
        notes = []
        for reservation in self.pack.reservations.values():
            holders = self.authority._reserved_to[reservation.id]
            if self._covered(reservation.id) and holders and body not in holders:
                to = ", ".join(f"`{b}`" for b in holders[:3]) + (
                    f" and {len(holders) - 3} more" if len(holders) > 3 else ""
                )
                notes.append(
                    {
                        "code": "reserved",
                        "rule": reservation.id,
                        "message": f"`{self.function}` is reserved to {to} by `{reservation.id}`",
                    }
                )
        return notes

    def _evaluate(self, chain: Chain, position: int) -> ValidChain:
        """Check every link in order, then the decider and the limit; Failure at the first that fails. Where the
        chain passes the screen, only the links it leaves to be checked are (the others would pass)."""
        needs = Needs()
        self._check_placement(chain)
        screens = self.authority.screens
        screened = screens.may_pass(position, self.day, self.question.include_proposed, self.question.amount)
        for index in screens.checked[position] if screened else range(len(chain.links)):
            self._check_link(chain, index, needs)
        decider = chain.end
        self._check_exclusive(decider, None, needs, link=None)
        limit, lowest = self._limit(chain)
        amount = self.question.amount
        if amount is not None and limit is not None and limit < amount:
            rule = chain.links[lowest]
            _limit, entry = self._dated(self.pack.rule(rule))
            since = f", its limit from {entry.start}" if entry is not None and entry.start else ""
            raise Failure(
                "exceeds-limit",
                rule,
                f"limit {format_amount(limit)} at link {lowest + 1} (`{rule}`{since}) < {format_amount(amount)} asked",
                restriction="limit",
            )
        self._add_conditions(chain, position, needs)
        key = (
            needs.count(),
            -(limit if limit is not None else float("inf")),
            len(chain.links),
            chain.links,
            chain.bodies,
        )
        return ValidChain(key, chain, limit, needs)

    def holders(self, organisation: str | None = None) -> list[dict]:
        """Every (body, organisation) that may take the decision, as `who` lists them.

        The chains carrying the function are screened first (`vires.engine.screen`): of each (body, organisation)'s
        first `MAX_EXAMINED` candidates, as `run` takes them, only those the screen lets through are checked."""
        found: list[dict[str, Any]] = []
        if self.authority.placing.not_conferred(self.bit):
            return found
        wanted = organisation or self.question.organisation
        screens = self.authority.screens
        day, amount = self.day, self.question.amount
        include_proposed = self.question.include_proposed
        levels = self.authority.levels
        for root in (wanted,) if wanted else self.authority.organisations_of(self.function):
            for body, positions in screens.groups(self.bit, root, MAX_EXAMINED):
                passing = [p for p in positions if screens.may_pass(p, day, include_proposed, amount)]
                chosen = self._chosen(body, passing) if passing else None
                if chosen is None:
                    continue
                rank, limit = chosen
                level = levels[body]
                found.append(
                    {
                        "body": body,
                        "organisation": root,
                        "level": level,
                        "outcome": "conditional" if rank[0] else "permitted",
                        "limit": limit,
                        "chain": list(rank[3]),
                    }
                )
        names = self.authority.sort_names
        found.sort(
            key=lambda f: (
                names[f["organisation"]],
                LEVELS.index(f["level"]),
                f["outcome"] != "permitted",
                -len(f["chain"]),
                names[f["body"]],
            )
        )
        return found

    def _chosen(self, body: str, positions: list[int]) -> tuple[tuple, int | None] | None:
        """The rank and limit of the chain `run` would choose for `body` among the chains at `positions` (which pass
        the screen), or None when none is valid or `body` is prohibited (the outcome alone: no reasons are
        gathered)."""
        if any(evaluate(p.where, self.facts)[0] for p in self._prohibitions(body)):
            return None
        ranked = [found for found in map(self._ranked, positions) if found is not None]
        return min(ranked) if ranked else None

    def _ranked(self, position: int) -> tuple[tuple, int | None] | None:
        """The rank `_evaluate` gives the chain at `position` (which passes the screen) and its limit, or None when
        it fails; counting the outstanding entries by their keys, each link's checks, each rule's conditions and each
        decider's worked out once a question. The links the screen settles are not checked again."""
        authority = self.authority
        chain = authority.chains[position]
        screens = authority.screens
        keys: set = set()
        facts, voting = self._judged_on(chain.end)  # conditions are judged on the decider's voters, if it lists any
        try:
            if authority.placing.placed:
                self._check_placement(chain)
            links, bodies = chain.links, chain.bodies
            for index, of_rule in screens.steps[position]:
                if of_rule:
                    found = self._part(("rule", links[index], voting), self._rule_conditions, links[index], facts)
                else:
                    source = bodies[index - 1] if index else None
                    key = ("link", index, links[index], source, bodies[index], index in chain.undelegable)
                    found = self._part(key, self._check_link, chain, index)
                if found:
                    keys |= found
            decider = self._decider_keys(chain.end)
        except Failure:
            return None
        if decider:
            keys |= decider
        if screens.dated[position]:
            limit, _lowest = self._limit(chain)
            amount = self.question.amount
            if amount is not None and limit is not None and limit < amount:
                return None
        else:  # the lowest plain limit, which the screen has held the amount to
            limit = screens.limit[position]
        rank = (len(keys), -(limit if limit is not None else float("inf")), len(chain.links), chain.links, chain.bodies)
        return rank, limit

    def _decider_keys(self, body: str) -> frozenset:
        """The outstanding keys the decider adds (`_check_exclusive`, then `_decider_conditions`); requirements
        and quorums worked out once a question, whichever body they bind; the whole worked out once a body."""
        return self._once(("decider", body), lambda: self._decider_parts(body))

    def _decider_parts(self, body: str) -> frozenset:
        keys: frozenset = frozenset()
        if body in self.authority._exclusive_from:  # `_exclusives` skips at once those covering another function
            keys = self._part(("exclusive", body), self._check_exclusive, body, None)
        facts, voting = self._judged_on(body)
        applying = self._applying(body)
        if applying:  # the same for every body the same requirements bind, with the same voters
            keys |= self._part(("requirements", id(applying), voting), self._requirements, applying, facts)
        quorum = self.pack.bodies[body].quorum
        if quorum is not None:  # its entries are the body's own: worked out once for `""`, then named for it
            common = self._part(("quorum", quorum, voting), self._quorum, "", quorum, facts)
            keys |= {(k[0], body, *k[2:]) for k in common}
        return keys

    def _requirements(self, applying: tuple, facts: ReadFacts, needs: Needs) -> None:
        for requirement in applying:
            self._requirement(requirement, facts, needs)

    def _part(self, key: tuple, check, *args) -> frozenset:
        """The keys of the outstanding entries `check(*args, needs)` adds to a fresh `Needs`, worked out once a
        question; raises Failure (without its reason, which may be another chain's) when the check fails."""

        def keys() -> frozenset:
            needs = Needs()
            check(*args, needs)
            return frozenset(needs.keys)

        return self._once(key, keys)

    def _once(self, key: tuple, work) -> frozenset:
        """`work()`'s keys, worked out once a question; Failure (without its reason) whenever it failed."""
        found = self._parts.get(key)
        if found is None:
            try:
                found = work()
            except Failure:
                found = FAILED
            self._parts[key] = found
        if found is FAILED:
            raise Failure("failed", None, "")
        return found

    def _chain_json(self, chain: Chain, limit: int | None, needs: Needs) -> dict:
        links = [self._link_json(chain, i) for i in range(len(chain.links))]
        return {
            "limit": limit,
            "accountable": chain.holder,
            "organisation": organisation(chain.holder, self.pack.bodies),
            "links": links,
            "outstanding": needs.outstanding,
            "met": needs.met,
            "obligations": needs.obligations,
        }

    # ---- link checks (SPEC 3.1 step 7 order) --------------------------------------------------

    def _check_placement(self, chain: Chain) -> None:
        """`exercised-elsewhere`: the law has the chain organisation's function exercised by bodies it never reaches."""
        root = organisation(chain.holder, self.pack.bodies)
        placed = self.authority.placing.misplaced(chain, self.bit, root)
        if placed is not None:
            rule = placed.rule
            raise Failure(
                "exercised-elsewhere",
                rule.id,
                f"`{self.function}` is `{root}`'s function, exercised only by {exercisers_words(rule)} "
                f"(`{rule.id}`), and chain {' > '.join(chain.links)} passes through none",
            )

    def _check_link(self, chain: Chain, index: int, needs: Needs) -> None:
        rule_id = chain.links[index]
        target = chain.bodies[index]
        at = f"link {index + 1}"
        rule: Power | Delegation
        if index == 0:
            rule = self.pack.powers[rule_id]
            self._check_dates(rule.valid, f"power `{rule_id}` ({at})", rule_id)
            self._check_limit_dates(rule, f"power `{rule_id}` ({at})")
        else:
            rule = delegation = self.pack.delegations[rule_id]
            source = chain.bodies[index - 1]
            name = f"{delegation.kind} `{rule_id}` ({at})"
            if delegation.status == "revoked":
                raise Failure("revoked", rule_id, f"{name} has been revoked")
            if delegation.status == "proposed" and not self.question.include_proposed:
                raise Failure("proposed-not-in-force", rule_id, f"{name} is proposed, not in force")
            self._check_dates(delegation.valid, name, rule_id)
            self._check_limit_dates(delegation, name)
            for reservation in self._reservations(source) if delegation.kind == "delegation" else ():
                if delegation.rule_id not in reservation.except_via:
                    raise Failure(
                        "reserved",
                        reservation.id,
                        f"`{self.function}` is reserved to `{source}` by `{reservation.id}`, "
                        f"so {name} cannot pass it to `{target}`",
                    )
            self._check_exclusive(source, rule_id, needs, link=index)
            if delegation.residual is not False:
                self._check_residual(delegation, name, needs)
            if index in chain.undelegable:
                message, restricted_by = self._undelegable(chain, index, name)
                raise Failure("not-delegable", rule_id, message, restricted_by, "delegable")
        holds, failed, missing = evaluate(rule.where, self.facts)
        if failed:
            tests = "; ".join(t.describe() for t in failed)
            raise Failure(
                "where-not-met",
                rule_id,
                f"{rule.kind} `{rule_id}` ({at}) applies only where {tests}; the question has {self._facts_of(failed)}",
            )
        if missing:
            needs.missing(rule_id, missing)
        self._check_body(target, rule_id, at, needs)

    def _check_dates(self, validity, name: str, rule_id: str) -> None:
        problem = validity.check(self.date)
        if problem == "not-yet-valid":
            raise Failure(
                problem, rule_id, f"{name} applies only from {validity.start}; the decision date is {self.date}"
            )
        if problem == "expired":
            raise Failure(problem, rule_id, f"{name} ended on {validity.until}; the decision date is {self.date}")

    def _check_limit_dates(self, rule: Power | Delegation, name: str) -> None:
        """A dated limit says nothing before its first entry: the rule gives no authority then (`not-yet-valid`)."""
        if rule.limits and limit_on(rule.limits, self.date) is None:
            raise Failure(
                "not-yet-valid",
                rule.id,
                f"{name} sets its limit only from {rule.limits[0].start}; the decision date is {self.date}",
            )

    def _dated(self, rule: Power | Delegation) -> tuple[int | None, Limit | None]:
        """The rule's limit on the decision date, and the dated entry that sets it (None for a plain limit)."""
        if not rule.limits:
            return rule.limit, None
        entry = limit_on(rule.limits, self.date)
        return (entry.amount, entry) if entry is not None else (None, None)

    def _check_body(self, body_id: str, rule_id: str, at: str, needs: Needs) -> None:
        body = self.pack.bodies[body_id]
        if body.valid.check(self.date):
            period = " ".join(
                p
                for p in (
                    f"from {body.valid.start}" if body.valid.start else "",
                    f"until {body.valid.until}" if body.valid.until else "",
                )
                if p
            )
            raise Failure(
                "body-not-valid", rule_id, f"`{body_id}` ({at}) exists only {period}; the decision date is {self.date}"
            )
        for prohibition in self._prohibitions(body_id):
            if self._holds(prohibition, needs):
                raise self._prohibited(prohibition, body_id)

    def _prohibited(self, prohibition, body_id: str) -> Failure:
        why = f": {prohibition.reason}" if prohibition.reason else ""
        return Failure(
            "prohibited",
            prohibition.id,
            f"`{body_id}` may not decide `{self.function}` (prohibition `{prohibition.id}`){why}",
        )

    def _check_exclusive(self, body: str, through: str | None, needs: Needs, link: int | None = None) -> None:
        """SPEC 3.1 step 3: an effective exclusive delegation from `body` suspends its own authority."""
        for delegation, missing in self._exclusives(body, through):
            if missing:
                needs.missing(delegation.id, missing)
                continue
            if link is None:
                doing = "may not exercise it itself"
            else:
                doing = f"may not pass it on by `{through}` (link {link + 1})"
            raise Failure(
                "exclusively-delegated",
                delegation.id,
                f"`{body}` has delegated `{self.function}` exclusively to `{delegation.to}` "
                f"by `{delegation.id}`, so it {doing}",
            )

    def _exclusives(self, body: str, through: str | None) -> tuple:
        """The effective exclusive delegations from `body` (other than `through`) this decision falls within.

        Each comes with the facts missing to tell (an empty tuple when it certainly applies).
        """
        if not self.authority._exclusive_masks.get(body, 0) & self.bit:
            return ()
        key = (body, through)
        if key not in self._exclusive_memo:
            found = []
            for delegation in self.authority._exclusive_from.get(body, ()):
                if delegation.id != through:
                    within = self._within_exclusive(delegation)
                    if within is not None:
                        found.append((delegation, within))
            self._exclusive_memo[key] = tuple(found)
        return self._exclusive_memo[key]

    def _within_exclusive(self, delegation: Delegation) -> tuple | None:
        """None if `delegation` is not effective for this decision; else the facts missing to be sure."""
        if not self._covered(delegation.id):
            return None
        if not self._in_force(delegation) or delegation.valid.check(self.date):
            return None
        if any(delegation.rule_id not in r.except_via for r in self._reservations(delegation.from_)):
            return None
        if delegation.id not in self.authority._statically_reachable:
            return None
        target = self.pack.bodies[delegation.to]
        if target.valid.check(self.date):
            return None
        if any(evaluate(p.where, self.facts)[0] for p in self._prohibitions(delegation.to)):
            return None
        holds, failed, missing = evaluate(delegation.where, self.facts)
        if failed:
            return None
        needed = list(missing)
        if delegation.limits and limit_on(delegation.limits, self.date) is None:
            return None
        limit, _entry = self._dated(delegation)
        if limit is not None:
            if self.question.amount is None:
                needed.append("amount")
            elif self.question.amount > limit:
                return None
        return tuple(needed)

    def _check_residual(self, delegation: Delegation, name: str, needs: Needs) -> None:
        """SPEC 3.1 step 2: a residual delegation covers only what no other non-residual one covers."""
        for other in self.authority._competitors[delegation.id]:
            if not self._covered(other.id):
                continue
            if not self._in_force(other) or other.valid.check(self.date):
                continue
            if not self._holds(other, needs):
                continue
            raise Failure(
                "no-authority",
                delegation.id,
                f"{name} is residual, and `{other.id}` already delegates `{self.function}` to `{other.to}`",
            )

    def _undelegable(self, chain: Chain, index: int, name: str) -> tuple[str, str]:
        """Which rule stops the hop, and to whom it lets the function go (its `delegable`); and that rule."""
        source, target = chain.bodies[index - 1], chain.bodies[index]
        power = chain.links[0]
        kind = self.pack.bodies[target].kind
        if not self.authority.compiled.delegable_to(power, target, source):
            allowed = receivers(self.pack.powers[power].delegable, source)
            return (
                f"{name}: the power `{power}` lets `{source}` delegate `{self.function}` "
                f"{allowed}, and `{target}` is {a_kind(kind)}"
            ), power
        before = chain.links[index - 1]
        allowed = receivers(self.pack.delegations[before].delegable, source)
        return (
            f"{name}: `{before}` lets `{source}` pass `{self.function}` on {allowed}, and `{target}` is {a_kind(kind)}"
        ), before

    # ---- conditions, limits and output -----------------------------------------------------

    def _add_conditions(self, chain: Chain, position: int, needs: Needs) -> None:
        facts, _voting = self._judged_on(chain.end)
        for _index, rule_id in self.authority.screens.conditioned[position]:  # the chain's rules that have any
            self._rule_conditions(rule_id, facts, needs)
        self._decider_conditions(chain.end, facts, needs)

    def _judged_on(self, body: str) -> tuple[ReadFacts, tuple | None]:
        """The facts conditions are judged on where `body` decides (with the members who may vote on the function,
        for a body that lists them: `with_voting`), and those voters (None for a body that lists no members)."""
        found = self._judging.get(body)
        if found is None:
            facts = with_voting(self.pack, body, self.facts, self.date, self.function)  # a quorum of members
            found = self._judging[body] = (facts, None if facts is self.facts else facts._plain[VOTING])
        return found

    def _rule_conditions(self, rule_id: str, facts: ReadFacts, needs: Needs) -> None:
        apply_conditions(needs, rule_id, self.pack.rule(rule_id).conditions, facts, self.date)

    def _decider_conditions(self, body: str, facts: ReadFacts, needs: Needs) -> None:
        for requirement in self._applying(body):
            self._requirement(requirement, facts, needs)
        quorum = self.pack.bodies[body].quorum
        if quorum is not None:
            self._quorum(body, quorum, facts, needs)
        decides_by = self.pack.bodies[body].decides_by
        if decides_by:
            needs.obligation("decides_by", decides_by, body)

    def _applying(self, body: str) -> tuple:
        """The requirements on `body` that bear on the decision in their period (outside it one never gives
        `expired`): the same tuple for every body the same requirements bind, worked out once a question."""
        bearing = self.authority._requirements.on(body, self.bit)
        if not bearing:
            return ()
        found = self._in_period.get(id(bearing))
        if found is None:
            found = self._in_period[id(bearing)] = tuple(r for r in bearing if not r.valid.check(self.date))
        return found

    def _requirement(self, requirement, facts: ReadFacts, needs: Needs) -> None:
        if self._holds(requirement, needs):
            apply_conditions(needs, requirement.id, requirement.conditions, facts, self.date)

    def _quorum(self, body: str, quorum, facts: ReadFacts, needs: Needs) -> None:
        apply_conditions(needs, body, (Condition.of(quorum=quorum),), facts, self.date)

    def _limit(self, chain: Chain) -> tuple[int | None, int]:
        """The chain's limit (the lowest of its links') and the first link that sets it."""
        limit, lowest = None, 0
        for index, rule_id in enumerate(chain.links):
            amount, _entry = self._dated(self.pack.rule(rule_id))
            if amount is not None and (limit is None or amount < limit):
                limit, lowest = amount, index
        return limit, lowest

    def _link_json(self, chain: Chain, index: int) -> dict:
        rule_id = chain.links[index]
        rule: Power | Delegation
        link: dict[str, Any]
        if index == 0:
            rule = self.pack.powers[rule_id]
            limit, entry = self._dated(rule)
            link = {"rule": rule_id, "kind": "power", "holder": chain.holder}
            if limit is not None:
                link["limit"] = limit
        else:
            rule = self.pack.delegations[rule_id]
            limit, entry = self._dated(rule)
            link = {
                "rule": rule_id,
                "kind": rule.kind,  # a delegation, or a designation (the deputy acting as `from`)
                "from": chain.bodies[index - 1],
                "to": chain.bodies[index],
                "limit": limit,
            }
        if entry is not None:  # a dated limit: the entry in force on the decision date, cited
            if entry.start is not None:
                link["limit_from"] = entry.start.isoformat()
            link["limit_source"] = self.authority.source_json(entry.source or rule.source)
        link["source"] = self.authority.source_json(rule.source)
        return link

    def _cited(self, reason: dict) -> dict:
        """The reason with the citation of each rule it rests on, as the text gives: `rule`, and `restricted_by`,
        each by the restriction's own source where that bites and has one; then the links of each chain the
        function lies with instead (`held_by`)."""
        return {**reason, "citations": citations(self, reason)}

    # ---- small lookups -------------------------------------------------------------------------

    def _in_force(self, delegation: Delegation) -> bool:
        return delegation.status == "in-force" or (delegation.status == "proposed" and self.question.include_proposed)

    def _holds(self, rule, needs: Needs) -> bool:
        """Does `rule`'s `where` hold? Where no test fails but facts are lacking, they are recorded as
        outstanding (never assumed) and the `where` counts as not holding."""
        holds, failed, missing = evaluate(rule.where, self.facts)
        if missing and not failed:
            needs.missing(rule.id, missing)
        return holds

    def _covered(self, rule_id: str) -> bool:
        return bool(self.masks[rule_id] & self.bit)

    def _reservations(self, body: str) -> tuple:
        return self.authority._reservations.on(body, self.bit)

    def _prohibitions(self, body: str) -> tuple:
        return self.authority._prohibitions.on(body, self.bit)

    def _facts_of(self, tests) -> str:
        parts = []
        for test in tests:
            values = self.facts.get(test.fact, ())
            parts.append(f"{test.fact} = {', '.join(show(v) for v in values)}")
        return "; ".join(parts)
