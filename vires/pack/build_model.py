"""Building model objects from validated entries of a rule pack (SPEC 3), each located in its file.

`build(section, data, node, diagnostics, references)` turns one entry that passed the schema into
its `vires.pack.model` object: defaults applied (`statutory`, `status`, `delegable`), dates and `where`
values read from their source text, selectors and conditions built. What the schema cannot see
is added to `diagnostics` (a date that is no real date, `$delegator` outside `delegable`, a bound
that is no number or date); every body and source named is added to `references`, as (section,
id, location, phrase), for the loader to resolve once everything is read.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from vires.errors import Diagnostic, Location
from vires.pack import yaml_reader as yamlread
from vires.pack.condition_kinds import KINDS
from vires.pack.model import (
    DELEGATOR,
    LINK,
    Body,
    Condition,
    Delegation,
    Designation,
    Document,
    Function,
    Limit,
    Member,
    NotConferred,
    Placement,
    Power,
    Prohibition,
    Requirement,
    Reservation,
    Selector,
    Source,
    Validity,
    Vote,
)
from vires.pack.validate import WORDS, amount_problem
from vires.values import DATE, NUMBER, TEXT, AmountError, Where, WhereTest, normalise, parse_amount

NOT_STATUTORY = ("partnership", "group")  # kinds whose `statutory` defaults to false
Reference = tuple[str, str, Location, str]  # (section, id, where it is named, how the message names it)


def build(
    section: str, data: dict, node: yamlread.Mapping, diagnostics: list[Diagnostic], references: list[Reference]
) -> tuple:
    """The model objects for one validated entry of `section` (one, but a delegation to several recipients
    gives one link each); problems and references are appended."""
    built = _BUILDERS[section](_Entry(section, data, node, diagnostics, references))
    return built if isinstance(built, tuple) else (built,)


def _listed_nodes(node: yamlread.Node | None) -> list[yamlread.Node]:
    """The items of a YAML list, or the one node given where a list may be written as one value."""
    if node is None:
        return []
    return node.items if isinstance(node, yamlread.Sequence) else [node]


def _items(node: yamlread.Node | None) -> list[yamlread.Scalar]:
    """The scalars of a YAML list, or the one given where a list may be written as one value."""
    return [yamlread.scalar(item) for item in _listed_nodes(node)]


class _Entry:
    """One validated entry being built: its data, its node, and how messages name it."""

    def __init__(
        self,
        section: str,
        data: dict,
        node: yamlread.Mapping,
        diagnostics: list[Diagnostic],
        references: list[Reference],
    ):
        self.data, self.node, self.diagnostics, self.references = data, node, diagnostics, references
        self.name = f"{WORDS[section]} `{data['id']}`"

    def at(self, *path) -> Location:
        return yamlread.find(self.node, path).location

    def listed(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        return tuple(value) if isinstance(value, list) else (value,)

    def body(self, ident: str, at: Location) -> str:
        self.references.append(("bodies", ident, at, f"{self.name} names body"))
        return ident

    def bodies(self, key: str, within: yamlread.Mapping | None = None) -> tuple[str, ...]:
        """The body ids under `key` (of the entry, or of a mapping `within` it), one or a list."""
        items = _items((self.node if within is None else within).get(key))
        return tuple(self.body(item.text, item.location) for item in items)

    def seats(self) -> tuple[Member, ...]:
        """The members of a body: a bare id is a voting member; `{body, voting, co_opted, source}` says more."""
        seats = []
        for number, item in enumerate(_listed_nodes(self.node.get("members"))):
            if isinstance(item, yamlread.Scalar):
                seats.append(Member(body=self.body(item.text, item.location)))
                continue
            data = yamlread.to_python(item)
            body = yamlread.scalar(yamlread.mapping(item).get("body"))
            listed = isinstance(self.node.get("members"), yamlread.Sequence)
            path = ("members", number, "source") if listed else ("members", "source")
            seats.append(
                Member(
                    body=self.body(body.text, body.location),
                    voting=data.get("voting", True),
                    co_opted=data.get("co_opted", False),
                    source=self.source(*path) if "source" in data else None,
                )
            )
        return tuple(seats)

    def date(self, *path, within: yamlread.Node | None = None) -> dt.date | None:
        """The date at `path` below the entry (or below the node `within` it); None, and a problem, if no real date."""
        top = self.node if within is None else within
        node = yamlread.find(top, path)
        if not isinstance(node, yamlread.Scalar) or node is top:
            return None
        try:
            return dt.date.fromisoformat(node.text)
        except ValueError:
            self.diagnostics.append(
                Diagnostic(
                    "schema", f"`{'.'.join(path)}` of {self.name} is not a real date: `{node.text}`", node.location
                )
            )
            return None

    def amount(self, key: str) -> int | None:
        """An amount (`limit`) read from what was written, as on the command line: `500000`, `500k`, `£500,000`."""
        node = self.node.get(key)
        if node is None:
            return None
        return self._pounds(yamlread.scalar(node), f"`{key}` of {self.name}")

    def _pounds(self, node: yamlread.Scalar, what: str) -> int | None:
        try:
            return parse_amount(node.text)
        except AmountError as error:
            self.diagnostics.append(amount_problem(what, error, node.location))
            return None

    def validity(self, key: str = "valid", within: yamlread.Mapping | None = None) -> Validity:
        """The period under `key` of the entry (or of a mapping `within` it, such as a condition)."""
        valid = yamlread.to_python((self.node if within is None else within).get(key))
        if valid is None:
            return Validity()
        validity = Validity(
            start=self.date(key, "from", within=within) if "from" in valid else None,
            until=self.date(key, "until", within=within) if "until" in valid else None,
        )
        return validity

    def source(self, *path: str | int) -> Source:
        """The citation at `source` (or at `path`, e.g. `delegable.source`), its document noted as referenced."""
        path = path or ("source",)
        cited: Any = self.data
        for key in path:
            cited = cited[key]
        self.references.append(("sources", cited["ref"], self.at(*path, "ref"), f"{self.name} cites source"))
        return Source(
            ref=cited["ref"],
            section=cited.get("section"),
            clause=cited.get("clause"),
            quote=cited.get("quote"),
            note=cited.get("note"),
            confirmed=cited.get("confirmed", True),
        )

    def selectors(self, key: str, delegable: bool = False) -> tuple[Selector, ...]:
        return tuple(self._selector(item, key, delegable) for item in _listed_nodes(self.node.get(key)))

    def _selector(self, node: yamlread.Node | None, key: str, delegable: bool) -> Selector:
        if isinstance(node, yamlread.Scalar):
            return Selector(body=(self.body(node.text, node.location),))
        fields = {}
        for name, value in yamlread.mapping(node):
            items = _items(value)
            if name in ("body", "part_of", "within"):
                for item in items:
                    if item.text == DELEGATOR and not delegable:
                        self.diagnostics.append(
                            Diagnostic(
                                "schema",
                                f"`{DELEGATOR}` in `{key}` of {self.name} stands for no body",
                                item.location,
                                f"`{DELEGATOR}` means the delegating body, in `delegable` only",
                            )
                        )
                    elif item.text != DELEGATOR:
                        self.body(item.text, item.location)
            fields[name] = tuple(yamlread.to_python(item) for item in items)
        return Selector(**fields)

    def choice(self, key: str, default: bool, delegable: bool = False) -> bool | tuple[Selector, ...]:
        value = self.data.get(key, default)
        if isinstance(value, bool):
            return value
        if self._cited(key):  # `{to: .., source: ..}`: the restriction with its own citation
            to = value["to"]
            if isinstance(to, bool):
                return to
            node = yamlread.mapping(self.node.get(key)).get("to")
            return tuple(self._selector(item, key, delegable) for item in _listed_nodes(node))
        return self.selectors(key, delegable)

    def _cited(self, key: str) -> bool:
        """Is the restriction under `key` written with its own citation (`{to|amount|functions: .., source: ..}`)?"""
        value = self.data.get(key)
        return isinstance(value, dict) and "source" in value and any(k in value for k in ("to", "amount", "functions"))

    def restriction_source(self, key: str) -> Source | None:
        """The restriction's own citation (`delegable`, `limit` or `except` written with a `source`), or None."""
        return self.source(key, "source") if self._cited(key) else None

    def limit(self) -> tuple[int | None, tuple[Limit, ...]]:
        """The `limit`, written as an amount, as `{amount, source}`, or as dated entries `[{from, amount, source}]`:
        its amount (for dated entries, the latest) and the dated entries (none for a limit that does not change)."""
        node = self.node.get("limit")
        if isinstance(node, yamlread.Sequence):
            entries = self._dated_limits(node)
            return (entries[-1].amount, entries) if entries else (None, ())
        if isinstance(node, yamlread.Mapping):
            amount = node.get("amount")
            return (self._pounds(yamlread.scalar(amount), f"`limit.amount` of {self.name}") if amount else None), ()
        return self.amount("limit"), ()

    def _dated_limits(self, node: yamlread.Sequence) -> tuple[Limit, ...]:
        """The entries of a dated limit, in date order; a problem for an entry out of order or without `from`."""
        entries: list[Limit] = []
        last: dt.date | None = None  # the `from` of the entry before
        for number, item in enumerate(node.items):
            data = yamlread.to_python(item)
            what = f"`amount` of entry {number + 1} of the dated `limit` of {self.name}"
            amount = self._pounds(yamlread.scalar(yamlread.mapping(item).get("amount")), what)
            start = self.date("from", within=item) if "from" in data else None
            source = self.source("limit", number, "source") if "source" in data else None
            if number and start is None:
                self.diagnostics.append(
                    Diagnostic(
                        "schema",
                        f"entry {number + 1} of the dated `limit` of {self.name} gives no `from` date",
                        item.location,
                        "only the first entry may leave out `from` (it then applies from the start)",
                    )
                )
            elif last is not None and start is not None and start <= last:
                self.diagnostics.append(
                    Diagnostic(
                        "schema",
                        f"the dated `limit` of {self.name} must list its entries in date order: "
                        f"{start} does not come after {last}",
                        yamlread.find(item, ("from",)).location,
                        "list the entries from the earliest `from` to the latest, each date once",
                    )
                )
            last = start or last
            if amount is not None:
                entries.append(Limit(amount=amount, start=start, source=source))
        return tuple(entries)

    def excepted(self) -> tuple[str, ...]:
        value = self.data.get("except")
        if isinstance(value, dict):
            return tuple(value["functions"])
        return self.listed("except")

    def where(self, node: yamlread.Node | None = None) -> Where:
        node = self.node.get("where") if node is None else node
        if node is None:
            return Where()
        tests = []
        for fact, value in yamlread.mapping(node):
            tested = {"eq": value} if isinstance(value, yamlread.Scalar) else dict(yamlread.mapping(value))
            if "eq" in tested or "in" in tested:
                op = "eq" if "eq" in tested else "in"
                items = [tested["eq"]] if op == "eq" else yamlread.sequence(tested["in"]).items
                values = [self._value(fact, op, yamlread.scalar(item)) for item in items]
                if all(v is not None for v in values):
                    tests.append(WhereTest(fact, op, tuple(values)))
                continue
            bounds = {op: self._bound(fact, op, yamlread.scalar(tested[op])) for op in ("min", "max") if op in tested}
            if any(bound is None for bound in bounds.values()):
                continue
            if len(bounds) == 1:
                ((op, bound),) = bounds.items()
                tests.append(WhereTest(fact, op, (bound,)))
                continue
            low, high = bounds["min"], bounds["max"]
            if low[0] != high[0]:
                self.diagnostics.append(
                    Diagnostic(
                        "schema",
                        f"`where.{fact}` of {self.name} bounds a range by a {low[0]} and a {high[0]}",
                        value.location,
                        "give `min` and `max` alike: two numbers, or two dates",
                    )
                )
            elif low[1] > high[1]:
                self.diagnostics.append(
                    Diagnostic(
                        "schema",
                        f"`where.{fact}` of {self.name} is a range no value can meet: its `min` "
                        f"{yamlread.scalar(tested['min']).text} is above its `max` "
                        f"{yamlread.scalar(tested['max']).text}",
                        value.location,
                        "swap `min` and `max`: both bounds are inclusive",
                    )
                )
            tests.append(WhereTest(fact, "range", (low, high)))
        return Where(tests=tuple(tests))

    def _value(self, fact: str, op: str, node: yamlread.Scalar):
        """A value a `where` compares a fact with, read from its text; the question's `amount` as amounts are
        read (`500k`, `£2.4m`). None, with a problem, where an amount cannot be read."""
        if fact != "amount":
            return normalise(node.text)
        pounds = self._pounds(node, f"`where.amount{'' if op == 'eq' else '.' + op}` of {self.name}")
        return None if pounds is None else (NUMBER, Decimal(pounds))

    def _bound(self, fact: str, op: str, node: yamlread.Scalar):
        """A `min` or `max` bound; None, with a problem, when it is no number or date."""
        bound = self._value(fact, op, node)
        if bound is not None and bound[0] not in (NUMBER, DATE):
            self.diagnostics.append(
                Diagnostic(
                    "schema",
                    f"`where.{fact}.{op}` of {self.name} must be a number or a date, not `{node.text}`",
                    node.location,
                    "a bound compares numbers or dates: write 40, not forty; 2026-04-01 for a date",
                )
            )
            return None
        return bound

    def conditions(self, key: str = "conditions", node: yamlread.Node | None = None) -> tuple[Condition, ...]:
        node = self.node.get(key) if node is None else node
        if node is None:
            return ()
        return tuple(self._condition(yamlread.mapping(item)) for item in yamlread.sequence(node).items)

    def _condition(self, node: yamlread.Mapping) -> Condition:
        data = yamlread.to_python(node)
        parts = {
            kind.key: self._condition_value(kind.reads, kind.key, node, data[kind.key])
            for kind in KINDS.values()
            if kind.key in data
        }
        where = self.where(node.get("where")) if "where" in data else Where()
        alternatives = self.conditions(node=node.get("any")) if "any" in data else ()
        fallbacks = self.conditions(node=node.get("first_of")) if "first_of" in data else ()
        return Condition.of(
            where=where,
            valid=self.validity(within=node),
            any=alternatives,
            first_of=fallbacks,
            blocking=data.get("blocking", True),
            **parts,
        )

    def _report(self, node: yamlread.Node) -> tuple[str, str | None]:
        """`report_to: body` or `{body, every}` as (body, every)."""
        if isinstance(node, yamlread.Scalar):
            return self.body(node.text, node.location), None
        body = yamlread.scalar(yamlread.mapping(node).get("body"))
        return self.body(body.text, body.location), yamlread.to_python(yamlread.mapping(node).get("every"))

    def _condition_value(self, reads: str, key: str, node: yamlread.Mapping, value):
        """A condition kind's value as the model holds it (`ConditionKind.reads` says how it is written)."""
        if reads == "bodies":
            return self.bodies(key, node)
        if reads == "report":
            return tuple(self._report(item) for item in _listed_nodes(node.get(key)))
        if reads == "refs":
            return tuple(value) if isinstance(value, list) else (value,)
        if reads == "deadline":
            return tuple(sorted(value.items()))
        return value


