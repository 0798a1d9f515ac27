"""The loader: broken fixtures give exactly their located errors, hostile files are refused in
bounded time and memory, and a valid pack maps to the expected model objects."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import relative_to_repo

from vires.codes import CODES
from vires.errors import Diagnostic, LoadError
from vires.pack import yaml_reader as yamlread
from vires.pack.load import load, load_collect, load_draft, resolve_spec, shipped_packs
from vires.pack.model import Selector, Validity
from vires.values import BOOLEAN, DATE, NUMBER, TEXT, WhereTest

HERE = Path(__file__).parent
LOAD = HERE / "fixtures" / "load"
BROKEN = sorted(LOAD.glob("*.yaml"))
LOADER_CODES = {
    "binary-file",
    "duplicate-id",
    "duplicate-key",
    "duplicate-pack",
    "empty-file",
    "not-a-pack",
    "path-not-found",
    "requires-cycle",
    "schema",
    "too-deep",
    "too-large",
    "unknown-body",
    "unknown-pack",
    "unknown-source",
    "unreadable-file",
    "yaml-syntax",
}


pytestmark = pytest.mark.usefixtures("at_repo_root")


# ---- broken fixtures ---------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", BROKEN, ids=[f.stem for f in BROKEN])
def test_broken_fixture_reports_exactly_its_errors(fixture, yaml_loader, want_errors, got_errors):
    """Each broken fixture gives exactly the codes and lines its `want_errors` line lists, and no pack."""
    fixture = Path(relative_to_repo(fixture))
    pack, diagnostics = load_collect([str(fixture)])
    assert pack is None
    assert got_errors(diagnostics) == want_errors(fixture)


def test_every_loader_code_has_a_fixture_and_a_description(want_errors):
    """Every code the loader emits is documented in `vires.codes` and pinned by a fixture (or a test below)."""
    pinned = {code for fixture in BROKEN for _, code, _ in want_errors(fixture)} | {"unreadable-file"}
    assert pinned == LOADER_CODES
    assert LOADER_CODES <= set(CODES)
    assert list(CODES) == sorted(CODES)
    assert all(description and not description.endswith(".") for description in CODES.values())


def test_messages_follow_the_house_style():
    """Loader messages and hints are one lowercase line without a final period or Python type names."""
    diagnostics = [d for fixture in BROKEN for d in load_collect([relative_to_repo(fixture)])[1]]
    assert diagnostics
    for d in diagnostics:
        for text in filter(None, (d.message, d.hint)):
            assert "\n" not in text and not text.endswith("."), text
            assert text[0].islower() or text[0] in "`$", text
            for word in ("str", "int", "dict", "list[", "NoneType", "None", "Traceback", "'"):
                assert word not in text.replace("`", " ").split() and "NoneType" not in text, text


def test_load_raises_every_diagnostic_sorted():
    """`load` raises LoadError carrying every problem of every path, sorted by location."""
    paths = [relative_to_repo(LOAD / "unknown-references.yaml"), relative_to_repo(LOAD / "duplicate-key.yaml")]
    with pytest.raises(LoadError) as raised:
        load(paths)
    found = raised.value.diagnostics
    assert [d.code for d in found].count("unknown-body") == 4 and "duplicate-key" in [d.code for d in found]
    assert found == sorted(found, key=Diagnostic.sort_key)
    assert raised.value.exit_code == 2


def test_unknown_reference_hint_names_the_nearest_id():
    """An unknown body names the rule and the id, and suggests the nearest declared body."""
    _, found = load_collect([relative_to_repo(LOAD / "unknown-references.yaml")])
    messages = {(d.message, d.hint) for d in found}
    assert (
        "delegation `pb-nhp` names body `partnership-bord`, which is not declared",
        "did you mean `partnership-board`?",
    ) in messages


def test_duplicate_id_names_both_places_in_message_and_hint():
    """A duplicate id is reported at the later place, naming the earlier in the message and the hint."""
    _, found = load_collect([relative_to_repo(LOAD / "duplicate-id.yaml")])
    power = next(d for d in found if "`p-finance`" in d.message)
    assert power.location.line == 15
    assert "duplicate-id.yaml:14:5" in power.message and "duplicate-id.yaml:14:5" in power.hint


def test_unreadable_file_in_a_folder(tmp_path):
    """A file found in a folder that cannot be read (a dangling link) is `unreadable-file`, naming it."""
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    pack, found = load_collect([str(tmp_path)])
    assert pack is None
    assert [(d.code, d.location.file) for d in found] == [("unreadable-file", str(tmp_path / "gone.yaml"))]


def test_a_missing_path_argument_is_path_not_found():
    """A path argument that does not exist is `path-not-found`, located at the argument."""
    _, found = load_collect(["no/such/folder"])
    assert [(d.code, d.location.file) for d in found] == [("path-not-found", "no/such/folder")]


def test_a_file_with_a_duplicate_key_still_declares_its_bodies(tmp_path):
    """A duplicate key is reported alone: the file's bodies still count, so other files raise no unknown-body."""
    (tmp_path / "a.yaml").write_text(
        "bodies:\n  - {id: council, name: Council, name: The Council, kind: statutory-body, level: place}\n"
    )
    (tmp_path / "b.yaml").write_text(
        "sources: [{id: act, title: Act, kind: statute}]\npowers:\n  - {id: p, holder: "
        "council, functions: [f], source: {ref: act}}\n"
    )
    assert [d.code for d in load_collect([str(tmp_path)])[1]] == ["duplicate-key"]


