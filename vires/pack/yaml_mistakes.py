"""YAML mistakes explained: the common indentation slips as one error at the line that is wrong, with the fix.

PyYAML's two parsers (libyaml and pure Python) word the same error differently ("did not find expected
key", "expected <block end>, but found '-'") but agree on where it stands. So the mistake is read
here from where the error stands and from the indentation of the lines above it, never from the
parser's words, and both parsers give one message:

- a key indented more than the key above it (an extra space before `to:`): YAML reads it as part
  of the value above;
- a key indented less than the key above it;
- a list entry that lost its `- ` (its first key given again at the column of the list's `- `);
- a `- ` list item indented more or less than the items of its list;
- a value holding `: `, which YAML reads as a new key.

The reader (`vires.pack.yaml_reader`) has `syntax_error` word each syntax error (tabs, unclosed
brackets and quotes too), and asks `missing_dash` and `item_in_text` about two slips that are
well-formed YAML but never what a pack means: a list entry whose `- ` was deleted, so its keys
repeat the entry above; and a list item indented under the item above, which YAML reads as more of
that item's text.
"""

from __future__ import annotations

import re

import attrs
import yaml

from vires.errors import Diagnostic, Location

_SHAPE = re.compile(r"(?P<indent> *)(?P<dash>-(?: +|$))?(?:(?P<key>[A-Za-z0-9_$][\w$.-]*) *:(?= |$) *(?P<value>.*))?")
_BREAK = re.compile(r"\r\n|\r|\n")


@attrs.frozen
class Shape:
    """What one line starts with: its 1-based number, a `- ` and a `key:`, each with its 1-based column."""

    number: int
    text: str
    dash: int | None  # the column of a leading `- `
    key: str | None
    key_column: int | None
    value: str  # what follows `key:` on the line

    @property
    def start(self) -> int:
        """The column of the first thing on the line: its `- `, else its key."""
        return self.dash or self.key_column or len(self.text) - len(self.text.lstrip(" ")) + 1


@attrs.frozen
class Explained:
    """A mistake, located at the line that is wrong (1-based line and column), with the fix as a hint."""

    line: int
    column: int
    message: str
    hint: str


def lines_of(text: str) -> list[str]:
    """The lines of a text as YAML counts them (`\\r\\n`, `\\r` and `\\n` each end one)."""
    return _BREAK.split(text)


def shape(lines: list[str], number: int) -> Shape:
    """The shape of line `number` (1-based)."""
    text = lines[number - 1] if 0 < number <= len(lines) else ""
    match = _SHAPE.match(text)
    assert match is not None  # every part of the pattern is optional
    indent = len(match.group("indent"))
    dash = indent + 1 if match.group("dash") else None
    key = match.group("key")
    key_column = match.start("key") + 1 if key else None
    return Shape(number, text, dash, key, key_column, (match.group("value") or "").strip())


def _content(lines: list[str], number: int) -> bool:
    stripped = lines[number - 1].strip()
    return bool(stripped) and not stripped.startswith("#")


def _above(lines: list[str], number: int, wanted) -> Shape | None:
    """The nearest line above `number` that holds content and whose shape `wanted` accepts."""
    for above in range(number - 1, 0, -1):
        if _content(lines, above):
            found = shape(lines, above)
            if wanted(found):
                return found
    return None


# ---- syntax errors ---------------------------------------------------------------------------