def _document(entry: _Entry) -> Document:
    data, node = entry.data, entry.node
    return Document(
        id=data["id"],
        title=data["title"],
        kind=data["kind"],
        date=entry.date("date") if "date" in data else None,
        edition=data.get("edition"),
        retrieved=entry.date("retrieved") if "retrieved" in data else None,
        url=data.get("url"),
        location=node.location,
    )


def _body(entry: _Entry) -> Body:
    data, node = entry.data, entry.node
    return Body(
        id=data["id"],
        name=data["name"],
        short_name=data.get("short_name"),
        kind=data["kind"],
        level=data["level"],
        type=data.get("type"),
        part_of=entry.body(data["part_of"], entry.at("part_of")) if "part_of" in data else None,
        seats=entry.seats(),
        statutory=data.get("statutory", data["kind"] not in NOT_STATUTORY),
        accountable_to=entry.bodies("accountable_to") if "accountable_to" in data else (),
        decides_by=data.get("decides_by"),
        quorum=data.get("quorum"),
        valid=entry.validity(),
        location=node.location,
    )


def _function(entry: _Entry) -> Function:
    data = entry.data
    return Function(id=data["id"], name=data["name"], short_name=data.get("short_name"), location=entry.node.location)


def _power(entry: _Entry) -> Power:
    data, node = entry.data, entry.node
    limit, limits = entry.limit()
    return Power(
        id=data["id"],
        holder=entry.selectors("holder"),
        functions=tuple(data["functions"]),
        source=entry.source(),
        except_=entry.excepted(),
        limit=limit,
        limits=limits,
        valid=entry.validity(),
        where=entry.where(),
        delegable=entry.choice("delegable", True, True),
        conditions=entry.conditions(),
        **_restriction_sources(entry),
        location=node.location,
    )


