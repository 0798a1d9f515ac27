"""Every diagnostic code vires emits is documented in `vires.codes`, and every code documented is emitted.

The codes are found in the source, not by running it: a code is the string given as the `code` of
`Diagnostic(...)` or `SomeError.one(...)`, or of a helper that passes its own `code` parameter on
to one of those (`_error(path, "register-busy", ...)`, yamlread's `fail("too-deep", ...)`).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from vires.codes import CODES

ROOT = Path(__file__).parent.parent
SOURCES = sorted((ROOT / "vires").rglob("*.py")) + sorted((ROOT / "cli").rglob("*.py"))  # every subfolder too
EMITTERS = {"Diagnostic": 0, "one": 0}  # callable name -> position of its `code` argument


def _code_position(function: ast.FunctionDef) -> int | None:
    names = [a.arg for a in function.args.posonlyargs + function.args.args if a.arg not in ("self", "cls")]
    return names.index("code") if "code" in names else None


def _code_argument(call: ast.Call, emitters: dict[str, int]) -> ast.expr | None:
    """The expression a call gives as its `code`, when it calls an emitter; else None."""
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)
    if name not in emitters:
        return None
    given = [k.value for k in call.keywords if k.arg == "code"]
    if given:
        return given[0]
    position = emitters[name]
    return call.args[position] if position < len(call.args) else None


class _Calls(ast.NodeVisitor):
    """Every call in a module, with the innermost function it stands in (None at module level)."""

    def __init__(self) -> None:
        self.found: list[tuple[ast.Call, ast.FunctionDef | None]] = []
        self.around: list[ast.FunctionDef] = []

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.around.append(node)
        self.generic_visit(node)
        self.around.pop()

    def visit_Call(self, node: ast.Call) -> None:
        self.found.append((node, self.around[-1] if self.around else None))
        self.generic_visit(node)


def _forwards(argument: ast.expr | None, function: ast.FunctionDef | None) -> bool:
    """Is `argument` the `code` parameter of the function it stands in?"""
    return (
        isinstance(argument, ast.Name)
        and argument.id == "code"
        and function is not None
        and _code_position(function) is not None
    )


def _scan() -> tuple[dict[str, list[str]], list[str]]:
    """The codes emitted, each with the places that emit it; and the calls whose code is not a string."""
    emitted: dict[str, list[str]] = {}
    unreadable: list[str] = []
    for path in SOURCES:
        calls = _Calls()
        calls.visit(ast.parse(path.read_text(encoding="utf-8")))
        emitters = dict(EMITTERS)  # a helper that forwards its `code` emits through calls in its own module
        growing = True
        while growing:
            helpers = {
                function.name: _code_position(function)
                for call, function in calls.found
                if function is not None
                and function.name not in emitters
                and _forwards(_code_argument(call, emitters), function)
            }
            emitters.update(helpers)
            growing = bool(helpers)
        for call, function in calls.found:
            argument = _code_argument(call, emitters)
            if argument is None or _forwards(argument, function) or _passes_on_reason(argument):
                continue
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            codes = _strings(argument)
            if codes is None:
                unreadable.append(f"{where}: {ast.unparse(argument)}")
            for code in codes or ():
                emitted.setdefault(code, []).append(where)
    return emitted, unreadable


def _strings(argument: ast.expr) -> list[str] | None:
    """The codes an expression can give: a string, or either string of `"a" if test else "b"`; else None."""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return [argument.value]
    if isinstance(argument, ast.IfExp):
        body, orelse = _strings(argument.body), _strings(argument.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def _passes_on_reason(argument: ast.expr) -> bool:
    """`reason["code"]`: an answer's reason code passed on (SPEC 3.1 step 7; schemas/answer.schema.json)."""
    return (
        isinstance(argument, ast.Subscript)
        and isinstance(argument.slice, ast.Constant)
        and argument.slice.value == "code"
    )


def test_every_code_is_written_out_where_it_is_emitted():
    """A code is a string at the call that emits it (or a helper's `code` passed on), so a scan finds it."""
    assert _scan()[1] == []


def test_every_code_emitted_is_documented():
    """Each code emitted in `vires/` or `cli/` has a description in `vires.codes.CODES`."""
    emitted, _ = _scan()
    assert {code: places for code, places in emitted.items() if code not in CODES} == {}


def test_every_code_documented_is_emitted():
    """`vires.codes.CODES` holds no code that nothing emits."""
    emitted, _ = _scan()
    assert sorted(set(CODES) - set(emitted)) == []


def test_descriptions_are_plain_single_lines_in_order():
    """Codes are kebab-case and alphabetical; each description is one lowercase line without a final period."""
    assert list(CODES) == sorted(CODES)
    for code, description in CODES.items():
        assert code.replace("-", "").isalpha() and code == code.lower(), code
        assert description and "\n" not in description and not description.endswith("."), code
        assert description[0].islower() or description[0] in "`@", code


def test_the_scan_finds_codes_however_they_are_emitted():
    """The scan sees codes given to `Diagnostic`, to `.one`, and to helpers that forward `code`."""
    emitted, _ = _scan()
    assert "vires/pack/load.py" in " ".join(emitted["path-not-found"])  # Diagnostic("path-not-found", ...)
    assert "vires/register/store.py" in " ".join(emitted["register-busy"])  # _error(path, "register-busy", ...)
    assert "vires/pack/yaml_reader.py" in " ".join(
        emitted["too-deep"]
    )  # a helper returning Diagnostic("too-deep", ...)
    assert "vires/register/store.py" in " ".join(emitted["bad-override"])  # _text(override, "bad-override", ...)
    assert "cli/options.py" in " ".join(emitted["cannot-write"])  # RenderError.one("cannot-write", ...)


def test_every_remedy_the_library_names_has_command_line_words():
    """Each `remedy="..."` key in the library is worded by the CLI, and the CLI words no key that is never used."""
    from vires.cli.remedies import REMEDIES

    used = set()
    for path in sorted((ROOT / "vires").rglob("*.py")):
        for first, other in re.findall(r'remedy="([a-z-]+)"(?: if [^\n]+ else "([a-z-]+)")?', path.read_text()):
            used.update(name for name in (first, other) if name)
    assert used and used == set(REMEDIES)


def test_library_messages_name_no_command_line_option():
    """Library code says what is missing in neutral words; options (`--ref`, `VIRES_REGISTER`) are the CLI's.

    `vires/codes.py` is exempt: it documents each code as a command-line user meets it; so is `vires/web/`,
    a front end like `cli/`, whose words may name `vires serve`'s options."""
    option = re.compile(r'"[^"\n]*(?<![\w`])--[a-z][a-z-]+[^"\n]*"|(?<!environ.get\(")VIRES_[A-Z]+')
    found = []
    front_end = set((ROOT / "vires" / "web").rglob("*.py"))
    for path in sorted(set((ROOT / "vires").rglob("*.py")) - {ROOT / "vires" / "codes.py"} - front_end):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            if option.search(code) and not code.strip().startswith(('"""', "`")):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
