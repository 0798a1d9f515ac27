"""Loading rule packs: paths and `@NAME` to files, files to a validated, located `vires.model.Pack`.

Every file is read by `vires.yamlread`, validated against `schemas/rulepack.schema.json`, and
mapped to the model; every problem is collected (never just the first) and sorted by location.

Packs: a folder whose `pack.yaml` holds `pack:`, or one file holding `pack:`. A pack's
`requires` (`@NAME`, or a path relative to the pack) are loaded with it. Each file is read once,
however it is reached (by path, by `@NAME`, by `requires`: resolved real paths are compared), so
the same pack reached twice is one pack; two different files declaring one pack id are
`duplicate-pack`. Files outside any pack (a draft, a user's scheme) are fine.

Ids are global across everything loaded together, in two namespaces:
- bodies and rules (powers, delegations, reservations, prohibitions, requirements) share one,
  because answers, chains and diagrams name bodies and rules side by side;
- functions and sources share the other, because `have_regard_to` names either.
A function may share an id with a body (`licensing` the function, `licensing` the committee).

References the loader resolves: bodies (`part_of`, `members`, `accountable_to`, `from`, `to`,
selector `body`/`part_of`/`within`, `consult`, `approval_of`, `report_to`) and `source.ref`.
A rule that another loaded rule supersedes is left out (`vires.overlay.supersede`; the pairs are
kept in `Pack.superseded`). Left to `vires check`: undeclared functions, `supersedes` and
`except_via` naming no rule.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from collections import deque
from typing import Iterable, Sequence

from vires import yamlread
from vires.errors import Diagnostic, LoadError, Location, did_you_mean
from vires.model import (DELEGATOR, RULE_SECTIONS, Body, Condition, Delegation, Document, Function, Pack,
                         PackInfo, Power, Prohibition, Requirement, Reservation, Selector, Source, Validity)
from vires.overlay import supersede
from vires.values import DATE, NUMBER, Test, Where, normalise

SUFFIXES = (".yaml", ".yml", ".json")
PACK_FILES = ("pack.yaml", "pack.yml", "pack.json")
NOT_STATUTORY = ("partnership", "group")  # kinds whose `statutory` defaults to false
WORDS = {"sources": "source", "bodies": "body", "functions": "function", "powers": "power",
         "delegations": "delegation", "reservations": "reservation", "prohibitions": "prohibition",
         "requirements": "requirement", "cases": "case"}
NAMESPACE = {**{s: "rules" for s in RULE_SECTIONS}, "bodies": "rules", "functions": "subjects", "sources": "subjects"}


def load(paths: Sequence[str]) -> Pack:
    """Load everything at `paths` (files, folders, `@NAME`) as one pack; LoadError with every problem."""
    pack, diagnostics = load_collect(paths)
    if pack is None:
        raise LoadError(diagnostics)
    return pack


def load_collect(paths: Sequence[str]) -> tuple[Pack | None, list[Diagnostic]]:
    """Like `load`, but return the problems: (None, problems) when any is an error (for `vires check`)."""
    loader = _Loader()
    loader.load(paths)
    return loader.result()


def load_draft(paths: Sequence[str], drafts: Sequence[str]) -> tuple[Pack, Pack]:
    """The base at `paths`, and the draft files at `drafts` loaded apart but resolved against the base.

    A draft may name the base's bodies and sources, and reuse the base's ids (to replace them:
    `vires.overlay`); files the base already loaded are not loaded again as draft.
    """
    base_loader = _Loader()
    base_loader.load(paths)
    base, problems = base_loader.result()
    draft_loader = _Loader(base=base_loader)
    draft_loader.load(drafts)
    draft, draft_problems = draft_loader.result()
    if base is None or draft is None:
        raise LoadError(problems + draft_problems)
    return base, draft


# ---- shipped packs and paths ------------------------------------------------------------------

def shipped_packs() -> dict[str, str]:
    """Shipped pack names (`@NAME`) and their folders."""
    from importlib.resources import files

    root = files("vires.rules")
    found = {}
    for entry in root.iterdir():
        if entry.is_dir() and any(entry.joinpath(name).is_file() for name in PACK_FILES):
            found[entry.name] = str(entry)
    return dict(sorted(found.items()))


def shown_path(path: str) -> str:
    """A path as locations show it: relative to the current folder when inside it."""
    path = os.path.normpath(path)
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        if not relative.startswith(".."):
            return relative
    return path


def rule_files(path: str) -> list[str]:
    """A file itself, or every `*.yaml`, `*.yml`, `*.json` below a folder (hidden entries skipped), sorted."""
    if not os.path.isdir(path):
        return [path]
    found = []
    for folder, subfolders, names in os.walk(path):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith((".", "__")))
        found += [os.path.join(folder, n) for n in names if n.endswith(SUFFIXES) and not n.startswith(".")]
    return sorted(os.path.normpath(f) for f in found)


def resolve_spec(spec: str, relative_to: str, at: Location) -> tuple[str | None, Diagnostic | None]:
    """A path argument, `requires` or case `rules` entry as a real path, or the reason it names nothing."""
    if spec.startswith("@"):
        shipped = shipped_packs()
        if spec[1:] in shipped:
            return shown_path(shipped[spec[1:]]), None
        return None, Diagnostic("unknown-pack", f"no shipped pack is called `{spec}`", at,
                                did_you_mean(spec, [f"@{name}" for name in shipped])
                                or "shipped packs: " + ", ".join(f"`@{name}`" for name in shipped))
    path = os.path.normpath(os.path.join(relative_to, spec))
    if not os.path.exists(path):
        return None, Diagnostic("path-not-found", f"no file or folder `{spec}`" +
                                (f" (looked for `{path}`)" if path != os.path.normpath(spec) else ""), at,
                                "check the spelling, or name a shipped pack as @NAME")
    return path, None


# ---- schemas ----------------------------------------------------------------------------------

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
    defs, seen, stack = schema.get("$defs", {}), set(), [schema]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        values = node.values() if isinstance(node, dict) else node
        if isinstance(node, dict) and str(node.get("$ref", "")).startswith("#/$defs/"):
            target = defs[node.pop("$ref")[len("#/$defs/"):]]
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


def _descend(error) -> tuple:
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
    node = yamlread.find(root, path)
    if isinstance(node, yamlread.Mapping) and isinstance(error.instance, str) and node.key(error.instance):
        node = node.key(error.instance)  # `propertyNames`: the key itself is wrong
    subject, field = _subject(path, data)
    what = f"`{field}` of {subject}" if field and subject != "this file" else (f"`{field}`" if field else subject)
    kind = error.validator
    if kind == "additionalProperties" and isinstance(node, yamlread.Mapping):
        allowed = list(error.schema.get("properties", {}))
        for key, value in node.items:
            if key.text not in allowed:
                yield path, Diagnostic("schema", f"unknown key `{key.text}` in {subject if not field else what}",
                                       key.location, _unknown_key_hint(key, value, allowed))
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
        message, hint = f"{what} gives more than one test", "give one of `max`, `min` or `in`"
    elif kind == "minimum":
        message = f"{what} must be {title or 'a number'}, not {_shown(node)}"
    elif kind == "enum":
        allowed = [str(v) for v in error.validator_value]
        message = f"{what} must be {title or 'one of the allowed values'}, not {_shown(node)}"
        hint = did_you_mean(str(error.instance), allowed) or "one of " + ", ".join(f"`{v}`" for v in allowed)
    else:
        message = f"{what} must be {title or _EXPECTED.get(str(error.validator_value), 'something else')}, not {_shown(node)}"
        if isinstance(node, yamlread.Sequence) and "`{in: [..]}`" in title:
            hint = "a bare list is not a test: write `{in: [..]}` for a fact that may take any of several values"
        elif isinstance(node, yamlread.Scalar) and node.style == "plain" and "text" in title.split(",")[0]:
            hint = f"put it in quotes: `\"{node.text}\"`"
    yield path, Diagnostic("schema", message, node.location, hint)


_EXPECTED = {"string": "text", "integer": "a whole number", "boolean": "true or false", "array": "a list",
             "object": "a mapping of keys to values", "number": "a number"}


def _unknown_key_hint(key: yamlread.Scalar, value, allowed: list[str]) -> str | None:
    if key.text == "on":
        return "write `date`: YAML 1.1 tools read a bare `on` as true, so vires never uses it"
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


# ---- the loader -------------------------------------------------------------------------------

class _Loader:
    """One load: files read once each, entries built, ids and references checked at the end."""

    def __init__(self, base: _Loader | None = None):
        self.base = base
        self.diagnostics: list[Diagnostic] = []
        self.read_files: dict[str, str] = dict(base.read_files) if base else {}  # real path -> shown
        self.files: list[str] = []
        self.declared: dict[str, dict[str, tuple[str, Location]]] = {"rules": {}, "subjects": {}}
        self.sections: dict[str, dict] = {s: {} for s in ("sources", "bodies", "functions", *RULE_SECTIONS)}
        self.packs: dict[str, tuple[PackInfo, str]] = {}  # id -> (info, real path of its declaring file)
        self.pack_of_file: dict[str, str] = {}  # real path of a declaring file -> pack id
        self.requires: list[tuple[str, str, Location, str]] = []  # (from declaring file, target path, at, spec)
        self.references: list[tuple[str, str, Location, str]] = []  # (section, id, at, phrase)
        self.failed: set[str] = set()  # real paths of files that could not be read, or whose `pack:` failed
        self.partial = False  # some file's declarations are unknown (unreadable, or a section not a list)

    def result(self) -> tuple[Pack | None, list[Diagnostic]]:
        self._check_requires()
        self._check_references()
        diagnostics = sorted(self.diagnostics, key=Diagnostic.sort_key)
        if any(d.severity == "error" for d in diagnostics):
            return None, diagnostics
        return self._pack(), diagnostics

    def load(self, specs: Sequence[str]) -> None:
        queue = deque((spec, ".", Location(spec)) for spec in specs)
        while queue:
            spec, relative_to, at = queue.popleft()
            path, problem = resolve_spec(spec, relative_to, at)
            if problem:
                self.diagnostics.append(problem)
                continue
            for file in rule_files(path):
                real = os.path.realpath(file)
                if real in self.read_files:
                    continue
                self.read_files[real] = file
                self.files.append(file)
                for required in self._file(file, real):
                    queue.append(required)
                    self.requires.append((real, *required))

    def _file(self, file: str, real: str) -> list[tuple[str, str, Location]]:
        """Read, validate and build one file; the `requires` it declares, to load next."""
        root, problems = yamlread.read(file)
        self.diagnostics += problems
        if root is None:
            self.failed.add(real)
            self.partial = True
            return []
        data = yamlread.to_python(root)
        bad: set[tuple] = set()
        for path, diagnostic in schema_errors(root, data, "rulepack"):
            self.diagnostics.append(diagnostic)
            bad.add(path[:2])
        if not isinstance(data, dict):
            self.failed.add(real)
            self.partial = True
            return []
        for section in self.sections:
            if not isinstance(data.get(section), list):
                self.partial = self.partial or section in data  # what the section declares is unknown
                continue
            for index, entry in enumerate(data[section]):
                if (section, index) not in bad:
                    self._entry(section, entry, root.get(section).items[index])
                elif isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    self._declare(section, entry["id"], root.get(section).items[index].location)
        if "pack" not in data:
            return []
        if any(p[:1] == ("pack",) for p in bad):
            self.failed.add(real)
            return []
        return self._pack_info(data["pack"], root.get("pack"), file, real)

    def _pack_info(self, meta: dict, node, file: str, real: str) -> list[tuple[str, str, Location]]:
        pack_root = os.path.dirname(file) if os.path.basename(file) in PACK_FILES else file
        info = PackInfo(id=meta["id"], title=meta["title"], root=pack_root, status=meta.get("status", "in-force"),
                        version=meta.get("version"), description=meta.get("description"),
                        requires=tuple(meta.get("requires", ())), location=node.location)
        known = self.packs.get(info.id)  # a draft may be a new version of a base pack, so the base is not asked
        if known is not None:
            self.failed.add(real)
            self.diagnostics.append(Diagnostic(
                "duplicate-pack", f"pack `{info.id}` is declared here and at {known[0].location}",
                node.location, f"one pack reached twice is fine, but these are two packs with one id: "
                f"rename this one or the one at {known[0].location}"))
            return []
        self.packs[info.id] = (info, real)
        self.pack_of_file[real] = info.id
        folder = pack_root if os.path.isdir(pack_root) else os.path.dirname(pack_root)
        requires = node.get("requires")
        return [(spec, folder, requires.items[i].location) for i, spec in enumerate(info.requires)]

    def _declare(self, section: str, ident: str, at: Location) -> bool:
        """Record an id; False (and duplicate-id, at the later of the two places) when it is taken."""
        namespace, word = NAMESPACE[section], WORDS[section]
        known = self.declared[namespace].get(ident)
        if known is None:
            self.declared[namespace][ident] = (word, at)
            return True
        (first_word, first), (later_word, later) = sorted([known, (word, at)], key=lambda pair: pair[1])
        self.diagnostics.append(Diagnostic(
            "duplicate-id", f"{later_word} `{ident}` reuses the id of the {first_word} at {first}", later,
            f"ids are shared by everything loaded together: rename this {later_word} or the {first_word} at {first}"))
        return False

    def _entry(self, section: str, entry: dict, node: yamlread.Mapping) -> None:
        if not self._declare(section, entry["id"], node.location):
            return
        built = _BUILDERS[section](self, entry, node)
        self.sections[section][entry["id"]] = built

    def refer(self, body: str, at: Location, phrase: str) -> None:
        self.references.append(("bodies", body, at, phrase))

    def known(self, section: str) -> set[str]:
        """Ids declared in `section`, here and in the base, including entries that failed the schema."""
        word = WORDS[section]
        found = {i for i, (w, _) in self.declared[NAMESPACE[section]].items() if w == word}
        return found | self.base.known(section) if self.base else found

    def _check_references(self) -> None:
        """unknown-body and unknown-source; skipped when a file could not be read (its ids are unknown)."""
        if self.partial:
            return
        known = {"bodies": self.known("bodies"), "sources": self.known("sources")}
        hints: dict[tuple[str, str], str] = {}
        for section, ident, at, phrase in self.references:
            if ident not in known[section]:
                if (section, ident) not in hints:
                    hints[section, ident] = (did_you_mean(ident, known[section])
                                             or f"declare it under `{section}`, or load the pack that does")
                self.diagnostics.append(Diagnostic("unknown-body" if section == "bodies" else "unknown-source",
                                                   f"{phrase} `{ident}`, which is not declared", at,
                                                   hints[section, ident]))

    def _check_requires(self) -> None:
        edges: dict[str, list[tuple[str, Location, str]]] = {}
        for origin, spec, relative_to, at in self.requires:
            target, _ = resolve_spec(spec, relative_to, at)
            if target is None:
                continue  # reported when loading
            declaring = _declaring_file(target)
            real = os.path.realpath(declaring) if declaring else None
            if real not in self.pack_of_file and not (self.base and real in self.base.pack_of_file):
                if real not in self.failed:  # a file that failed has said why already
                    self.diagnostics.append(Diagnostic(
                        "not-a-pack", f"`{spec}` is required as a pack, but it declares no `pack:`", at,
                        "require a folder whose pack.yaml has `pack:`, or a file that has it"))
                continue
            edges.setdefault(origin, []).append((real, at, spec))
        for cycle, at in _cycles(edges):
            names = " → ".join(f"`{self.pack_of_file[real]}`" for real in cycle)
            self.diagnostics.append(Diagnostic("requires-cycle", f"packs require each other in a circle: {names}",
                                               at, "a pack may build on another, never on itself: remove one `requires`"))

    def _pack(self) -> Pack:
        functions = dict(self.sections["functions"])
        for function in list(functions.values()):
            parts = function.id.split(".")
            for end in range(1, len(parts)):
                ancestor = ".".join(parts[:end])
                if ancestor not in functions:
                    functions[ancestor] = Function(id=ancestor, name=ancestor, declared=False,
                                                   location=function.location)
        sections = {**self.sections, "functions": functions}
        superseded = ()
        if self.base is None:  # a draft's `supersedes` apply when it is laid over its base (`vires.overlay`)
            rules = {i: rule for section in RULE_SECTIONS for i, rule in self.sections[section].items()}
            left, superseded, _ = supersede(rules, rules.values())  # naming no rule: left to `vires check`
            sections.update({section: {i: r for i, r in sections[section].items() if i in left}
                             for section in RULE_SECTIONS})
        return Pack(packs=tuple(info for _, (info, _) in sorted(self.packs.items())),
                    files=tuple(sorted(self.files)), superseded=superseded,
                    **{name: dict(sorted(entries.items())) for name, entries in sections.items()})


def _declaring_file(target: str) -> str | None:
    if os.path.isdir(target):
        return next((os.path.join(target, n) for n in PACK_FILES if os.path.isfile(os.path.join(target, n))), None)
    return target


def _cycles(edges: dict[str, list[tuple[str, Location, str]]]) -> list[tuple[list[str], Location]]:
    """Each cycle of `requires` once, found by an iterative depth-first search, with the edge closing it."""
    found, state = [], {}  # state: 1 on the current path, 2 done
    for start in sorted(edges):
        if state.get(start):
            continue
        path, stack = [start], [iter(edges.get(start, ()))]
        state[start] = 1
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            target, at, _ = step
            if state.get(target) == 1:
                found.append((path[path.index(target):] + [target], at))
            elif not state.get(target):
                state[target] = 1
                path.append(target)
                stack.append(iter(edges.get(target, ())))
    return found


# ---- entries to the model ---------------------------------------------------------------------

class _Entry:
    """One validated entry being built: its data, its node, and how messages name it."""

    def __init__(self, loader: _Loader, section: str, data: dict, node: yamlread.Mapping):
        self.loader, self.data, self.node = loader, data, node
        self.name = f"{WORDS[section]} `{data['id']}`"

    def at(self, *path) -> Location:
        return yamlread.find(self.node, path).location

    def tuple(self, key: str) -> tuple:
        value = self.data.get(key)
        if value is None:
            return ()
        return tuple(value) if isinstance(value, list) else (value,)

    def body(self, ident: str, at: Location) -> str:
        self.loader.refer(ident, at, f"{self.name} names body")
        return ident

    def bodies(self, key: str) -> tuple[str, ...]:
        node = self.node.get(key)
        items = node.items if isinstance(node, yamlread.Sequence) else [node]
        return tuple(self.body(item.text, item.location) for item in items)

    def date(self, *path) -> dt.date | None:
        node = yamlread.find(self.node, path)
        if not isinstance(node, yamlread.Scalar) or node is self.node:
            return None
        try:
            return dt.date.fromisoformat(node.text)
        except ValueError:
            self.loader.diagnostics.append(Diagnostic(
                "schema", f"`{'.'.join(path)}` of {self.name} is not a real date: `{node.text}`", node.location))
            return None

    def validity(self, key: str = "valid") -> Validity:
        valid = self.data.get(key)
        if valid is None:
            return Validity()
        return Validity(start=self.date(key, "from") if "from" in valid else None,
                        until=self.date(key, "until") if "until" in valid else None)

    def source(self) -> Source:
        cited = self.data["source"]
        self.loader.references.append(("sources", cited["ref"], self.at("source", "ref"), f"{self.name} cites source"))
        return Source(ref=cited["ref"], section=cited.get("section"), clause=cited.get("clause"),
                      quote=cited.get("quote"), note=cited.get("note"), confirmed=cited.get("confirmed", True))

    def selectors(self, key: str, delegable: bool = False) -> tuple[Selector, ...]:
        node = self.node.get(key)
        items = node.items if isinstance(node, yamlread.Sequence) else [node]
        return tuple(self._selector(item, key, delegable) for item in items)

    def _selector(self, node, key: str, delegable: bool) -> Selector:
        if isinstance(node, yamlread.Scalar):
            return Selector(body=(self.body(node.text, node.location),))
        fields = {}
        for name, value in node:
            items = value.items if isinstance(value, yamlread.Sequence) else [value]
            if name in ("body", "part_of", "within"):
                for item in items:
                    if item.text == DELEGATOR and not delegable:
                        self.loader.diagnostics.append(Diagnostic(
                            "schema", f"`{DELEGATOR}` in `{key}` of {self.name} stands for no body",
                            item.location, f"`{DELEGATOR}` means the delegating body, in `delegable` only"))
                    elif item.text != DELEGATOR:
                        self.body(item.text, item.location)
            fields[name] = tuple(yamlread.to_python(item) for item in items)
        return Selector(**fields)

    def choice(self, key: str, default: bool, delegable: bool = False) -> bool | tuple[Selector, ...]:
        value = self.data.get(key, default)
        return value if isinstance(value, bool) else self.selectors(key, delegable)

    def where(self, node: yamlread.Mapping | None = None) -> Where:
        node = self.node.get("where") if node is None else node
        if node is None:
            return Where()
        tests = []
        for fact, value in node:
            if isinstance(value, yamlread.Scalar):
                tests.append(Test(fact, "eq", (normalise(value.text),)))
                continue
            ((op, bound),) = list(value)
            values = tuple(normalise(v.text) for v in (bound.items if op == "in" else [bound]))
            if op in ("max", "min") and values[0][0] not in (NUMBER, DATE):
                self.loader.diagnostics.append(Diagnostic(
                    "schema", f"`where.{fact}.{op}` of {self.name} must be a number or a date, not `{bound.text}`",
                    bound.location, "a bound compares numbers or dates: write 2400000, not 2.4m; 2026-04-01 for a date"))
            tests.append(Test(fact, op, values))
        return Where(tests=tuple(tests))

    def conditions(self, key: str = "conditions", node: yamlread.Sequence | None = None) -> tuple[Condition, ...]:
        node = self.node.get(key) if node is None else node
        return tuple(self._condition(item) for item in node.items) if node is not None else ()

    def _condition(self, node: yamlread.Mapping) -> Condition:
        data = yamlread.to_python(node)
        fields = {key: data[key] for key in ("notice_days", "quorum", "in_public", "within_budget", "decides_by")
                  if key in data}
        for key in ("consult", "approval_of"):
            if key in data:
                items = node.get(key)
                items = items.items if isinstance(items, yamlread.Sequence) else [items]
                fields[key] = tuple(self.body(i.text, i.location) for i in items)
        if "report_to" in data:
            items = node.get("report_to")
            items = items.items if isinstance(items, yamlread.Sequence) else [items]
            fields["report_to"] = tuple(
                (self.body(i.text, i.location), None) if isinstance(i, yamlread.Scalar)
                else (self.body(i.get("body").text, i.get("body").location), yamlread.to_python(i.get("every")))
                for i in items)
        if "have_regard_to" in data:
            value = data["have_regard_to"]
            fields["have_regard_to"] = tuple(value) if isinstance(value, list) else (value,)
        if "where" in data:
            fields["where"] = self.where(node.get("where"))
        if "any" in data:
            fields["any"] = self.conditions(node=node.get("any"))
        return Condition(blocking=data.get("blocking", True), **fields)


def _document(loader, data, node) -> Document:
    entry = _Entry(loader, "sources", data, node)
    return Document(id=data["id"], title=data["title"], kind=data["kind"], date=entry.date("date") if "date" in data
                    else None, edition=data.get("edition"), retrieved=entry.date("retrieved")
                    if "retrieved" in data else None, url=data.get("url"), location=node.location)


def _body(loader, data, node) -> Body:
    entry = _Entry(loader, "bodies", data, node)
    return Body(id=data["id"], name=data["name"], kind=data["kind"], level=data["level"], type=data.get("type"),
                part_of=entry.body(data["part_of"], entry.at("part_of")) if "part_of" in data else None,
                members=entry.bodies("members") if "members" in data else (),
                statutory=data.get("statutory", data["kind"] not in NOT_STATUTORY),
                accountable_to=entry.bodies("accountable_to") if "accountable_to" in data else (),
                decides_by=data.get("decides_by"), quorum=data.get("quorum"), valid=entry.validity(),
                location=node.location)


def _function(loader, data, node) -> Function:
    return Function(id=data["id"], name=data["name"], location=node.location)


def _power(loader, data, node) -> Power:
    entry = _Entry(loader, "powers", data, node)
    return Power(id=data["id"], holder=entry.selectors("holder"), functions=tuple(data["functions"]),
                 source=entry.source(), except_=entry.tuple("except"), limit=data.get("limit"),
                 valid=entry.validity(), where=entry.where(), delegable=entry.choice("delegable", True, True),
                 conditions=entry.conditions(), location=node.location)


def _delegation(loader, data, node) -> Delegation:
    entry = _Entry(loader, "delegations", data, node)
    return Delegation(id=data["id"], from_=entry.body(data["from"], entry.at("from")),
                      to=entry.body(data["to"], entry.at("to")), functions=tuple(data["functions"]),
                      source=entry.source(), except_=entry.tuple("except"), limit=data.get("limit"),
                      valid=entry.validity(), status=data.get("status", "in-force"),
                      delegable=entry.choice("delegable", False, True), exclusive=data.get("exclusive", False),
                      where=entry.where(), conditions=entry.conditions(), residual=entry.choice("residual", False),
                      supersedes=data.get("supersedes"), location=node.location)


def _reservation(loader, data, node) -> Reservation:
    entry = _Entry(loader, "reservations", data, node)
    return Reservation(id=data["id"], body=entry.selectors("body"), functions=tuple(data["functions"]),
                       source=entry.source(), except_via=entry.tuple("except_via"), location=node.location)


def _prohibition(loader, data, node) -> Prohibition:
    entry = _Entry(loader, "prohibitions", data, node)
    return Prohibition(id=data["id"], applies_to=entry.selectors("applies_to"), functions=tuple(data["functions"]),
                       source=entry.source(), where=entry.where(), reason=data.get("reason"), location=node.location)


def _requirement(loader, data, node) -> Requirement:
    entry = _Entry(loader, "requirements", data, node)
    return Requirement(id=data["id"], applies_to=entry.selectors("applies_to"), conditions=entry.conditions(),
                       source=entry.source(), functions=tuple(data["functions"]) if "functions" in data else None,
                       where=entry.where(), location=node.location)


_BUILDERS = {"sources": _document, "bodies": _body, "functions": _function, "powers": _power,
             "delegations": _delegation, "reservations": _reservation, "prohibitions": _prohibition,
             "requirements": _requirement}
