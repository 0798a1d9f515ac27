"""A safe, located YAML reader: PyYAML's event stream built into a node tree with limits.

Why not `yaml.safe_load`? Rule packs are law written as data, and PyYAML's defaults follow
YAML 1.1, whose implicit types quietly change what the author wrote:

- `on`, `off`, `yes`, `no` become booleans, so a bare `on:` key turns into `true` (hence vires
  says `date`, never `on`), and a body called `no` turns into `false`;
- `010` becomes 8 (octal) and `12:30` becomes 750 (base 60);
- `2026-01-01` becomes a `datetime.date`, and `1_000` becomes 1000;
- duplicate keys are silently merged, the last one winning;
- aliases are expanded without limit (an "alias bomb" of a few lines fills the memory), and
  deep nesting exhausts the stack.

This reader keeps every key as the text written (`on:` stays the key "on") and resolves plain
scalars by the YAML 1.2 core rules only: `null`, `~` or nothing is None; `true`/`false` (any case)
a boolean; `[-+]?(0|[1-9][0-9]*)` an integer; a decimal (or exponent) number a float; everything
else is text (`yes`, `no`, `on`, `off`, `2026-01-01`, `12:30`, and `010`, whose leading zero
makes it ambiguous). Quoted and block scalars are always text. Each node keeps its location and
its source text, so `where` values and facts can be read from what was written (SPEC 3.2).

Merge keys (`<<: *defaults`, or `<<: [*a, *b]`) are resolved here as YAML 1.1 defines them: a
mapping takes every key of the merged mappings that it does not give itself, earlier mappings in
a list before later ones. Merged keys and values keep the locations where they were written (in
the anchored mapping), so a message about a merged value points at the line that holds it. A
quoted `"<<"` is an ordinary key. Merging shares the merged nodes, never copies them, and the
aliases it merges are counted like any other, so a merge bomb is a located error too.

The tree is built from events with an explicit stack (no recursion), nesting deeper than 100 is
refused, and the nodes an alias would expand to are counted, so hostile input is answered with a
located error in bounded time and memory. JSON files go through the same reader: libyaml reads
JSON as YAML flow style (`"a":1`, `\\u` and `\\/` escapes included; tabs between tokens are read as
spaces, as JSON means them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NoReturn

import yaml

from vires.errors import Diagnostic, Location
from vires.pack import yaml_mistakes as mistakes

MAX_BYTES = 4 * 1024 * 1024  # a rule file larger than this is refused before parsing
MAX_DEPTH = 100  # nesting of lists and mappings
MAX_NODES = 100_000  # nodes after alias expansion

# The event parser: libyaml when PyYAML is built with it, else pure Python. Both must give the same
# diagnostics (tests/test_load.py runs the reader under each), whatever limits a libyaml release adds.
LOADERS: dict[str, type | None] = {"libyaml": getattr(yaml, "CSafeLoader", None), "python": yaml.SafeLoader}
Loader: type = LOADERS["libyaml"] or yaml.SafeLoader

MERGE = "<<"  # the merge key of YAML 1.1, resolved by the reader
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?=[eE]))(?:[eE][-+]?[0-9]+)?\Z")
_PLAIN_TAGS = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_STR_TAG = "tag:yaml.org,2002:str"


class Scalar:
    """A scalar: its source `text`, its `style` (plain, quoted or block) and where it stands."""

    __slots__ = ("text", "style", "location")
    size = 1

    def __init__(self, text: str, style: str, location: Location):
        self.text, self.style, self.location = text, style, location

    @property
    def value(self):
        """The plain Python value: YAML 1.2 core resolution for plain scalars, text otherwise."""
        return resolve(self.text) if self.style == "plain" else self.text


class Sequence:
    """A list of nodes."""

    __slots__ = ("items", "location", "size")

    def __init__(self, location: Location):
        self.items: list[Node] = []
        self.location, self.size = location, 1


class Mapping:
    """Keys (always text, each a Scalar with its location) mapped to nodes, in source order."""

    __slots__ = ("items", "index", "location", "size")

    def __init__(self, location: Location):
        self.items: list[tuple[Scalar, Node]] = []
        self.index: dict[str, int] = {}
        self.location, self.size = location, 1

    def get(self, key: str) -> Node | None:
        at = self.index.get(key)
        return None if at is None else self.items[at][1]

    def key(self, key: str) -> Scalar | None:
        at = self.index.get(key)
        return None if at is None else self.items[at][0]

    def __iter__(self) -> Iterator[tuple[str, Node]]:
        return ((k.text, v) for k, v in self.items)


Node = Scalar | Sequence | Mapping


def resolve(text: str):
    """A plain scalar by the YAML 1.2 core rules (see the module docstring)."""
    lowered = text.lower()
    if lowered in ("", "~", "null"):
        return None
    if lowered in ("true", "false"):
        return lowered == "true"
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def to_python(node: Node | None):
    """Plain Python (dicts, lists, str, int, float, bool, None); depth is bounded by the reader."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Sequence):
        return [to_python(item) for item in node.items]
    return {key.text: to_python(value) for key, value in node.items}