def test_an_unreadable_file_does_not_cascade_into_unknown_references(tmp_path):
    """When a file cannot be read, what it declares is unknown, so references elsewhere are not reported."""
    (tmp_path / "a.yaml").write_text("bodies:\n  - {id: council, name: Council\n")
    (tmp_path / "b.yaml").write_text("powers:\n  - {id: p, holder: council, functions: [f], source: {ref: act}}\n")
    assert [d.code for d in load_collect([str(tmp_path)])[1]] == ["yaml-syntax"]


SCHEME = """\
pack: {id: scheme, title: Scheme}
sources: [{id: act, title: Act, kind: statute}]
functions: [{id: finance.budget, name: Spend the budget}]
bodies:
  - {id: council, name: Council, kind: statutory-body, level: place}
  - {id: director, name: Director, kind: officer, part_of: council, level: place}
powers: [{id: p-finance, holder: council, functions: [finance], source: {ref: act}}]
delegations:
  - {id: d-director, from: council, to: director, functions: [finance.budget], limit: 50000, source: {ref: act}}
"""
AMENDMENT = """\
delegations:
  - {id: d-director-2026, supersedes: d-director, from: council, to: director, functions: [finance.budget],
     limit: 20000, source: {ref: act}}
"""


def test_a_rule_superseded_by_another_loaded_rule_is_left_out(tmp_path):
    """`supersedes: X` replaces X whenever both are loaded: X is left out and the pair kept, whatever the order."""
    from vires.pack.fingerprint import fingerprint

    (tmp_path / "a-scheme.yaml").write_text(SCHEME)
    (tmp_path / "b-amendment.yaml").write_text(AMENDMENT)
    packs = [
        load([str(tmp_path / a), str(tmp_path / b)])
        for a, b in (("a-scheme.yaml", "b-amendment.yaml"), ("b-amendment.yaml", "a-scheme.yaml"))
    ]
    for pack in packs:
        assert list(pack.delegations) == ["d-director-2026"]
        assert pack.superseded == (("d-director", "d-director-2026"),)
    assert packs[0] == packs[1] and fingerprint(packs[0]) == fingerprint(packs[1])
    (tmp_path / "b-amendment.yaml").unlink()
    without = load([str(tmp_path)])
    assert list(without.delegations) == ["d-director"] and without.superseded == ()


