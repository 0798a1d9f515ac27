"""Meeting files (`vires agenda`): a meeting and its agenda, read, validated against
`schemas/meeting.schema.json` and located.

A meeting file names its rules as a case file does, the body that meets and the day, and the items of
business, each a decision (a function by id or name) with what is known of it so far. `vires test`
reads it as decision cases: each item not withdrawn is a case, with `expect` optional.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from vires.errors import NOWHERE, Diagnostic, LoadError, Location
from vires.pack import yaml_reader as yamlread
from vires.pack.load import resolve_spec, schema_errors
from vires.review.case_files import Case, Expect, read_amount, read_date, read_expect, read_facts, read_rules
from vires.values import BOOLEAN


@attrs.frozen(kw_only=True)
class Item:
    """One item of business: its number and title, the decision, and what is known of it (its own facts)."""

    number: str
    title: str
    decision: str
    amount: int | None = None
    facts: Mapping[str, tuple] = attrs.field(factory=dict)
    withdrawn: bool = False
    expect: Expect = Expect()
    location: Location = NOWHERE
    decision_location: Location = NOWHERE
    facts_location: Location = NOWHERE


@attrs.frozen(kw_only=True)
class Meeting:
    """A meeting file: its rules (paths resolved against the file; `@NAME` kept), the meeting and its items."""

    path: str
    rules: tuple[str, ...]
    body: str
    date: dt.date
    time: str | None = None
    title: str | None = None
    in_public: bool | None = None
    include_proposed: bool = False
    facts: Mapping[str, tuple] = attrs.field(factory=dict)
    items: tuple[Item, ...] = ()
    location: Location = NOWHERE
    body_location: Location = NOWHERE
    facts_location: Location = NOWHERE

    def facts_for(self, item: Item) -> dict[str, tuple]:
        """The facts an item is asked with: the meeting's, `in_public` from the meeting, then the item's own
        (an item's fact replaces the meeting's fact of the same name)."""
        facts = dict(self.facts)
        if self.in_public is not None:
            facts["in_public"] = ((BOOLEAN, self.in_public),)
        facts.update(item.facts)
        return facts

    def cases(self) -> tuple[Case, ...]:
        """Each item not withdrawn as a decision case (`vires test`), named by its number and title."""
        return tuple(
            Case(
                name=f"item {item.number}: {item.title}",
                body=self.body,
                decision=item.decision,
                date=self.date,
                amount=item.amount,
                facts=self.facts_for(item),
                include_proposed=self.include_proposed,
                expect=item.expect,
                location=item.location,
            )
            for item in self.items
            if not item.withdrawn
        )


def load_meeting(path: str) -> Meeting:
    """The meeting file at `path`; LoadError with every problem (`path-not-found`, YAML, schema, dates)."""
    diagnostics: list[Diagnostic] = []
    found, problem = resolve_spec(path, ".", Location(path))
    meeting = None
    if found is None or problem:
        diagnostics += [problem] if problem else []
    else:
        root, problems = yamlread.read(found)
        diagnostics += problems
        if root is not None and not problems:
            meeting = read_meeting(found, root, yamlread.to_python(root), diagnostics)
    if diagnostics or meeting is None:
        raise LoadError(diagnostics or [Diagnostic("schema", "this is not a meeting file", Location(path))])
    return meeting


def parse_meeting(data: bytes, name: str) -> Meeting:
    """A meeting file given as bytes (an upload), located by `name`; its `rules` kept as written, never looked
    for on disk. LoadError with every problem."""
    diagnostics: list[Diagnostic] = []
    root, problems = yamlread.parse(data, name)
    diagnostics += problems
    meeting = None
    if root is not None and not problems:
        meeting = read_meeting(name, root, yamlread.to_python(root), diagnostics, find_rules=False)
    if diagnostics or meeting is None:
        raise LoadError(diagnostics or [Diagnostic("schema", "this is not a meeting file", Location(name))])
    return meeting


def read_meeting(
    file: str, root: yamlread.Node, data, diagnostics: list[Diagnostic], find_rules: bool = True
) -> Meeting | None:
    """A meeting from a file already read; None (with its problems added) when the file's shape is wrong.

    `find_rules`: resolve the `rules` against the file's folder (and say which do not exist); otherwise keep
    them as written."""
    errors = schema_errors(root, data, "meeting")
    diagnostics += [d for _, d in errors]
    bad = {path[:2] for path, _ in errors}
    if any(len(path) < 2 or path[0] == "meeting" for path in bad):
        return None  # no rules, meeting or list of items to read
    tree = yamlread.mapping(root)
    given, at = data["meeting"], yamlread.mapping(tree.get("meeting"))
    items = tuple(
        _item(index, entry, yamlread.mapping(node), diagnostics)
        for index, (entry, node) in enumerate(
            zip(data["items"], yamlread.sequence(tree.get("items")).items, strict=False)
        )
        if ("items", index) not in bad
    )
    return Meeting(
        path=file,
        rules=read_rules(file, tree, diagnostics) if find_rules else tuple(data["rules"]),
        body=given["body"],
        date=read_date(given["date"], "the meeting's `date`", at.get("date"), diagnostics),
        time=given.get("time"),
        title=given.get("title"),
        in_public=given.get("in_public"),
        include_proposed=given.get("include_proposed", False),
        facts=read_facts(at.get("facts")),
        items=items,
        location=at.location,
        body_location=yamlread.scalar(at.get("body")).location,
        facts_location=_location(at.get("facts"), at.location),
    )


def _item(index: int, data: dict, node: yamlread.Mapping, diagnostics: list[Diagnostic]) -> Item:
    expect = node.get("expect")
    return Item(
        number=str(data.get("number", index + 1)),
        title=data["title"],
        decision=data["decision"],
        amount=read_amount(f"`amount` of item {index + 1}", node.get("amount"), diagnostics),
        facts=read_facts(node.get("facts")),
        withdrawn=data.get("withdrawn", False),
        expect=read_expect(data["expect"], expect, f"item {index + 1}", diagnostics)
        if expect is not None
        else Expect(),
        location=node.location,
        decision_location=yamlread.scalar(node.get("decision")).location,
        facts_location=_location(node.get("facts"), node.location),
    )


def _location(node: yamlread.Node | None, default: Location) -> Location:
    return default if node is None else node.location