def mapping(node: Node | None) -> Mapping:
    """`node` as a mapping, where the schema has checked that one stands here (TypeError otherwise)."""
    if not isinstance(node, Mapping):
        raise TypeError(f"expected a mapping, got {type(node).__name__}")
    return node


def sequence(node: Node | None) -> Sequence:
    """`node` as a list, where the schema has checked that one stands here (TypeError otherwise)."""
    if not isinstance(node, Sequence):
        raise TypeError(f"expected a list, got {type(node).__name__}")
    return node


def scalar(node: Node | None) -> Scalar:
    """`node` as a scalar, where the schema has checked that one stands here (TypeError otherwise)."""
    if not isinstance(node, Scalar):
        raise TypeError(f"expected a scalar, got {type(node).__name__}")
    return node


def find(node: Node, path) -> Node:
    """The node at `path` (keys and indexes) below `node`; stops at the deepest node that exists."""
    for step in path:
        if isinstance(node, Mapping) and isinstance(step, str) and step in node.index:
            node = node.items[node.index[step]][1]
        elif isinstance(node, Sequence) and isinstance(step, int) and 0 <= step < len(node.items):
            node = node.items[step]
        else:
            break
    return node


def read(path: str, shown: str | None = None) -> tuple[Node | None, list[Diagnostic]]:
    """Read one YAML or JSON file; the root node (None when unusable) and what went wrong.

    `shown` is the file name used in locations (default: `path`).
    """
    shown = shown or path
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        reason = error.strerror.lower() if error.strerror else "it cannot be opened"
        return None, [
            Diagnostic(
                "unreadable-file",
                f"cannot read `{shown}`: {reason}",
                Location(shown),
                "check that the file exists and that you may read it",
            )
        ]
    return parse(data, shown)