def test_ask_and_check_on_a_rule_and_the_rule_superseding_it():
    """With a rule and its replacement loaded, `ask` answers by the replacement and `check` is clean."""
    from click.testing import CliRunner

    from vires.cli.main import cli

    fixture = relative_to_repo(HERE / "fixtures" / "check" / "supersedes-loaded.yaml")
    runner = CliRunner()
    question = [
        "ask",
        fixture,
        "--body",
        "director",
        "--decision",
        "finance.budget",
        "--date",
        "2026-06-01",
        "--engine",
        "native",
        "--format",
        "json",
    ]
    within = json.loads(runner.invoke(cli, question + ["--amount", "10000"]).stdout)
    assert within["outcome"] == "permitted"
    assert [[link["rule"] for link in chain["links"]] for chain in within["chains"]] == [
        ["p-finance", "d-director-2026"]
    ]
    above = runner.invoke(cli, question + ["--amount", "30000"])
    assert above.exit_code == 1
    assert [(r["code"], r["rule"]) for r in json.loads(above.stdout)["reasons"]] == [
        ("exceeds-limit", "d-director-2026")
    ]
    checked = runner.invoke(cli, ["check", fixture, "--strict"])
    assert checked.exit_code == 0 and checked.stdout.startswith("ok:"), checked.stdout


# ---- a valid pack, mapped to the model ----------------------------------------------------------


@pytest.fixture
def valid():
    pack, found = load_collect([relative_to_repo(LOAD / "valid")])
    assert found == []
    return pack


def test_valid_pack_metadata_files_and_sources(valid):
    """Pack metadata, the sorted file list (YAML and JSON) and sources with their dates."""
    (info,) = valid.packs
    assert (info.id, info.title, info.status, info.version, info.requires) == (
        "fixture-valid",
        "A valid pack",
        "draft",
        "1.0",
        (),
    )
    assert info.root == "tests/fixtures/load/valid" and info.location.line == 4
    assert valid.files == (
        "tests/fixtures/load/valid/more/extra.json",
        "tests/fixtures/load/valid/pack.yaml",
        "tests/fixtures/load/valid/rules.yaml",
    )
    act = valid.sources["act"]
    assert (act.kind, act.date, act.retrieved, act.url) == (
        "statute",
        dt.date(2020, 1, 1),
        dt.date(2026, 11, 1),
        "https://example.org/act",
    )
    assert valid.sources["scheme"].edition == "2025"


def test_valid_pack_bodies_and_statutory_defaults(valid):
    """Bodies keep every field; `statutory` defaults to false for partnerships and groups only."""
    assert list(valid.bodies) == ["board", "cabinet", "council", "director", "task"]
    cabinet = valid.bodies["cabinet"]
    assert (cabinet.part_of, cabinet.decides_by, cabinet.quorum, cabinet.accountable_to) == (
        "council",
        "majority",
        3,
        ("council",),
    )
    assert cabinet.location.line == 18
    assert valid.bodies["board"].members == ("council", "cabinet")
    assert [valid.bodies[b].statutory for b in ("council", "cabinet", "director", "board", "task")] == [
        True,
        True,
        True,
        False,
        True,
    ]
    assert valid.bodies["task"].valid == Validity(start=dt.date(2026, 1, 1), until=dt.date(2026, 6, 30))


def test_valid_pack_functions_include_implied_ancestors(valid):
    """Declared dotted ids bring their ancestors, marked `declared=False`, ordered by id."""
    assert list(valid.functions) == ["finance", "finance.budget", "finance.budget.revenue", "licensing"]
    assert [f.declared for f in valid.functions.values()] == [False, False, True, True]
    assert valid.functions["finance.budget.revenue"].name == "Spend the revenue budget"