def syntax_error(error: yaml.MarkedYAMLError, file: str, text: str) -> Diagnostic:
    """A syntax error in vires' words, the same under both parsers: the indentation slip behind it where it is
    a common one, else what went wrong where the parser stopped."""
    mark = error.problem_mark or error.context_mark
    lines = lines_of(text)
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    at_end = line > len(lines) or (line == len(lines) and column > len(lines[-1]))
    if line > len(lines):  # the end of the text, after its last line break: show the end of the last line
        line, column = len(lines), len(lines[-1]) + 1
    context_line = error.context_mark.line + 1 if error.context_mark is not None else None
    kind = _kind(error, text)
    explained = explain(kind, line, column, context_line, lines)
    if explained is not None:
        return Diagnostic(
            "yaml-syntax", explained.message, Location(file, explained.line, explained.column), explained.hint
        )
    hint: str | None
    short = "the file ends too soon: is it cut short, or is a quote or bracket left open?"
    if kind == "tab":
        problem, hint = "a tab stands here, where YAML allows only spaces", "indent with spaces, not tabs"
    elif kind == "colon":
        problem, hint = "a `: ` stands here, where no key may start", "put a value that holds `: ` in quotes"
    elif kind == "flow":
        opened = "[" if "sequence" in (error.context or "") else "{"
        closer = "]" if opened == "[" else "}"
        at = f" opened on line {context_line}" if context_line else ""
        if at_end:
            problem, hint = f"the file ends inside the `{opened}`{at}", short
        else:
            problem = f"expected `,` or `{closer}` here, inside the `{opened}`{at}"
            hint = "put a value that holds `:`, `,`, `[`, `]`, `{` or `}` in quotes"
    elif kind == "quote":
        at = f" opened on line {context_line}" if context_line else ""
        problem, hint = f"the file ends inside the quote{at}", "close the quote"
    elif kind == "block":
        what = "list" if "collection" in (error.context or "") else "mapping"
        problem = f"this line does not continue the {what} that starts on line {context_line}"
        hint = "the keys of one mapping start in one column, and the `- ` of one list too"
    else:
        problem = (error.problem or "the YAML is not well formed").rstrip(".")
        if error.context and context_line is not None and context_line != line:
            problem += f" ({error.context} at line {context_line})"
        hint = short if at_end or "end of stream" in problem else None
    return Diagnostic("yaml-syntax", problem, Location(file, line, column), hint)


def _kind(error: yaml.MarkedYAMLError, text: str) -> str:
    """What went wrong, whichever parser's words say it: `tab`, `colon`, `block`, `flow`, `quote` or `other`."""
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark
    if "tab" in problem or (
        "cannot start any token" in problem and mark and _char_at(text, mark.line, mark.column) == "\t"
    ):
        return "tab"
    if "mapping values are not allowed" in problem:
        return "colon"
    if "while parsing a block" in context and ("expected" in problem):
        return "block"
    if "while parsing a flow" in context and "expected ','" in problem:
        return "flow"
    if "quoted scalar" in context and "end of stream" in problem:
        return "quote"
    return "other"


def _char_at(text: str, line: int, column: int) -> str | None:
    """The character at a 0-based line and column, or None."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    at = start + column
    return text[at] if at < len(text) else None


def explain(kind: str, line: int, column: int, context_line: int | None, lines: list[str]) -> Explained | None:
    """The indentation slip behind a syntax error, or None when it is not one of the common ones.

    Args:
        kind: `colon` (a `: ` where no key may start), `block` (a line that continues no list or
            mapping above it), or anything else (not an indentation error).
        line, column: where the parser stopped (1-based).
        context_line: where the list or mapping it was reading starts (1-based), when it says.
        lines: the file's lines.
    """
    if kind not in ("colon", "block") or not 0 < line <= len(lines):
        return None
    here = shape(lines, line)
    if kind == "colon" and (here.key is None or column != _colon(here)):
        return _colon_in_value(here, column) if here.key is not None else None
    if here.dash is not None:
        return _item_depth(lines, here)
    if here.key is None or here.key_column is None:
        return None
    return _new_entry(lines, here) or _key_depth(lines, here)


def _colon(found: Shape) -> int:
    """The column of the colon after a line's key."""
    assert found.key is not None and found.key_column is not None
    return found.text.index(":", found.key_column - 1) + 1


def _colon_in_value(here: Shape, column: int) -> Explained:
    value = here.value.replace("\\", "\\\\").replace('"', '\\"')
    return Explained(
        here.number,
        column,
        f"the value of `{here.key}` holds `: `, which YAML reads as the start of another key",
        f'put the value in quotes: `{here.key}: "{value}"`',
    )


