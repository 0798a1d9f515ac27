"""Decision-case files (SPEC 5): read, validated against `schemas/cases.schema.json`, located."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence

import attrs

from vires.errors import NOWHERE, Diagnostic, LoadError, Location
from vires.pack import yaml_reader as yamlread
from vires.pack.load import resolve_spec, rule_files, schema_errors
from vires.pack.validate import amount_problem
from vires.values import AmountError, normalise, parse_amount


@attrs.frozen(kw_only=True)
class Expect:
    """What a case's answer must show; None (or empty) where the case does not say."""

    outcome: str | None = None
    chain: tuple[str, ...] | None = None
    reasons: tuple[tuple[str, str | None], ...] = ()  # (code, rule or None for any rule)
    limit: int | None = None
    outstanding: tuple[tuple[str, str | None], ...] = ()  # (condition kind, rule or None for any rule)
    obligations: tuple[tuple[str, str | None], ...] = ()  # (condition kind, rule or None for any rule)


@attrs.frozen
class Basis:
    """Where a case's expected answer comes from: a source of its rules, and the paragraph or section."""

    ref: str
    section: str
    quote: str | None = None
    confirmed: bool = True
    location: Location = NOWHERE


@attrs.frozen(kw_only=True)
class Case:
    """One question, with facts normalised from their source text, and what to expect."""

    name: str
    body: str
    decision: str
    date: dt.date
    amount: int | None = None
    facts: Mapping[str, tuple] = attrs.field(factory=dict)
    include_proposed: bool = False
    organisation: str | None = None  # `for:`, the organisation on whose behalf the decision is asked
    expect: Expect = Expect()
    basis: tuple[Basis, ...] = ()
    pending: str | None = None  # why the rules cannot yet answer as expected
    location: Location = NOWHERE


@attrs.frozen(kw_only=True)
class CaseFile:
    """A case file: the rules its cases ask (paths resolved against the file; `@NAME` kept), and its cases."""

    path: str
    rules: tuple[str, ...]
    cases: tuple[Case, ...]


def load_cases(paths: Sequence[str]) -> list[CaseFile]:
    """Every case file at `paths` (files, or folders read recursively); LoadError with every problem."""
    diagnostics: list[Diagnostic] = []
    found: list[CaseFile] = []
    for spec in paths:
        path, problem = resolve_spec(spec, ".", Location(spec))
        if path is None or problem:
            diagnostics += [problem] if problem else []
            continue
        for file in rule_files(path):
            case_file = _case_file(file, diagnostics)
            if case_file is not None:
                found.append(case_file)
    if diagnostics:
        raise LoadError(diagnostics)
    return found


def _case_file(file: str, diagnostics: list[Diagnostic]) -> CaseFile | None:
    """A case file, or a meeting file read as cases (one a non-withdrawn item); None when unusable."""
    root, problems = yamlread.read(file)
    diagnostics += problems
    if root is None or problems:
        return None
    data = yamlread.to_python(root)
    if isinstance(data, dict) and "meeting" in data:
        from vires.review.meeting_files import read_meeting

        meeting = read_meeting(file, root, data, diagnostics)
        return None if meeting is None else CaseFile(path=file, rules=meeting.rules, cases=meeting.cases())
    errors = schema_errors(root, data, "cases")
    diagnostics += [d for _, d in errors]
    bad = {path[:2] for path, _ in errors}
    if any(len(path) < 2 for path in bad):
        return None  # the file's own shape is wrong: no list of rules or of cases to read
    tree = yamlread.mapping(root)
    cases = tuple(
        _case(case, yamlread.mapping(node), diagnostics)
        for index, (case, node) in enumerate(
            zip(data["cases"], yamlread.sequence(tree.get("cases")).items, strict=False)
        )
        if ("cases", index) not in bad
    )
    return CaseFile(path=file, rules=read_rules(file, tree, diagnostics), cases=cases)