def test_valid_pack_power_selectors_where_and_source(valid):
    """A power's holder list, `except`, limit, validity, `where` (from source text) and citation."""
    power = valid.powers["p-finance"]
    assert power.holder == (Selector(body=("council",)), Selector(type=("local-authority",), level=("place", "system")))
    assert (power.functions, power.except_, power.limit) == (("finance",), ("finance.budget.capital",), 5_000_000)
    assert power.valid == Validity(start=dt.date(2020, 4, 1))
    assert power.where.tests == (
        WhereTest("code", "eq", ((NUMBER, Decimal(10)),)),  # `010` is the number 10, never octal 8
        WhereTest("time", "eq", ((TEXT, "12:30"),)),  # never 750 (base 60)
        WhereTest("urgent", "eq", ((BOOLEAN, True),)),
        WhereTest("amount", "max", ((NUMBER, Decimal(250000)),)),
        WhereTest("area", "in", ((TEXT, "hackney"), (TEXT, "city"))),
        WhereTest("date", "min", ((DATE, dt.date(2026, 1, 1)),)),
    )
    assert power.delegable == (Selector(kind=("sub-committee",), part_of=("$delegator",)),)
    source = power.source
    assert (source.ref, source.section, source.quote, source.note, source.confirmed) == (
        "act",
        "s.1",
        "the council may spend",
        "read narrowly",
        False,
    )


def test_valid_pack_delegation_and_conditions(valid):
    """A delegation maps `from`, status, residual selector, supersedes and every condition form."""
    d = valid.delegations["d-cabinet"]
    assert (d.from_, d.to, d.status, d.exclusive, d.delegable, d.supersedes) == (
        "council",
        "cabinet",
        "proposed",
        True,
        True,
        "d-old",
    )
    assert d.residual == (Selector(kind=("officer",), within=("council",)),)
    assert d.source.clause == "4.2" and d.source.place == "clause 4.2"
    full, advisory, alternatives = d.conditions
    assert dict(full.parts) == {
        "consult": ("director",),
        "approval_of": ("council", "board"),
        "notice_days": 28,
        "quorum": 3,
        "in_public": True,
        "within_budget": True,
        "report_to": (("council", None), ("board", "quarter")),
        "have_regard_to": ("licensing",),
        "decides_by": "consensus",
    }
    assert full.blocking is True
    assert advisory.blocking is False and advisory.where.tests == (
        WhereTest("amount", "min", ((NUMBER, Decimal(50001)),)),
    )
    assert [a.parts for a in alternatives.any] == [(("notice_days", 28),), (("approval_of", ("director",)),)]


def test_valid_pack_reservation_prohibition_requirement(valid):
    """Reservations keep `except_via`; JSON rules load like YAML; a requirement without functions has None."""
    assert valid.reservations["r-budget"].except_via == ("d-cabinet",)
    prohibition = valid.prohibitions["x-members"]
    assert prohibition.applies_to == (Selector(kind=("member",)),)
    assert prohibition.where.tests == (WhereTest("actions", "max", ((NUMBER, Decimal(3)),)),)
    assert prohibition.location.file.endswith("extra.json") and prohibition.location.line == 3
    requirement = valid.requirements["q-key"]
    assert requirement.functions is None and requirement.applies_to == (Selector(within=("council",)),)
    assert requirement.conditions[0].value("notice_days") == 28


# ---- the YAML reader ----------------------------------------------------------------------------


@pytest.fixture(params=[name for name, loader in yamlread.LOADERS.items() if loader is not None])
def yaml_loader(request, monkeypatch) -> str:
    """Each event parser PyYAML offers here (libyaml and pure Python): no diagnostic may depend on which."""
    monkeypatch.setattr(yamlread, "Loader", yamlread.LOADERS[request.param])
    return request.param


def test_both_parsers_are_tested():
    """PyYAML is installed with libyaml here, so the reader tests run under both parsers, not one."""
    assert yamlread.LOADERS["libyaml"] is not None and yamlread.Loader is yamlread.LOADERS["libyaml"]


