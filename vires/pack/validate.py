"""Validating YAML against the JSON Schemas of `vires.schemas`: every problem, one located headline each.

`schema_errors` groups jsonschema's errors by the node they concern, picks the one that says most
(an unknown key before a missing one before a wrong type), follows `anyOf`/`oneOf` into the branch
the value was meant for, and words it for people: which entry (a delegation `d-x`), which field,
what was expected and what was found, with a hint where one helps. Rule packs and case files
(`vires.review.case_files`) are validated here.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from typing import Any

from vires.errors import Diagnostic, Location, did_you_mean
from vires.pack import yaml_reader as yamlread
from vires.values import AmountError

WORDS = {
    "sources": "source",
    "bodies": "body",
    "functions": "function",
    "powers": "power",
    "delegations": "delegation",
    "reservations": "reservation",
    "prohibitions": "prohibition",
    "requirements": "requirement",
    "placements": "placement",
    "not_conferred": "not-conferred declaration",
    "votes": "vote rule",
    "designations": "designation",
    "cases": "case",
    "items": "item",
}  # how messages name an entry of each section


@functools.cache
def schema(name: str) -> dict:
    """A schema of `vires.schemas` by name (`rulepack`, `cases`, `answer`)."""
    from importlib.resources import files

    return json.loads(files("vires.schemas").joinpath(f"{name}.schema.json").read_text(encoding="utf-8"))


@functools.cache
def validator(name: str):
    """The compiled Draft 2020-12 validator of a schema, its local `$ref`s inlined (twice as fast)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_inline(json.loads(json.dumps(schema(name)))))


def _inline(schema: dict) -> dict:
    """Replace each `#/$defs/..` reference by the keys of what it names, in place; recursion becomes a cycle."""
    defs, seen = schema.get("$defs", {}), set()
    stack: list[dict | list] = [schema]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        values = node.values() if isinstance(node, dict) else node
        if isinstance(node, dict) and str(node.get("$ref", "")).startswith("#/$defs/"):
            target = defs[node.pop("$ref")[len("#/$defs/") :]]
            for key, value in target.items():
                node.setdefault(key, value)
        stack.extend(v for v in values if isinstance(v, (dict, list)))
    return schema


def schema_errors(root: yamlread.Node, data, name: str) -> list[tuple[tuple, Diagnostic]]:
    """Validate `data` (read from `root`) against schema `name`: one headline per node, located.

    Returns (path of the node, diagnostic) pairs; the path shows which entry is unusable.
    """
    groups: dict[tuple, list] = {}
    for error in validator(name).iter_errors(data):
        groups.setdefault(tuple(error.absolute_path), []).append(error)
    found, seen = [], set()
    for errors in groups.values():
        error = min(errors, key=lambda e: _PRIORITY.get(e.validator, len(_PRIORITY)))
        for path, diagnostic in _describe(*_descend(error), root, data):
            key = (diagnostic.location, diagnostic.message)
            if key not in seen:
                seen.add(key)
                found.append((path, diagnostic))
    return found


_PRIORITY = {"additionalProperties": 0, "required": 1, "type": 2}


def _descend(error) -> tuple[Any, str]:
    """Follow anyOf/oneOf into the branch the value was meant for; stay where no branch fits its kind.

    Returns the error and the title of the nearest schema naming what the value must be.
    """
    title = error.schema.get("title", "") if isinstance(error.schema, dict) else ""
    while error.validator in ("anyOf", "oneOf") and error.context:
        if all(e.validator == "required" for e in error.context):
            break  # "at least one of these keys"
        fitting = [e for e in error.context if e.path or e.validator != "type"]
        if not fitting:
            break
        error = max(fitting, key=lambda e: (len(e.path), e.validator != "type"))
        inner = error.schema.get("title", "") if isinstance(error.schema, dict) else ""
        title = inner or (title if not error.path else "")
    return error, title