def read_rules(file: str, tree: yamlread.Mapping, diagnostics: list[Diagnostic]) -> tuple[str, ...]:
    """A file's `rules`: paths resolved against the file's folder, `@NAME` kept as written."""
    folder = os.path.dirname(file)
    rules: list[str] = []
    for node in yamlread.sequence(tree.get("rules")).items:
        spec = yamlread.scalar(node).text
        path, problem = resolve_spec(spec, folder, node.location)
        if path is None or problem:
            diagnostics += [problem] if problem else []
            continue
        rules.append(spec if spec.startswith("@") else path)
    return tuple(rules)


def read_amount(label: str, at: yamlread.Node | None, diagnostics: list[Diagnostic]) -> int | None:
    """An amount as written (`2400000`, `2.4m`, `£250k`), read by the parser `--amount` and packs use; None,
    with a problem named by `label`, where it is not one."""
    if at is None:
        return None
    try:
        return parse_amount(yamlread.scalar(at).text)
    except AmountError as error:
        diagnostics.append(amount_problem(label, error, at.location))
        return None


def read_date(text: str, what: str, at: yamlread.Node | None, diagnostics: list[Diagnostic]) -> dt.date:
    """An ISO date the schema has checked the form of; `date.min`, with a problem, where it is no real day."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        diagnostics.append(Diagnostic("schema", f"{what} is not a real date: `{text}`", yamlread.scalar(at).location))
        return dt.date.min


def read_facts(given: yamlread.Node | None) -> dict[str, tuple]:
    """Facts normalised from their source text (SPEC 3.2); a list gives several values."""
    facts = {}
    for fact, value in yamlread.mapping(given) if given is not None else ():
        items = value.items if isinstance(value, yamlread.Sequence) else [value]
        facts[fact] = tuple(normalise(yamlread.scalar(item).text) for item in items)
    return facts


def read_expect(expect: dict, node: yamlread.Node | None, what: str, diagnostics: list[Diagnostic]) -> Expect:
    """What a case (or an agenda item), named `what` in messages, expects, as `vires test` compares it."""
    at = yamlread.mapping(node).get("limit") if node is not None else None
    return Expect(
        outcome=expect.get("outcome"),
        chain=tuple(expect["chain"]) if "chain" in expect else None,
        reasons=_pairs(expect.get("reasons", ()), "code"),
        limit=read_amount(f"`expect.limit` of {what}", at, diagnostics),
        outstanding=_pairs(expect.get("outstanding", ()), "condition"),
        obligations=_pairs(expect.get("obligations", ()), "condition"),
    )


def _case(data: dict, node: yamlread.Mapping, diagnostics: list[Diagnostic]) -> Case:
    ask, asked = data["ask"], yamlread.mapping(node.get("ask"))
    return Case(
        name=data["name"],
        body=ask["body"],
        decision=ask["decision"],
        date=read_date(ask["date"], f"`ask.date` of case `{data['name']}`", asked.get("date"), diagnostics),
        amount=read_amount(f"`ask.amount` of case `{data['name']}`", asked.get("amount"), diagnostics),
        facts=read_facts(asked.get("facts")),
        include_proposed=ask.get("include_proposed", False),
        organisation=ask.get("for"),
        expect=read_expect(data["expect"], node.get("expect"), f"case `{data['name']}`", diagnostics),
        basis=_basis(data.get("basis", ()), node.get("basis")),
        pending=data.get("pending"),
        location=node.location,
    )


def _basis(items, node: yamlread.Node | None) -> tuple[Basis, ...]:
    located = yamlread.sequence(node).items if node is not None else ()
    return tuple(
        Basis(
            item["ref"],
            item["section"],
            item.get("quote"),
            item.get("confirmed", True),
            yamlread.scalar(yamlread.mapping(at).get("ref")).location,
        )
        for item, at in zip(items, located, strict=True)
    )


def _pairs(items, key: str) -> tuple[tuple[str, str | None], ...]:
    """Expected reasons or conditions: a bare kind (any rule) or `{<key>: kind, rule: id}`."""
    return tuple((item, None) if isinstance(item, str) else (item[key], item.get("rule")) for item in items)