def _delegation(entry: _Entry) -> tuple[Delegation, ...]:
    """One link per recipient: the delegation's own id for one recipient, `id→to` for each of several, each
    with the delegation's `where` and its recipient's own."""
    node = entry.node
    written = entry.data["id"]
    delegation = _one_delegation(entry)
    to = node.get("to")
    if not isinstance(to, yamlread.Sequence):
        return (delegation,)
    links, seen = [], set()
    for item in to.items:
        recipient = item if isinstance(item, yamlread.Scalar) else yamlread.mapping(item).get("body")
        body = yamlread.scalar(recipient)
        if body.text in seen:
            entry.diagnostics.append(
                Diagnostic(
                    "schema",
                    f"{entry.name} names recipient `{body.text}` twice",
                    body.location,
                    "list each recipient once; give one `where` for all it applies to",
                )
            )
            continue
        seen.add(body.text)
        where = delegation.where
        if isinstance(item, yamlread.Mapping) and item.get("where") is not None:
            where = Where(tests=where.tests + entry.where(item.get("where")).tests)
        links.append(
            attrs.evolve(
                delegation,
                id=f"{written}{LINK}{body.text}" if len(to.items) > 1 else written,
                of=written if len(to.items) > 1 else None,
                to=entry.body(body.text, body.location),
                where=where,
            )
        )
    return tuple(links)