def _key_depth(lines: list[str], here: Shape) -> Explained | None:
    """A key indented more or less than the key of the line above it that it should line up with."""
    assert here.key_column is not None
    above = _above(lines, here.number, lambda s: s.key is not None)
    if above is None or above.key_column is None or above.key_column == here.key_column:
        return None
    if here.key_column > above.key_column:
        if not above.value and _above(lines, here.number, lambda s: True) == above:
            return None  # a mapping nested under `key:` is well formed: the error is something else
        more = "more"
        why = ", so YAML reads it as part of the value above"
    else:
        more, why = "less", ""
    return Explained(
        here.number,
        here.key_column,
        f"`{here.key}:` is indented {more} than `{above.key}:` on line {above.number}{why}",
        f"start `{here.key}:` in column {above.key_column}, in line with `{above.key}:` "
        f"(it is in column {here.key_column})",
    )


def _new_entry(lines: list[str], here: Shape) -> Explained | None:
    """A list entry that lost its `- `: its first key stands at the column of the list's `- `."""
    entry = _above(lines, here.number, lambda s: s.dash is not None and s.dash <= here.start)
    if entry is None or entry.dash is None or entry.dash != here.key_column or entry.key is None:
        return None
    given = {entry.key}
    for number in range(entry.number + 1, here.number):
        if _content(lines, number):
            given.add(shape(lines, number).key or "")
    if here.key not in given:
        return None
    return missing_dash(here.number, entry.dash, here.key or "", entry.number, entry.dash, entry.key_column)


def missing_dash(line: int, column: int, key: str, entry_line: int, dash: int, key_column: int | None) -> Explained:
    """A new list entry whose `- ` is missing: its first key `key` at `line` repeats the entry at `entry_line`."""
    indent = f", and start its other keys in column {key_column}" if key_column and key_column != column else ""
    return Explained(
        line,
        column,
        f"a new entry starts here without its `- `: `{key}` is already given for the entry on line {entry_line}",
        f"put `- ` before `{key}:` in column {dash}, as on line {entry_line}{indent}",
    )


def _item_depth(lines: list[str], here: Shape) -> Explained | None:
    """A `- ` list item indented more or less than the items of its list."""
    assert here.dash is not None
    above = _above(lines, here.number, lambda s: s.dash is not None)
    if above is None:
        return Explained(
            here.number,
            here.dash,
            "a `- ` list item stands here among the keys of a mapping",
            "give the list its own key on the line above (`functions:`), or remove the `- `",
        )
    if above.dash == here.dash:
        return None
    return _depth(here.number, here.dash, above)


def _depth(line: int, dash: int, above: Shape, why: str = "") -> Explained:
    assert above.dash is not None
    more = "more" if dash > above.dash else "less"
    return Explained(
        line,
        dash,
        f"this `- ` item is indented {more} than the `- ` on line {above.number}{why}",
        f"start it in column {above.dash}, in line with the `- ` on line {above.number} (it is in column {dash})",
    )


# ---- well-formed YAML that is never what a pack means -----------------------------------------


def item_in_text(lines: list[str], first: int, column: int, last: int) -> Explained | None:
    """A `- ` line read as more of a plain text that starts at line `first`, `column` and ends at line `last`.

    `functions:` / `  - a` / `    - b` is well-formed YAML whose one item is the text `a - b`; so is
    `functions:` / `  -a` / `  - b`, whose `-a` lacks the space that makes a list item.
    """
    start = lines[first - 1][column - 1 :]
    if start[:1] == "-" and start[1:2] not in ("", " "):
        word = start.split(" ", 1)[0]
        return Explained(
            first,
            column,
            f"`{word}` starts a text, not a list item: a `-` starts an item only with a space after it",
            f"write `- {word[1:]}`",
        )
    for number in range(first + 1, last + 1):
        here = shape(lines, number)
        if here.dash is None:
            continue
        above = _above(lines, number, lambda s, left=here.start: s.dash is not None and s.dash < left)
        if above is not None:
            return _depth(number, here.dash, above, ", so YAML reads it as more of the text above")
        return Explained(
            number,
            here.dash,
            f"this `- ` line is read as more of the text on line {first}",
            "start a list on the line after its key, each item on its own line; or put the text in quotes",
        )
    return None