def test_plain_scalars_follow_yaml_1_2_and_keys_stay_text(yaml_loader):
    """`on:` stays the key "on"; yes/no/on/off, dates, `010` and `12:30` stay text; quoted is always text."""
    root, found = yamlread.parse(
        b"on: yes\n1: [no, off, 2026-01-01, 010, '7', 12:30, 1.5, -3, ~, TRUE, 1e3]\nempty:\n", "t.yaml"
    )
    assert found == []
    assert yamlread.to_python(root) == {
        "on": "yes",
        "1": ["no", "off", "2026-01-01", "010", "7", "12:30", 1.5, -3, None, True, 1000.0],
        "empty": None,
    }


def test_scalars_keep_their_source_text_style_and_location(yaml_loader):
    """Each scalar keeps the text written, whether it was quoted, and its line and column."""
    root, _ = yamlread.parse("a:\n  - '010'\n  - 010\n  - |\n    text\n", "t.yaml")
    quoted, plain, block = root.get("a").items
    assert (quoted.text, quoted.style, quoted.value) == ("010", "quoted", "010")
    assert (plain.text, plain.style, plain.location.line, plain.location.column) == ("010", "plain", 3, 5)
    assert block.style == "block" and block.value == "text\n"


def test_json_goes_through_the_same_reader(yaml_loader):
    """JSON (tabs, `"a":1`, escapes) reads like YAML, with duplicate keys caught and lines kept."""
    root, found = yamlread.parse(b'{"a":1,\n\t"b": "\\u00e9\\/",\n "a": 2}', "t.json")
    assert yamlread.to_python(root) == {"a": 1, "b": "é/"}
    assert [(d.code, d.location.line) for d in found] == [("duplicate-key", 3)]


YAML_MISTAKES = sorted(LOAD.glob("yaml-*.yaml"))


@pytest.mark.parametrize("fixture", YAML_MISTAKES, ids=[f.stem for f in YAML_MISTAKES])
def test_a_yaml_mistake_reads_the_same_under_both_parsers(fixture):
    """Each YAML mistake is one error, worded alike by libyaml and PyYAML's pure-Python parser (their own
    words differ), located alike, and with a hint that says how to put it right."""
    said = []
    for loader in yamlread.LOADERS.values():
        if loader is not None:
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(yamlread, "Loader", loader)
                said.append(yamlread.read(relative_to_repo(fixture))[1])
    assert len(said) == 2 and said[0] == said[1]
    (found,) = said[0]
    assert found.code == "yaml-syntax" and found.hint


INDENTATION = [  # (fixture, what the message says, the fix)
    ("yaml-indent-missing-dash", "a new entry starts here without its `- `", "put `- ` before `id:` in column 3"),
    ("yaml-indent-missing-dash-dedented", "a new entry starts here without its `- `", "other keys in column 5"),
    ("yaml-indent-over", "`kind:` is indented more than `name:` on line 5", "start `kind:` in column 5"),
    ("yaml-indent-space-before-key", "`to:` is indented more than `from:` on line 5", "start `to:` in column 5"),
    ("yaml-indent-under", "`section:` is indented less than `ref:` on line 8", "start `section:` in column 7"),
    ("yaml-indent-item-deeper", "this `- ` item is indented more than the `- ` on line 4", "start it in column 3"),
    ("yaml-indent-item-shallower", "this `- ` item is indented less than the `- ` on line 4", "start it in column 3"),
    ("yaml-indent-item-in-text", "so YAML reads it as more of the text above", "start it in column 7"),
    ("yaml-value-colon", "the value of `note` holds `: `", '`note: "Part 3: Responsibility for Functions"`'),
]


@pytest.mark.parametrize(("name", "message", "fix"), INDENTATION, ids=[i[0] for i in INDENTATION])
def test_an_indentation_slip_is_named_with_its_fix(name, message, fix):
    """The common indentation slips are said as what is out of line, against which line, and the column to use."""
    ((found,),) = [yamlread.read(relative_to_repo(LOAD / f"{name}.yaml"))[1]]
    assert message in found.message and fix in found.hint


