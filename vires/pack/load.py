"""Loading rule packs: paths and `@NAME` to files, files to a validated, located `vires.pack.model.Pack`.

Every file is read by `vires.pack.yaml_reader`, validated against `schemas/rulepack.schema.json`
(`vires.pack.validate`) and its entries built into the model (`vires.pack.build_model`); this module finds the
files, tracks packs, ids and references across them, and collects every problem (never just the
first), sorted by location.

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
A rule that another loaded rule supersedes is left out (`vires.pack.overlay.supersede`; the pairs are
kept in `Pack.superseded`). Left to `vires check`: undeclared functions, `supersedes` and
`except_via` naming no rule.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Sequence

from vires.errors import Diagnostic, LoadError, Location, did_you_mean
from vires.pack import yaml_reader as yamlread
from vires.pack.build_model import Reference, build
from vires.pack.model import RULE_SECTIONS, Function, Pack, PackInfo
from vires.pack.overlay import overlay_collect, supersede
from vires.pack.validate import WORDS, schema_errors

SUFFIXES = (".yaml", ".yml", ".json")
PACK_FILES = ("pack.yaml", "pack.yml", "pack.json")
NAMESPACE = {**{s: "rules" for s in RULE_SECTIONS}, "bodies": "rules", "functions": "subjects", "sources": "subjects"}
NAMESPACE["designations"] = "rules"
READ_INTO = {"designations": "delegations"}  # a section of a file -> the section of the pack its entries join


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
    `vires.pack.overlay`); files the base already loaded are not loaded again as draft.
    """
    base, draft, problems = load_draft_collect(paths, drafts)
    if base is None or draft is None:
        raise LoadError(problems)
    return base, draft


def load_draft_collect(
    paths: Sequence[str], drafts: Sequence[str]
) -> tuple[Pack | None, Pack | None, list[Diagnostic]]:
    """Like `load_draft`, but return the problems of both, sorted; a side is None when any of its problems
    is an error (for `vires check --draft`)."""
    base_loader = _Loader()
    base_loader.load(paths)
    base, problems = base_loader.result()
    draft_loader = _Loader(base=base_loader)
    draft_loader.load(drafts)
    draft, draft_problems = draft_loader.result()
    return base, draft, sorted(problems + draft_problems, key=Diagnostic.sort_key)


