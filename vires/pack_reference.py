"""The rule-pack reference (docs/reference.md), generated from the titles and descriptions of the pack schema.

Run `python -m vires.pack_reference > docs/reference.md` after changing `schemas/rulepack.schema.json`;
`tests/test_docs.py` fails while the committed page differs from what this module writes.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

Schema = dict[str, Any]

COMMAND = "python -m vires.pack_reference > docs/reference.md"
SCHEMA_FILE = "rulepack.schema.json"
PRIMITIVES = {
    "boolean": "true or false",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping",
}


# ---- reading the schema ----------------------------------------------------------------------


def def_name(node: Schema) -> str | None:
    """The name of the `$defs` entry a node refers to, if it is a local `$ref`."""
    ref = node.get("$ref", "")
    return ref.removeprefix("#/$defs/") if ref.startswith("#/$defs/") else None


def branches(node: Schema) -> list[Schema]:
    """The alternatives of an `anyOf`, or the node itself."""
    return list(node.get("anyOf", [node]))


def object_branches(node: Schema) -> Iterator[Schema]:
    """Every mapping with named keys that a node is, or offers as an alternative (not following `$ref`)."""
    for branch in [node, *node.get("anyOf", ())]:
        if "properties" in branch:
            yield branch


def entry_sections(schema: Schema) -> dict[str, str]:
    """Top-level key -> the `$defs` name of what it holds (the entry type of a list, or the mapping itself)."""
    found = {}
    for key, node in schema["properties"].items():
        target = def_name(node.get("items", {})) or def_name(node)
        if target and "properties" in schema["$defs"][target]:
            found[key] = target
    return found


def headings(schema: Schema) -> dict[str, str]:
    """`$defs` name -> the heading of the section that documents it: its top-level key, or its own name."""
    found = {target: key for key, target in entry_sections(schema).items()}
    for name, node in schema["$defs"].items():
        if name not in found and any(object_branches(node)):
            found[name] = name
    return found


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.lower())
    return text.replace(" ", "-")


# ---- words for one value ---------------------------------------------------------------------


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def enum_words(values: list) -> str:
    return ", ".join(f"`{value}`" for value in values)


def form(node: Schema, schema: Schema) -> str:
    """What a value must be, in the schema's own plain words."""
    defs = schema["$defs"]
    target = def_name(node)
    resolved = defs[target] if target else node
    words = node.get("title") or resolved.get("title")
    if not words:
        kind = resolved.get("type")
        if kind == "array" and "items" in resolved:
            words = "a list, each " + form(resolved["items"], schema)
        else:
            words = PRIMITIVES.get(kind, "a value") if isinstance(kind, str) else "a value"
    values = node.get("enum") or resolved.get("enum")
    if values:
        words += ": " + enum_words(values)
    return words + see_also(node, schema)


def inner(node: Schema) -> list[Schema]:
    """The nodes a value is made of: its alternatives, its list items, the values of its mapping."""
    found = list(node.get("anyOf", ()))
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            found.append(node[key])
    return found


def documented(node: Schema, schema: Schema, depth: int = 2) -> list[str]:
    """The documented mappings (by `$defs` name) a value may be, looking through `$ref` a few levels deep."""
    where, names = headings(schema), []
    target = def_name(node)
    if target in where:
        names.append(target)
    if depth:
        resolved = schema["$defs"][target] if target else node
        for part in inner(resolved):
            names += [name for name in documented(part, schema, depth - 1) if name not in names]
    return names


def see_also(node: Schema, schema: Schema) -> str:
    """Links to the sections documenting the mappings a value may be."""
    where = headings(schema)
    return "".join(f" (see [{where[name]}](#{slug(where[name])}))" for name in documented(node, schema))


def meaning(node: Schema, schema: Schema) -> str:
    """What a value means: its own description, or that of the definition it refers to."""
    target = def_name(node)
    return node.get("description") or (schema["$defs"][target].get("description", "") if target else "")


# ---- tables and sections ---------------------------------------------------------------------