def parse(data: bytes | str, file: str) -> tuple[Node | None, list[Diagnostic]]:
    """Parse YAML or JSON text (bytes are checked to be UTF-8 text first)."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            return None, [_too_large_file(data, file)]
        at = data.find(b"\0")
        if at >= 0:
            return None, [_binary(data, at, file, "holds a NUL byte")]
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            return None, [_binary(data, error.start, file, "is not UTF-8 text")]
    else:
        text = data
        if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            return None, [_too_large_file(text.encode("utf-8", "surrogatepass"), file)]
    if file.endswith(".json"):
        # JSON allows tabs between tokens; libyaml takes them there but PyYAML's pure-Python parser does
        # not. A literal tab is never part of valid JSON's values, so a space in its place (same column)
        # reads the same under both parsers.
        text = text.replace("\t", " ")
    loader = Loader(text)
    try:
        return _Builder(file).build(loader, text)
    finally:
        loader.dispose()


class _Stop(Exception):
    """Raised inside the builder when reading cannot usefully go on."""


class _Frame:
    __slots__ = ("node", "key", "skip", "block", "split")

    def __init__(self, node: Sequence | Mapping, block: bool):
        self.node = node
        self.key: Scalar | None = None
        self.skip = False
        self.block = block  # written one entry a line, not in `[..]` or `{..}`
        self.split = False  # a new entry without its `- ` was found in it: its repeated keys are said once


class _Builder:
    """Turns parser events into nodes with an explicit stack."""

    def __init__(self, file: str):
        self.file = file
        self.diagnostics: list[Diagnostic] = []
        self.anchors: dict[str, Node] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.anchored: dict[int, str] = {}  # id(frame node) -> its anchor, registered when complete
        self.count = 0
        self.root: Node | None = None
        self.documents = 0
        self.lines: list[str] = []

    def at(self, mark) -> Location:
        return Location(self.file, mark.line + 1, mark.column + 1)

    def fail(self, code: str, message: str, location: Location, hint: str | None = None) -> NoReturn:
        self.diagnostics.append(Diagnostic(code, message, location, hint))
        raise _Stop

    def build(self, loader, text: str) -> tuple[Node | None, list[Diagnostic]]:
        self.lines = mistakes.lines_of(text)
        try:
            self._run(loader)
        except _Stop:
            return None, self.diagnostics
        except yaml.MarkedYAMLError as error:
            if error.problem and "nesting depth" in error.problem and error.problem_mark is not None:
                # libyaml 0.2.5 as built into PyYAML 6.0.3+ stops at 1,000 levels while it scans ahead,
                # before vires' own limit sees the events: the same problem, so the same words.
                self.diagnostics.append(_too_deep(self.at(error.problem_mark)))
                return None, self.diagnostics
            self.diagnostics.append(mistakes.syntax_error(error, self.file, text))
            return None, self.diagnostics
        except yaml.YAMLError as error:  # unmarked: a reader or encoding problem
            self.diagnostics.append(
                Diagnostic("yaml-syntax", f"the file cannot be read as YAML: {error}", Location(self.file, 1, 1))
            )
            return None, self.diagnostics
        if self.root is None or (isinstance(self.root, Scalar) and self.root.value is None):
            self.diagnostics.append(
                Diagnostic(
                    "empty-file",
                    f"`{self.file}` holds nothing",
                    Location(self.file, 1, 1),
                    "write the rules in it, or remove the file",
                )
            )
            return None, self.diagnostics
        return self.root, self.diagnostics

    def _run(self, loader) -> None:
        scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
        starts: dict[type, type[Sequence] | type[Mapping]] = {
            yaml.MappingStartEvent: Mapping,
            yaml.SequenceStartEvent: Sequence,
        }
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is scalar:
                self._count(1, event)
                style = "plain" if not event.style else ("block" if event.style in "|>" else "quoted")
                if event.tag not in _PLAIN_TAGS:
                    if event.tag != _STR_TAG:
                        self._tag(event)
                    style = "quoted"
                if style == "plain" and event.end_mark.line > event.start_mark.line:
                    self._check_text(event)
                node = Scalar(event.value, style, self.at(event.start_mark))
                if event.anchor:
                    self.anchors[event.anchor] = node
                self._attach(node)
            elif kind in starts:
                self._count(1, event)
                if event.tag not in _PLAIN_TAGS:
                    self._tag(event)
                if len(self.stack) >= MAX_DEPTH:
                    self.diagnostics.append(_too_deep(self.at(event.start_mark)))
                    raise _Stop
                container: Sequence | Mapping = starts[kind](self.at(event.start_mark))
                if event.anchor:
                    self.open_anchors.add(event.anchor)
                    self.anchored[id(container)] = event.anchor
                self.stack.append(_Frame(container, not event.flow_style))
            elif kind in ends:
                done = self.stack.pop().node
                if isinstance(done, Mapping):
                    self._merge(done)
                anchor = self.anchored.pop(id(done), None)
                if anchor is not None:
                    self.open_anchors.discard(anchor)
                    self.anchors[anchor] = done
                self._attach(done)
            elif kind is alias:
                target = self.anchors.get(event.anchor)
                if target is None:
                    if event.anchor in self.open_anchors:
                        self.fail(
                            "yaml-syntax",
                            f"alias `*{event.anchor}` refers to the list or mapping that holds it",
                            self.at(event.start_mark),
                            "an alias must refer to something complete",
                        )
                    self.fail(
                        "yaml-syntax",
                        f"alias `*{event.anchor}` refers to no anchor `&{event.anchor}` before it",
                        self.at(event.start_mark),
                    )
                self._count(target.size, event)
                self._attach(target)
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    self.fail(
                        "yaml-syntax",
                        "a second YAML document starts here; a file holds one",
                        self.at(event.start_mark),
                        "remove the `---` line, or split the file in two",
                    )
            elif kind is yaml.StreamEndEvent:
                return

    def _merge(self, node: Mapping) -> None:
        """Resolve the plain `<<` keys of a complete mapping: merged keys the mapping does not give itself."""
        if not any(key.text == MERGE and key.style == "plain" for key, _ in node.items):
            return
        own = {key.text for key, _ in node.items if not (key.text == MERGE and key.style == "plain")}
        items: list[tuple[Scalar, Node]] = []
        for key, value in node.items:
            if key.text != MERGE or key.style != "plain":
                items.append((key, value))
                continue
            sources = value.items if isinstance(value, Sequence) else [value]
            for source in sources:
                if not isinstance(source, Mapping):
                    self.fail(
                        "yaml-syntax",
                        "a merge key `<<` takes a mapping, or a list of mappings, to merge into this one",
                        source.location,
                        'write `<<: *name` with `&name` on a mapping above, or quote `"<<"` to use it as a key',
                    )
                for merged_key, merged in source.items:
                    if merged_key.text not in own:
                        own.add(merged_key.text)
                        items.append((merged_key, merged))
        node.items = items
        node.index = {key.text: at for at, (key, _) in enumerate(items)}

    def _count(self, nodes: int, event) -> None:
        self.count += nodes
        if self.count > MAX_NODES:
            self.fail(
                "too-large",
                f"the file expands to more than {MAX_NODES:,} values here (aliases included)",
                self.at(event.start_mark),
                "aliases that repeat aliases multiply; write the data out, or split the file",
            )

    def _tag(self, event) -> None:
        tag = event.tag.replace("tag:yaml.org,2002:", "!!")
        self.fail(
            "yaml-syntax",
            f"the tag `{tag}` is not used in vires files",
            self.at(event.start_mark),
            "remove the tag; quote a value to keep it as text",
        )

    def _attach(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        parent = frame.node
        parent.size += node.size
        if isinstance(parent, Sequence):
            parent.items.append(node)
        elif frame.key is None:
            self._key(frame, node)
        else:
            if not frame.skip:
                parent.index[frame.key.text] = len(parent.items)
                parent.items.append((frame.key, node))
            frame.key, frame.skip = None, False

    def _key(self, frame: _Frame, node: Node) -> None:
        assert isinstance(frame.node, Mapping)  # only a mapping's frame waits for a key
        if not isinstance(node, Scalar):
            self.fail(
                "yaml-syntax",
                "a key must be a word, not a list or mapping",
                node.location,
                "write `key: value`; put a key that holds `[`, `{` or `?` in quotes",
            )
        frame.key = node
        first = frame.node.key(node.text)
        if first is not None:
            frame.skip = True
            if frame.split:
                return  # a key of the entry that lost its `- `, said once already
            if self._lost_dash(frame, node):
                return
            self.diagnostics.append(
                Diagnostic(
                    "duplicate-key",
                    f"key `{node.text}` appears twice in this mapping: at line {first.location.line} "
                    f"and at line {node.location.line}",
                    node.location,
                    "remove one of them: a mapping gives each key once",
                )
            )

    def _lost_dash(self, frame: _Frame, node: Scalar) -> bool:
        """A list entry's first key given again in it: a new entry that lost its `- ` (said once, for its first key)."""
        mapping = frame.node
        assert isinstance(mapping, Mapping)
        parent = self.stack[-2] if len(self.stack) > 1 else None
        if not (frame.block and parent and parent.block and isinstance(parent.node, Sequence)):
            return False
        if node.text != mapping.items[0][0].text:
            return False
        entry = mistakes.shape(self.lines, mapping.location.line)
        if entry.dash is None:
            return False
        at = node.location
        found = mistakes.missing_dash(at.line, at.column, node.text, entry.number, entry.dash, at.column)
        self.diagnostics.append(Diagnostic("yaml-syntax", found.message, at, found.hint))
        frame.split = True
        return True

    def _check_text(self, event) -> None:
        """A plain text running over several lines must not hold a `- ` list item indented under the one above."""
        start, end = event.start_mark, event.end_mark
        found = mistakes.item_in_text(self.lines, start.line + 1, start.column + 1, end.line + 1)
        if found is not None:
            self.fail("yaml-syntax", found.message, Location(self.file, found.line, found.column), found.hint)


def _too_deep(location: Location) -> Diagnostic:
    return Diagnostic(
        "too-deep",
        f"lists and mappings are nested more than {MAX_DEPTH} deep here",
        location,
        "rule packs never need such depth; flatten the data",
    )


def _line_column(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def _binary(data: bytes, offset: int, file: str, problem: str) -> Diagnostic:
    line, column = _line_column(data, offset)
    return Diagnostic(
        "binary-file",
        f"`{file}` {problem} here, so it is not a YAML or JSON text file",
        Location(file, line, column),
        "save it as UTF-8 text, or remove it from the rules folder",
    )


def _too_large_file(data: bytes, file: str) -> Diagnostic:
    line, column = _line_column(data, MAX_BYTES)
    return Diagnostic(
        "too-large",
        f"`{file}` is larger than {MAX_BYTES // (1024 * 1024)} MB; it passes the limit here",
        Location(file, line, column),
        "split the rules into several files",
    )