def _one_delegation(entry: _Entry) -> Delegation:
    """The delegation as written; for a list of recipients, with none yet (`_delegation` gives each its link)."""
    data, node = entry.data, entry.node
    limit, limits = entry.limit()
    return Delegation(
        id=data["id"],
        from_=entry.body(data["from"], entry.at("from")),
        to=entry.body(data["to"], entry.at("to")) if isinstance(data["to"], str) else "",
        functions=tuple(data["functions"]),
        source=entry.source(),
        except_=entry.excepted(),
        limit=limit,
        limits=limits,
        valid=entry.validity(),
        status=data.get("status", "in-force"),
        delegable=entry.choice("delegable", False, True),
        exclusive=data.get("exclusive", False),
        where=entry.where(),
        conditions=entry.conditions(),
        residual=entry.choice("residual", False),
        supersedes=data.get("supersedes"),
        delegable_source=entry.restriction_source("delegable"),
        limit_source=entry.restriction_source("limit"),
        except_source=entry.restriction_source("except"),
        location=node.location,
    )


def _designation(entry: _Entry) -> Designation:
    """The deputy's link from the officer it acts as, applying only where `unavailable` names the officer."""
    data, node = entry.data, entry.node
    officer = entry.body(data["acts_as"], entry.at("acts_as"))
    return Designation(
        id=data["id"],
        from_=officer,
        to=entry.body(data["deputy"], entry.at("deputy")),
        functions=tuple(data["functions"]),
        except_=entry.excepted(),
        valid=entry.validity(),
        status=data.get("status", "in-force"),
        where=Where(tests=(WhereTest("unavailable", "eq", ((TEXT, officer),)),)),
        source=entry.source(),
        except_source=entry.restriction_source("except"),
        location=node.location,
    )


