"""The rule-pack model: frozen value classes for everything a pack declares (SPEC 3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from vires.errors import NOWHERE, Location
from vires.pack.condition_kinds import KINDS
from vires.values import Where

BODY_KINDS = (
    "statutory-body",
    "committee",
    "sub-committee",
    "joint-committee",
    "committees-in-common",
    "partnership",
    "officer",
    "member",
    "group",
)
LEVELS = ("neighbourhood", "place", "system", "region", "national")  # lowest first: subsidiarity order
STATUSES = ("in-force", "proposed", "revoked")
DELEGATOR = "$delegator"


@attrs.frozen(kw_only=True)
class Validity:
    """An inclusive period; either end may be open."""

    start: dt.date | None = None  # `valid.from` in YAML
    until: dt.date | None = None

    def check(self, date: dt.date) -> str | None:
        """None when `date` falls in the period, else `not-yet-valid` or `expired`."""
        if self.start is not None and date < self.start:
            return "not-yet-valid"
        if self.until is not None and date > self.until:
            return "expired"
        return None

    def words(self, day=dt.date.isoformat) -> str:
        """`from 2019-07-23 until 2024-03-31`, each end written by `day`; either left out where open."""
        ends = (f"from {day(self.start)}" if self.start else "", f"until {day(self.until)}" if self.until else "")
        return " ".join(end for end in ends if end)


ALWAYS = Validity()


@attrs.frozen(kw_only=True)
class Source:
    """A citation: the document (`ref`, a source id) and where in it."""

    ref: str
    section: str | None = None
    clause: str | None = None
    quote: str | None = None
    note: str | None = None
    confirmed: bool = True

    @property
    def place(self) -> str | None:
        """`s.101(2)` or `clause 4.2`, whichever is given."""
        if self.section:
            return self.section
        if self.clause:
            return f"clause {self.clause}"
        return None


@attrs.frozen(kw_only=True)
class Limit:
    """One entry of a dated limit: `amount` pounds per decision from `start` (`from` in YAML; None: always).

    `source` cites the entry where it has its own citation (an index-linked threshold set anew).
    """

    amount: int
    start: dt.date | None = None
    source: Source | None = None


def limit_on(limits: tuple[Limit, ...], date: dt.date) -> Limit | None:
    """The entry of a dated limit in force on `date` (the latest that has started); None before the first."""
    found = None
    for entry in limits:
        if entry.start is None or entry.start <= date:
            found = entry
    return found


def amount_on(rule: Any, date: dt.date) -> int | None:
    """A power's or delegation's limit on `date`: its plain limit, or the amount of the dated entry in force
    (None before the first entry, when the rule gives no authority at all)."""
    if not rule.limits:
        return rule.limit
    entry = limit_on(rule.limits, date)
    return entry.amount if entry is not None else None


@attrs.frozen(kw_only=True)
class Document:
    """A document cited by rules: statute, regulation, scheme, MOU, paper."""

    id: str
    title: str
    kind: str
    date: dt.date | None = None
    edition: str | None = None
    retrieved: dt.date | None = None
    url: str | None = None
    location: Location = NOWHERE


@attrs.frozen(kw_only=True)
class Selector:
    """Picks bodies; every key given must match, a tuple matches any of its items (SPEC 3)."""

    body: tuple[str, ...] | None = None
    kind: tuple[str, ...] | None = None
    type: tuple[str, ...] | None = None
    level: tuple[str, ...] | None = None
    part_of: tuple[str, ...] | None = None  # may hold DELEGATOR inside `delegable`
    within: tuple[str, ...] | None = None
    statutory: tuple[bool, ...] | None = None


@attrs.frozen(kw_only=True)
class Condition:
    """A condition on a power, delegation or requirement (SPEC 3.2); all parts given must hold.

    `parts` holds each kind given (`vires.pack.condition_kinds.KINDS`) with its value, in the
    table's order: bodies as tuples of ids, `report_to` as (body, every) pairs, counts as ints,
    `record` and `publish` as sorted (key, value) pairs. `any` holds free alternatives, `first_of`
    ordered fallbacks; `valid` the period in which the condition applies at all.
    Build one with `Condition.of(consult=("chair",), notice_days=28)`.
    """

    parts: tuple[tuple[str, Any], ...] = ()
    where: Where = Where()
    valid: Validity = ALWAYS
    any: tuple[Condition, ...] = ()
    first_of: tuple[Condition, ...] = ()
    blocking: bool = True

    @classmethod
    def of(
        cls,
        *,
        where: Where = Where(),
        valid: Validity = ALWAYS,
        any: tuple[Condition, ...] = (),
        first_of: tuple[Condition, ...] = (),
        blocking: bool = True,
        **parts: Any,
    ) -> Condition:
        """A condition from its kinds by key; a kind given as None, False or empty is not given."""
        unknown = set(parts) - set(KINDS)
        if unknown:
            raise TypeError(f"no condition kind {sorted(unknown)}")
        given = tuple((key, parts[key]) for key in KINDS if parts.get(key) not in (None, False, (), []))
        return cls(parts=given, where=where, valid=valid, any=any, first_of=first_of, blocking=blocking)

    def alternatives(self) -> tuple[Condition, ...]:
        """The conditions nested under this one: its `any` alternatives, then its `first_of` fallbacks."""
        return self.any + self.first_of

    def bodies(self) -> tuple[str, ...]:
        """The bodies this condition names (to consult, approve, report to), alternatives not included."""
        named: list[str] = []
        for key, value in self.parts:
            reads = KINDS[key].reads
            if reads == "bodies":
                named.extend(value)
            elif reads == "report":
                named.extend(body for body, _every in value)
        return tuple(named)

    def refs(self) -> tuple[str, ...]:
        """The functions or sources this condition names (to have regard to)."""
        return tuple(ref for key, value in self.parts if KINDS[key].reads == "refs" for ref in value)

    def value(self, key: str) -> Any:
        """The value of kind `key`, or None where this condition does not give it."""
        for part, value in self.parts:
            if part == key:
                return value
        return None


@attrs.frozen(kw_only=True)
class Member:
    """A seat on a body: who holds it (an elected member, an officer, another organisation's nominee), whether it
    carries a vote (a bare id in `members` does), whether it is co-opted, and where the seat is made."""

    body: str
    voting: bool = True
    co_opted: bool = False
    source: Source | None = None


@attrs.frozen(kw_only=True)
class Body:
    id: str
    name: str
    kind: str
    level: str
    type: str | None = None
    part_of: str | None = None
    seats: tuple[Member, ...] = ()
    statutory: bool = True
    accountable_to: tuple[str, ...] = ()
    decides_by: str | None = None
    quorum: int | None = None
    valid: Validity = ALWAYS
    short_name: str | None = None  # for diagrams and headings where `name` is too long
    location: Location = NOWHERE

    @property
    def members(self) -> tuple[str, ...]:
        """The ids of who sits on the body, in the order written."""
        return tuple(seat.body for seat in self.seats)


@attrs.frozen(kw_only=True)
class Function:
    id: str
    name: str
    short_name: str | None = None  # for diagrams where `name` is too long
    declared: bool = True  # False for an ancestor implied by a dotted id
    location: Location = NOWHERE

    @property
    def parent(self) -> str | None:
        return self.id.rpartition(".")[0] or None


@attrs.frozen(kw_only=True)
class Power:
    id: str
    holder: tuple[Selector, ...]
    functions: tuple[str, ...]
    source: Source
    except_: tuple[str, ...] = ()
    limit: int | None = None  # a dated limit: the latest entry's amount (`limits` holds every entry)
    limits: tuple[Limit, ...] = ()  # a dated limit's entries, in date order; empty for a plain limit
    valid: Validity = ALWAYS
    where: Where = Where()
    delegable: bool | tuple[Selector, ...] = True
    conditions: tuple[Condition, ...] = ()
    delegable_source: Source | None = None  # the restriction's own citation, where it comes from other law
    limit_source: Source | None = None
    except_source: Source | None = None
    location: Location = NOWHERE
    kind = "power"


LINK = "→"  # joins a delegation's id and its recipient in the id of one of its links, where it has several


@attrs.frozen(kw_only=True)
class Delegation:
    """One link of a delegation: to one recipient. A delegation to several recipients is loaded as one
    link each (`id` is then `rule_id→to`, unique among everything loaded); each cites the delegation's
    own id, `rule_id`, and is told apart by its `to`."""

    id: str
    from_: str
    to: str
    functions: tuple[str, ...]
    source: Source
    except_: tuple[str, ...] = ()
    limit: int | None = None  # a dated limit: the latest entry's amount (`limits` holds every entry)
    limits: tuple[Limit, ...] = ()  # a dated limit's entries, in date order; empty for a plain limit
    valid: Validity = ALWAYS
    status: str = "in-force"
    delegable: bool | tuple[Selector, ...] = False
    exclusive: bool = False
    where: Where = Where()
    conditions: tuple[Condition, ...] = ()
    residual: bool | tuple[Selector, ...] = False
    supersedes: str | None = None
    delegable_source: Source | None = None  # the restriction's own citation, where it comes from other law
    limit_source: Source | None = None
    except_source: Source | None = None
    location: Location = NOWHERE
    of: str | None = None  # for a link of a delegation to several recipients: the delegation's own id
    kind = "delegation"

    @property
    def rule_id(self) -> str:
        """The id the delegation is written and cited under (for one link of several, the delegation's)."""
        return self.of or self.id


@attrs.frozen(kw_only=True)
class Designation(Delegation):
    """A deputy designated to act as an officer when the officer cannot (LGFA 1988 s.114(6): a chief finance
    officer's nominee). Loaded as a link from the officer (`from_`) to the deputy (`to`) that applies only where
    the fact `unavailable` names the officer (its `where`): the deputy acts *as* the officer, so the chain to the
    officer, with its limits and conditions, carries on to the deputy, and no `delegable` stops the link. It
    passes nothing on (`delegable` false), and binds no reservation of the officer's, which binds delegations."""

    kind = "designation"

    @property
    def acts_as(self) -> str:
        return self.from_


@attrs.frozen(kw_only=True)
class Reservation:
    id: str
    body: tuple[Selector, ...]
    functions: tuple[str, ...]
    source: Source
    except_via: tuple[str, ...] = ()
    location: Location = NOWHERE
    kind = "reservation"


@attrs.frozen(kw_only=True)
class Prohibition:
    id: str
    applies_to: tuple[Selector, ...]
    functions: tuple[str, ...]
    source: Source
    where: Where = Where()
    reason: str | None = None
    location: Location = NOWHERE
    kind = "prohibition"


@attrs.frozen(kw_only=True)
class Vote:
    """A rule that grants (`vote: true`) or withholds (`vote: false`) the vote of the members it picks, at the
    bodies `applies_to` picks: co-optees on a council committee do not vote (LGHA 1989 s.13); at a Health and
    Wellbeing Board and its sub-committees they may (SI 2013/218, disapplying s.13)."""

    id: str
    applies_to: tuple[Selector, ...]
    vote: bool
    source: Source
    co_opted: bool | None = None  # None: every member
    members: tuple[Selector, ...] = ()  # empty: every member
    functions: tuple[str, ...] | None = None  # None: every decision
    valid: Validity = ALWAYS
    disapplies: tuple[str, ...] = ()
    location: Location = NOWHERE
    kind = "vote"


@attrs.frozen(kw_only=True)
class Requirement:
    id: str
    applies_to: tuple[Selector, ...]
    conditions: tuple[Condition, ...]
    source: Source
    functions: tuple[str, ...] | None = None  # None: every function
    where: Where = Where()
    valid: Validity = ALWAYS  # outside it the requirement does not apply (it never gives `expired`)
    location: Location = NOWHERE
    kind = "requirement"


@attrs.frozen(kw_only=True)
class Placement:
    """A function the law places with a named body or kind of body: the organisation's function, exercised only there.

    A chain of an organisation `of` picks (all organisations when `of` is empty) carries the function
    only where it passes through a body `exercised_by` picks (HSCA 2012 s.196(1): the JSNA is the
    council's function, exercised by its Health and Wellbeing Board).
    """

    id: str
    functions: tuple[str, ...]
    exercised_by: tuple[Selector, ...]
    source: Source
    of: tuple[Selector, ...] = ()
    location: Location = NOWHERE
    kind = "placement"


@attrs.frozen(kw_only=True)
class NotConferred:
    """Functions no law loaded confers on anyone (minimum unit pricing of alcohol in England): a cited denial."""

    id: str
    functions: tuple[str, ...]
    source: Source
    location: Location = NOWHERE
    kind = "not-conferred"


@attrs.frozen(kw_only=True)
class PackInfo:
    id: str
    title: str
    root: str  # the pack's folder or file, as loaded
    status: str = "in-force"
    version: str | None = None
    description: str | None = None
    requires: tuple[str, ...] = ()
    location: Location = NOWHERE


RULE_SECTIONS = (
    "powers",
    "delegations",
    "reservations",
    "prohibitions",
    "requirements",
    "placements",
    "not_conferred",
    "votes",
)
SECTION_OF = {  # a rule's kind -> the section of a pack that holds it
    "power": "powers",
    "delegation": "delegations",
    "designation": "delegations",  # a designation is a link like a delegation's (`Designation`)
    "reservation": "reservations",
    "prohibition": "prohibitions",
    "requirement": "requirements",
    "placement": "placements",
    "not-conferred": "not_conferred",
    "vote": "votes",
}


@attrs.frozen(kw_only=True)
class Pack:
    """Everything loaded together: one namespace of ids. Dicts are ordered by id."""

    packs: tuple[PackInfo, ...] = ()
    sources: Mapping[str, Document] = attrs.field(factory=dict)
    bodies: Mapping[str, Body] = attrs.field(factory=dict)
    functions: Mapping[str, Function] = attrs.field(factory=dict)  # declared ids and their ancestors
    powers: Mapping[str, Power] = attrs.field(factory=dict)
    delegations: Mapping[str, Delegation] = attrs.field(factory=dict)
    reservations: Mapping[str, Reservation] = attrs.field(factory=dict)
    prohibitions: Mapping[str, Prohibition] = attrs.field(factory=dict)
    requirements: Mapping[str, Requirement] = attrs.field(factory=dict)
    placements: Mapping[str, Placement] = attrs.field(factory=dict)
    not_conferred: Mapping[str, NotConferred] = attrs.field(factory=dict)
    votes: Mapping[str, Vote] = attrs.field(factory=dict)
    files: tuple[str, ...] = ()  # every file loaded, sorted
    # (old, new) rule ids, sorted: `new` supersedes `old`, which was loaded and is left out (SPEC 3)
    superseded: tuple[tuple[str, str], ...] = ()

    def rules(self) -> Iterator:
        """Every power, delegation, reservation, prohibition, requirement, placement and not-conferred, by section."""
        for section in RULE_SECTIONS:
            yield from getattr(self, section).values()

    def rule(self, rule_id: str) -> Any:
        """The rule of any section (`RULE_SECTIONS`) with this id, or None; for a delegation to several
        recipients, given by its own id, its first link (what every link shares: functions, source, status)."""
        for section in RULE_SECTIONS:
            found = getattr(self, section).get(rule_id)
            if found is not None:
                return found
        links = self.links_of(rule_id)
        return links[0] if links else None

    def links_of(self, rule_id: str) -> tuple[Delegation, ...]:
        """The links of the delegation written with id `rule_id`, one per recipient (none when there is no such)."""
        if rule_id in self.delegations:
            return (self.delegations[rule_id],)
        return tuple(d for key, d in self.delegations.items() if key.startswith(rule_id + LINK))

    def rule_named(self, entry: Mapping[str, Any]) -> Any:
        """The rule an answer's entry or reason names by `rule`: the link to its `to`, where it gives one."""
        if entry.get("to") and self.link(entry["rule"], entry["to"]) is not None:
            return self.link(entry["rule"], entry["to"])
        return self.rule(entry["rule"]) if entry.get("rule") else None

    def link(self, rule_id: str, to: str) -> Delegation | None:
        """The link of delegation `rule_id` to `to`, or None."""
        return next((d for d in self.links_of(rule_id) if d.to == to), None)


# ---- what every stage shares about functions and bodies -------------------------------------


def covers(functions: tuple[str, ...], except_: tuple[str, ...], function: str) -> bool:
    """Does a rule listing `functions` (minus `except_`) cover `function`? Holding `a.b` covers `a.b.c`."""
    return any(_under(function, f) for f in functions) and not any(_under(function, e) for e in except_)


def _under(function: str, ancestor: str) -> bool:
    return function == ancestor or function.startswith(ancestor + ".")


def organisation(body_id: str, bodies: Mapping[str, Body]) -> str:
    """Whose body this is: the top of its `part_of` ancestry (the body itself when it is part of none)."""
    return ancestors(body_id, bodies)[-1]


def ancestors(body_id: str, bodies: Mapping[str, Body]) -> list[str]:
    """The body and every body it is transitively `part_of`, nearest first (stops at a cycle)."""
    seen: list[str] = []
    current: str | None = body_id
    while current is not None and current not in seen:
        seen.append(current)
        body = bodies.get(current)
        current = body.part_of if body else None
    return seen


def matches(selector: Selector, body: Body, bodies: Mapping[str, Body], delegator: str | None = None) -> bool:
    """Does `selector` pick `body`? `$delegator` in `part_of` stands for `delegator`."""
    if selector.body is not None and body.id not in selector.body:
        return False
    if selector.kind is not None and body.kind not in selector.kind:
        return False
    if selector.type is not None and body.type not in selector.type:
        return False
    if selector.level is not None and body.level not in selector.level:
        return False
    if selector.statutory is not None and body.statutory not in selector.statutory:
        return False
    if selector.part_of is not None:
        wanted = {delegator if p == DELEGATOR else p for p in selector.part_of}
        if body.part_of not in wanted:
            return False
    if selector.within is not None:
        if not set(ancestors(body.id, bodies)) & set(selector.within):
            return False
    return True


def matches_any(
    selectors: tuple[Selector, ...], body: Body, bodies: Mapping[str, Body], delegator: str | None = None
) -> bool:
    return any(matches(s, body, bodies, delegator) for s in selectors)