def keys_table(mapping: Schema, schema: Schema) -> list[str]:
    """One row a key of a mapping: the key, whether it is required, what it must be, what it means."""
    required = set(mapping.get("required", ()))
    rows = ["| key | required | value | meaning |", "|---|---|---|---|"]
    for key, node in mapping["properties"].items():
        mark = "yes" if key in required else ""
        rows.append(f"| `{key}` | {mark} | {cell(form(node, schema))} | {cell(meaning(node, schema))} |")
    return rows


def one_of_note(mapping: Schema) -> list[str]:
    """The rule that at least one of some keys must be given (`anyOf` of `required`)."""
    groups = [branch["required"] for branch in mapping.get("anyOf", []) if set(branch) == {"required"}]
    if not groups:
        return []
    keys = enum_words([key for group in groups for key in group])
    return [f"Give at least one of {keys}.", ""]


def section(heading: str, node: Schema, schema: Schema) -> list[str]:
    """A section for one mapping: its title and description, then its keys."""
    lines = [f"### {heading}", ""]
    for mapping in object_branches(node):
        description = mapping.get("description") or node.get("description")
        title = mapping.get("title") or node.get("title")
        lines += [cell(description or ""), ""] if description else []
        lines += [f"Form: {cell(title)}.", ""] if title else []
        lines += one_of_note(mapping) + keys_table(mapping, schema) + [""]
    return lines


def top_level(schema: Schema) -> list[str]:
    lines = [
        "## The keys of a file",
        "",
        cell(schema.get("description", "")),
        "",
        "| key | value | meaning |",
        "|---|---|---|",
    ]
    for key, node in schema["properties"].items():
        lines.append(f"| `{key}` | {cell(form(node, schema))} | {cell(meaning(node, schema))} |")
    return lines + [""]


def entries(schema: Schema) -> list[str]:
    lines = ["## Entries", "", "What each entry of a top-level key may say.", ""]
    for key, target in entry_sections(schema).items():
        lines += section(f"`{key}`", schema["$defs"][target], schema)
    return lines


def shared_parts(schema: Schema) -> list[str]:
    lines = ["## Parts used inside entries", ""]
    listed = set(entry_sections(schema).values())
    for name, node in schema["$defs"].items():
        if name not in listed and any(object_branches(node)):
            lines += section(f"`{name}`", node, schema)
    return lines


def values(schema: Schema) -> list[str]:
    lines = [
        "## Values",
        "",
        "The kinds of value the tables above name.",
        "",
        "| name | value | meaning |",
        "|---|---|---|",
    ]
    for name, node in schema["$defs"].items():
        if not any(object_branches(node)):
            lines.append(f"| `{name}` | {cell(form(node, schema))} | {cell(node.get('description', ''))} |")
    return lines + [""]


def reference_markdown(schema: dict) -> str:
    """The whole reference page for the rule-pack schema `schema`, as Markdown (same schema, same text)."""
    lines = [
        "# Rule pack reference",
        "",
        f"<!-- Generated from schemas/{SCHEMA_FILE} by `{COMMAND}`; do not edit by hand. -->",
        "",
        "Every key a rule file may use, with what its value must be and what it means. This page is",
        f"generated from the schema `schemas/{SCHEMA_FILE}`, which also lets editors check files as",
        "you type (see the [tutorial](tutorial.md#step-0-get-ready)). The same words appear in the",
        "messages of `vires check`.",
        "",
    ]
    lines += top_level(schema) + entries(schema) + shared_parts(schema) + values(schema)
    return "\n".join(lines).rstrip("\n") + "\n"


# ---- the command -----------------------------------------------------------------------------


def schema_path() -> Path:
    """The rule-pack schema: beside this module when installed, or in the source tree's `schemas/`."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "schemas" / SCHEMA_FILE, here.parent / "schemas" / SCHEMA_FILE):
        if candidate.is_file():
            return candidate
    from importlib.resources import files

    return Path(str(files("vires.schemas").joinpath(SCHEMA_FILE)))


def main() -> None:
    """Print the reference for the rule-pack schema to stdout."""
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    sys.stdout.buffer.write(reference_markdown(schema).encode("utf-8"))


if __name__ == "__main__":
    main()