def test_unknown_key_on_gets_the_date_hint():
    """A bare `on` key is an unknown key whose hint says to write `date`."""
    _, found = load_collect([relative_to_repo(LOAD / "schema-on-key.yaml")])
    (on,) = found
    assert on.message == "unknown key `on` in body `task-group`" and "write `date`" in on.hint


# ---- paths, @NAME and requires -----------------------------------------------------------------


def test_shipped_pack_by_name_resolves_to_rules_folder():
    """`@NAME` names a folder of the installed `vires.rules`; the shipped packs are listed by name."""
    shipped = shipped_packs()
    assert "england" in shipped
    path, problem = resolve_spec("@england", ".", None)
    assert problem is None and os.path.samefile(path, HERE.parent / "rules" / "england")


def test_unknown_shipped_pack_suggests_the_nearest():
    """An `@NAME` that is not shipped is `unknown-pack`, suggesting the nearest shipped names."""
    _, found = load_collect(["@englnd"])
    assert [(d.code, d.hint) for d in found] == [("unknown-pack", "did you mean `@england`?")]


def test_a_shipped_pack_reached_by_name_and_by_path_is_loaded_once():
    """`@england` and `rules/england` are one pack: no duplicate-pack, no problem reported twice."""
    pack, found = load_collect(["@england", "rules/england", "./rules/england/pack.yaml"])
    assert found == []
    assert [p.id for p in pack.packs] == ["england"]
    assert pack.files == tuple(sorted(set(pack.files))) and all(f.startswith("rules/england/") for f in pack.files)


def test_every_shipped_pack_loads_with_what_it_requires():
    """Each shipped pack loads by `@NAME` (with its `requires`) without a loader error, and all load together."""
    names = list(shipped_packs())
    for name in names:
        pack, found = load_collect([f"@{name}"])
        assert found == [], "\n".join(d.to_text() for d in found)
        assert name in [p.id for p in pack.packs]
    pack, found = load_collect([f"@{name}" for name in names])
    assert found == [] and sorted(p.id for p in pack.packs) == sorted(names)


def test_requires_loads_each_pack_once(tmp_path):
    """A pack required by path and also given directly is read once, and both packs are listed."""
    valid = (LOAD / "valid").resolve()
    (tmp_path / "pack.yaml").write_text(
        f"pack: {{id: user, title: User scheme, requires: ['{valid}']}}\n"
        "delegations:\n  - {id: d-user, from: cabinet, to: director, "
        "functions: [licensing], source: {ref: act, section: '9'}}\n"
    )
    pack, found = load_collect([str(tmp_path), relative_to_repo(LOAD / "valid"), str(valid)])
    assert found == []
    assert [p.id for p in pack.packs] == ["fixture-valid", "user"]
    assert len(pack.files) == 4 and "d-user" in pack.delegations and "p-finance" in pack.powers


def test_draft_resolves_against_the_base():
    """A draft may name base bodies and sources and reuse base ids; its own unknown bodies are errors."""
    base, draft = load_draft([relative_to_repo(LOAD / "valid")], [relative_to_repo(LOAD / "support" / "draft.yaml")])
    assert list(draft.delegations) == ["d-cabinet", "d-new"] and not draft.bodies
    assert "d-cabinet" in base.delegations and base.delegations["d-cabinet"].limit is None
    assert draft.delegations["d-cabinet"].limit == 100_000
    with pytest.raises(LoadError) as raised:
        load_draft([relative_to_repo(LOAD / "valid")], [relative_to_repo(LOAD / "unknown-references.yaml")])
    assert {d.code for d in raised.value.diagnostics} == {"unknown-body", "unknown-source"}