def _describe(error, title: str, root, data) -> Iterable[tuple[tuple, Diagnostic]]:
    path = tuple(error.absolute_path)
    node: yamlread.Node = yamlread.find(root, path)
    key = node.key(error.instance) if isinstance(node, yamlread.Mapping) and isinstance(error.instance, str) else None
    if key is not None:
        node = key  # `propertyNames`: the key itself is wrong
    subject, field = _subject(path, data)
    what = f"`{field}` of {subject}" if field and subject != "this file" else (f"`{field}`" if field else subject)
    kind = error.validator
    if kind == "additionalProperties" and isinstance(node, yamlread.Mapping):
        allowed = list(error.schema.get("properties", {}))
        for key, value in node.items:
            if key.text not in allowed:
                yield (
                    path,
                    Diagnostic(
                        "schema",
                        f"unknown key `{key.text}` in {subject if not field else what}",
                        key.location,
                        _unknown_key_hint(key, value, allowed, entry_keys() if not path else ()),
                    ),
                )
        return
    if kind == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        message = f"{what} has no `{missing[0]}`" if missing else f"{what} is incomplete"
        yield path, Diagnostic("schema", message, node.location, f"add `{missing[0]}: …`" if missing else None)
        return
    hint = None
    if kind == "anyOf" and all(e.validator == "required" for e in error.context):
        keys = ", ".join(f"`{s['required'][0]}`" for s in error.validator_value)
        message, hint = f"{what} sets no condition", f"give at least one of {keys}"
    elif kind == "minItems":
        message = f"{what} must list at least one item"
    elif kind == "minProperties":
        message = f"{what} must not be empty"
    elif kind == "maxProperties":
        message, hint = f"{what} gives more than one test", "give `max`, `min`, both (a range), or `in` alone"
    elif kind == "minimum":
        message = f"{what} must be {title or 'a number'}, not {_shown(node)}"
    elif kind == "enum":
        allowed = [str(v) for v in error.validator_value]
        message = f"{what} must be {title or 'one of the allowed values'}, not {_shown(node)}"
        hint = did_you_mean(str(error.instance), allowed) or "one of " + ", ".join(f"`{v}`" for v in allowed)
    else:
        message = (
            f"{what} must be {title or _EXPECTED.get(str(error.validator_value), 'something else')}, not {_shown(node)}"
        )
        if isinstance(node, yamlread.Sequence) and "`{in: [..]}`" in title:
            hint = "a bare list is not a test: write `{in: [..]}` for a fact that may take any of several values"
        elif isinstance(node, yamlread.Scalar) and node.style == "plain" and "text" in title.split(",")[0]:
            hint = f'put it in quotes: `"{node.text}"`'
    yield path, Diagnostic("schema", message, node.location, hint)


_EXPECTED = {
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of keys to values",
    "number": "a number",
}


@functools.cache
def entry_keys() -> frozenset[str]:
    """The keys an entry of a rule file may have (a delegation's `to`, a body's `name`, ...)."""
    defs = schema("rulepack")["$defs"]
    return frozenset(key for entry in WORDS.values() if entry in defs for key in defs[entry].get("properties", {}))


def _unknown_key_hint(key: yamlread.Scalar, value, allowed: list[str], entries: frozenset[str] | tuple) -> str | None:
    if key.text == "on":
        return "write `date`: YAML 1.1 tools read a bare `on` as true, so vires never uses it"
    if key.text in entries and key.location.column == 1:
        return (
            f"`{key.text}:` starts in column 1, so it is read as a key of the file: indent it in line with the keys "
            "of the entry above"
        )
    if isinstance(value, yamlread.Scalar) and value.value is None and " " in key.text:
        return "a comma inside `{..}` starts a new key: put the value that holds the comma in quotes"
    return did_you_mean(key.text, allowed) or "the keys allowed here are " + ", ".join(f"`{k}`" for k in allowed)


def _shown(node) -> str:
    if isinstance(node, yamlread.Scalar):
        return f"`{node.text}`" if node.text else "empty"
    return "a list" if isinstance(node, yamlread.Sequence) else "a mapping"


def _subject(path: tuple, data) -> tuple[str, str]:
    """What an error is about ("delegation `d-x`") and the field within it ("source.section")."""
    if not path:
        return "this file", ""
    if path[0] == "pack":
        return "the pack metadata", ".".join(str(p) for p in path[1:] if isinstance(p, str))
    if path[0] in WORDS and len(path) > 1 and isinstance(path[1], int):
        entry = data[path[0]][path[1]]
        word = WORDS[path[0]]
        name = entry.get("id", entry.get("name")) if isinstance(entry, dict) else None
        subject = f"{word} `{name}`" if isinstance(name, str) else f"{word} {path[1] + 1}"
        return subject, ".".join(p for p in path[2:] if isinstance(p, str))
    return "this file", ".".join(str(p) for p in path if isinstance(p, str))


def amount_problem(what: str, error: AmountError, location: Location) -> Diagnostic:
    """`schema`: an amount in a pack or case file that the schema let through but is no amount (`5e5`, `2.5`)."""
    return Diagnostic("schema", f"{what} is `{error.text}`, {error.problem}", location, error.remedy)