def _reservation(entry: _Entry) -> Reservation:
    data, node = entry.data, entry.node
    return Reservation(
        id=data["id"],
        body=entry.selectors("body"),
        functions=tuple(data["functions"]),
        source=entry.source(),
        except_via=entry.listed("except_via"),
        location=node.location,
    )


def _prohibition(entry: _Entry) -> Prohibition:
    data, node = entry.data, entry.node
    return Prohibition(
        id=data["id"],
        applies_to=entry.selectors("applies_to"),
        functions=tuple(data["functions"]),
        source=entry.source(),
        where=entry.where(),
        reason=data.get("reason"),
        location=node.location,
    )


def _requirement(entry: _Entry) -> Requirement:
    data, node = entry.data, entry.node
    return Requirement(
        id=data["id"],
        applies_to=entry.selectors("applies_to"),
        conditions=entry.conditions(),
        source=entry.source(),
        functions=tuple(data["functions"]) if "functions" in data else None,
        where=entry.where(),
        valid=entry.validity(),
        location=node.location,
    )


def _restriction_sources(entry: _Entry) -> dict[str, Source | None]:
    """The own citations of a power's or delegation's `delegable`, `limit` and `except`, where given."""
    return {
        "delegable_source": entry.restriction_source("delegable"),
        "limit_source": entry.restriction_source("limit"),
        "except_source": entry.restriction_source("except"),
    }