def test_a_draft_may_be_a_new_version_of_a_base_pack(tmp_path):
    """A draft copy of a whole pack keeps its pack id and rule ids: neither duplicate-pack nor duplicate-id."""
    import shutil

    shutil.copytree(LOAD / "valid", tmp_path / "valid")
    rules = tmp_path / "valid" / "rules.yaml"
    rules.write_text(rules.read_text().replace("limit: 5000000", "limit: 6000000"))
    base, draft = load_draft([relative_to_repo(LOAD / "valid")], [str(tmp_path / "valid")])
    assert [p.id for p in draft.packs] == ["fixture-valid"]
    assert (base.powers["p-finance"].limit, draft.powers["p-finance"].limit) == (5_000_000, 6_000_000)


# ---- hostile input ------------------------------------------------------------------------------

HOSTILE_LIMIT_BYTES = 1 << 30  # address space for the child process
HOSTILE_SECONDS = 10

_CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from vires.pack import yaml_reader as yamlread
from vires.pack.load import load_collect
yamlread.Loader = yamlread.LOADERS[{loader!r}]
pack, found = load_collect(sys.argv[1:])
print(json.dumps([[d.code, d.location.line, d.location.column] for d in found]))
"""


def _hostile(path: Path, loader: str) -> list[list]:
    started = time.monotonic()
    child = _CHILD.format(limit=HOSTILE_LIMIT_BYTES, loader=loader)
    run = subprocess.run(
        [sys.executable, "-c", child, str(path)], capture_output=True, text=True, timeout=HOSTILE_SECONDS * 3
    )
    elapsed = time.monotonic() - started
    assert run.returncode == 0, run.stderr[-2000:]
    assert elapsed < HOSTILE_SECONDS, f"took {elapsed:.1f}s"
    return json.loads(run.stdout)


def _billion_laughs(levels: int) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def _merge_bomb(levels: int) -> str:
    """Merge keys that merge mappings that merge mappings: each level ten times the one before."""
    lines = ["x-m0: &m0 {" + ", ".join(f"k{i}: lol" for i in range(10)) + "}"]
    for n in range(1, levels):
        lines.append(f"x-m{n}: &m{n} {{<<: [" + ", ".join([f"*m{n - 1}"] * 10) + f"], own{n}: lol}}")
    return "\n".join(lines) + "\n"


def _cut(text: str, after: str) -> str:
    """The text cut short just after `after`, as an interrupted copy would leave it."""
    return text[: text.index(after) + len(after)]


HOSTILE = {
    "alias bomb": (lambda: _billion_laughs(20), "too-large"),
    "merge bomb": (lambda: _merge_bomb(20), "too-large"),
    "5,000-deep flow nesting": (lambda: "bodies: " + "[" * 5000 + "]" * 5000 + "\n", "too-deep"),
    "2,500-deep block nesting": (lambda: "".join(" " * i + "k:\n" for i in range(2500)), "too-deep"),
    "5,000-deep JSON": (lambda: '{"a": ' * 5000 + "1" + "}" * 5000, "too-deep"),
    "5 MB scalar": (lambda: "sources:\n  - {id: a, title: " + "x" * (5 << 20) + ", kind: statute}\n", "too-large"),
    "binary bytes": (lambda: bytes(range(256)) * 64, "binary-file"),
    "truncated file": (lambda: _cut((LOAD / "valid" / "rules.yaml").read_text(), "time: "), "yaml-syntax"),
    "truncated UTF-8": (lambda: "bodies:\n  - {id: café".encode()[:-1], "binary-file"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_gets_a_located_error_in_bounded_time_and_memory(name, yaml_loader, tmp_path):
    """Alias bombs, deep nesting, huge scalars, binary and truncated files: one located error, fast, small."""
    make, code = HOSTILE[name]
    content = make()
    path = tmp_path / ("hostile.json" if "JSON" in name else "hostile.yaml")
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    found = _hostile(path, yaml_loader)
    assert [entry[0] for entry in found] == [code]
    assert found[0][1] >= 1 and found[0][2] >= 1