def load_overlay_collect(paths: Sequence[str], drafts: Sequence[str]) -> tuple[Pack | None, list[Diagnostic]]:
    """The base at `paths` with the drafts at `drafts` laid over it, as one pack to check, and the problems of
    loading either (None for the pack when any is an error).

    A draft rule that rewrites a base rule under its id is no duplicate, and its references resolve against the
    base (`load_draft`). A `supersedes` naming no rule replaces nothing: it is left to `vires check` to report.
    """
    base, draft, problems = load_draft_collect(paths, drafts)
    if base is None or draft is None:
        return None, problems
    return overlay_collect(base, draft)[0], problems


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
        return None, Diagnostic(
            "unknown-pack",
            f"no shipped pack is called `{spec}`",
            at,
            did_you_mean(spec, [f"@{name}" for name in shipped])
            or "shipped packs: " + ", ".join(f"`@{name}`" for name in shipped),
        )
    path = os.path.normpath(os.path.join(relative_to, spec))
    if not os.path.exists(path):
        return None, Diagnostic(
            "path-not-found",
            f"no file or folder `{spec}`" + (f" (looked for `{path}`)" if path != os.path.normpath(spec) else ""),
            at,
            "check the spelling, or name a shipped pack as @NAME",
        )
    return path, None


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
        self.requires: list[tuple[str, str, str, Location]] = []  # (declaring file, spec, relative to, at)
        self.references: list[Reference] = []  # bodies and sources named, resolved at the end
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
            if path is None or problem:
                self.diagnostics += [problem] if problem else []
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
        for section in (*self.sections, *READ_INTO):
            if not isinstance(data.get(section), list):
                self.partial = self.partial or section in data  # what the section declares is unknown
                continue
            for index, entry in enumerate(data[section]):
                if (section, index) not in bad:
                    node = yamlread.sequence(yamlread.mapping(root).get(section)).items[index]
                    self._entry(section, entry, yamlread.mapping(node))
                elif isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    node = yamlread.sequence(yamlread.mapping(root).get(section)).items[index]
                    self._declare(section, entry["id"], node.location)
        if "pack" not in data:
            return []
        if any(p[:1] == ("pack",) for p in bad):
            self.failed.add(real)
            return []
        return self._pack_info(data["pack"], yamlread.mapping(yamlread.mapping(root).get("pack")), file, real)

    def _pack_info(self, meta: dict, node, file: str, real: str) -> list[tuple[str, str, Location]]:
        pack_root = os.path.dirname(file) if os.path.basename(file) in PACK_FILES else file
        info = PackInfo(
            id=meta["id"],
            title=meta["title"],
            root=pack_root,
            status=meta.get("status", "in-force"),
            version=meta.get("version"),
            description=meta.get("description"),
            requires=tuple(meta.get("requires", ())),
            location=node.location,
        )
        known = self.packs.get(info.id)  # a draft may be a new version of a base pack, so the base is not asked
        if known is not None:
            self.failed.add(real)
            self.diagnostics.append(
                Diagnostic(
                    "duplicate-pack",
                    f"pack `{info.id}` is declared here and at {known[0].location}",
                    node.location,
                    f"one pack reached twice is fine, but these are two packs with one id: "
                    f"rename this one or the one at {known[0].location}",
                )
            )
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
        self.diagnostics.append(
            Diagnostic(
                "duplicate-id",
                f"{later_word} `{ident}` reuses the id of the {first_word} at {first}",
                later,
                f"ids are shared by everything loaded together: "
                f"rename this {later_word} or the {first_word} at {first}",
            )
        )
        return False

    def _entry(self, section: str, entry: dict, node: yamlread.Mapping) -> None:
        if not self._declare(section, entry["id"], node.location):
            return
        for built in build(section, entry, node, self.diagnostics, self.references):
            self.sections[READ_INTO.get(section, section)][built.id] = built

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
                    hints[section, ident] = (
                        did_you_mean(ident, known[section])
                        or f"declare it under `{section}`, or load the pack that does"
                    )
                self.diagnostics.append(
                    Diagnostic(
                        "unknown-body" if section == "bodies" else "unknown-source",
                        f"{phrase} `{ident}`, which is not declared",
                        at,
                        hints[section, ident],
                    )
                )

    def _check_requires(self) -> None:
        edges: dict[str, list[tuple[str, Location, str]]] = {}  # declaring file -> (required file, at, spec)
        for origin, spec, relative_to, at in self.requires:
            target, _ = resolve_spec(spec, relative_to, at)
            if target is None:
                continue  # reported when loading
            declaring = _declaring_file(target)
            real = os.path.realpath(declaring) if declaring else None
            if real not in self.pack_of_file and not (self.base and real in self.base.pack_of_file):
                if real not in self.failed:  # a file that failed has said why already
                    self.diagnostics.append(
                        Diagnostic(
                            "not-a-pack",
                            f"`{spec}` is required as a pack, but it declares no `pack:`",
                            at,
                            "require a folder whose pack.yaml has `pack:`, or a file that has it",
                        )
                    )
                continue
            if real is not None:
                edges.setdefault(origin, []).append((real, at, spec))
        for cycle, at in _cycles(edges):
            names = " → ".join(f"`{self.pack_of_file[real]}`" for real in cycle)
            self.diagnostics.append(
                Diagnostic(
                    "requires-cycle",
                    f"packs require each other in a circle: {names}",
                    at,
                    "a pack may build on another, never on itself: remove one `requires`",
                )
            )

    def _pack(self) -> Pack:
        functions = dict(self.sections["functions"])
        for function in list(functions.values()):
            parts = function.id.split(".")
            for end in range(1, len(parts)):
                ancestor = ".".join(parts[:end])
                if ancestor not in functions:
                    functions[ancestor] = Function(
                        id=ancestor, name=ancestor, declared=False, location=function.location
                    )
        sections = {**self.sections, "functions": functions}
        superseded: tuple[tuple[str, str], ...] = ()
        if self.base is None:  # a draft's `supersedes` apply when it is laid over its base (`vires.pack.overlay`)
            rules = {i: rule for section in RULE_SECTIONS for i, rule in self.sections[section].items()}
            left, superseded, _ = supersede(rules, rules.values())  # naming no rule: left to `vires check`
            sections.update(
                {section: {i: r for i, r in sections[section].items() if i in left} for section in RULE_SECTIONS}
            )
        return Pack(
            packs=tuple(info for _, (info, _) in sorted(self.packs.items())),
            files=tuple(sorted(self.files)),
            superseded=superseded,
            **{name: dict(sorted(entries.items())) for name, entries in sections.items()},
        )


def _declaring_file(target: str) -> str | None:
    if os.path.isdir(target):
        return next((os.path.join(target, n) for n in PACK_FILES if os.path.isfile(os.path.join(target, n))), None)
    return target


def _cycles(edges: dict[str, list[tuple[str, Location, str]]]) -> list[tuple[list[str], Location]]:
    """Each cycle of `requires` once, found by an iterative depth-first search, with the edge closing it."""
    found: list[tuple[list[str], Location]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done
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
                found.append((path[path.index(target) :] + [target], at))
            elif not state.get(target):
                state[target] = 1
                path.append(target)
                stack.append(iter(edges.get(target, ())))
    return found