def _placement(entry: _Entry) -> Placement:
    data, node = entry.data, entry.node
    return Placement(
        id=data["id"],
        functions=tuple(data["functions"]),
        exercised_by=entry.selectors("exercised_by"),
        of=entry.selectors("of") if "of" in data else (),
        source=entry.source(),
        location=node.location,
    )


def _not_conferred(entry: _Entry) -> NotConferred:
    data, node = entry.data, entry.node
    return NotConferred(
        id=data["id"], functions=tuple(data["functions"]), source=entry.source(), location=node.location
    )


def _vote(entry: _Entry) -> Vote:
    data, node = entry.data, entry.node
    return Vote(
        id=data["id"],
        applies_to=entry.selectors("applies_to"),
        vote=data["vote"],
        source=entry.source(),
        co_opted=data.get("co_opted"),
        members=entry.selectors("members") if "members" in data else (),
        functions=tuple(data["functions"]) if "functions" in data else None,
        valid=entry.validity(),
        disapplies=tuple(data.get("disapplies", ())),
        location=node.location,
    )


_BUILDERS = {
    "sources": _document,
    "bodies": _body,
    "functions": _function,
    "powers": _power,
    "delegations": _delegation,
    "reservations": _reservation,
    "prohibitions": _prohibition,
    "requirements": _requirement,
    "placements": _placement,
    "not_conferred": _not_conferred,
    "votes": _vote,
    "designations": _designation,
}
