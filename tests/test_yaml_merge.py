"""YAML merge keys (`<<:`): resolved by the reader with locations kept, bounded, the same under both parsers;
a pack written with merge keys is exactly the pack written out in full."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vires.api import derive
from vires.engine.question import Question
from vires.pack import yaml_reader as yamlread
from vires.pack.fingerprint import canonical
from vires.pack.load import load, load_collect

PARSERS = [name for name, loader in yamlread.LOADERS.items() if loader is not None]


@pytest.fixture(params=PARSERS)
def parser(request, monkeypatch) -> str:
    """Each event parser PyYAML offers here (libyaml and pure Python)."""
    monkeypatch.setattr(yamlread, "Loader", yamlread.LOADERS[request.param])
    return request.param


def parsed(text: str):
    root, diagnostics = yamlread.parse(text, "t.yaml")
    return root, [(d.code, d.location.line, d.location.column, d.message) for d in diagnostics]


def test_own_keys_win_and_earlier_merges_win_over_later(parser):
    """A mapping keeps its own keys, whatever their order; of a list of merges, the earlier gives a key."""
    root, problems = parsed("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc: {x: 0, <<: [*a, *b]}\n")
    assert problems == []
    assert yamlread.to_python(root)["c"] == {"x": 0, "y": 1, "z": 2}


def test_merged_values_keep_the_location_they_were_written_at(parser):
    """A merged value is located in the anchored mapping, where the author wrote it."""
    root, _ = parsed("base: &base\n  from: council\n  to: cabinet\nd:\n  <<: *base\n  id: d1\n")
    merged = yamlread.find(root, ("d", "to"))
    assert (merged.location.line, merged.location.column) == (3, 7)
    assert yamlread.find(root, ("d", "id")).location.line == 6


def test_a_quoted_merge_key_is_an_ordinary_key(parser):
    """`"<<"` in quotes is the key `<<`, as YAML defines it: nothing is merged."""
    root, problems = parsed('a: &a {x: 1}\nb: {"<<": *a}\n')
    assert problems == [] and yamlread.to_python(root)["b"] == {"<<": {"x": 1}}


@pytest.mark.parametrize("text", ["a: {<<: 3}\n", "a: &a [1]\nb: {<<: *a}\n", "b: {<<: [{x: 1}, 2]}\n"])
def test_merging_what_is_no_mapping_is_a_located_error(parser, text):
    """`<<` takes a mapping or a list of mappings; anything else is one located `yaml-syntax` error."""
    root, problems = parsed(text)
    assert root is None
    ((code, line, column, message),) = problems
    assert code == "yaml-syntax" and "merge key" in message and line >= 1 and column >= 1


def test_both_parsers_merge_alike(monkeypatch):
    """libyaml and pure-Python PyYAML give the same tree, locations and problems for merges."""
    text = "x-a: &a {x: 1, y: [1, 2]}\nx-b: &b {<<: *a, z: 3}\nc: {<<: [*b, {w: 4}], x: 0}\nd: {<<: 1}\n"
    seen = []
    for name in PARSERS:
        monkeypatch.setattr(yamlread, "Loader", yamlread.LOADERS[name])
        seen.append(parsed(text)[1])
        seen.append(yamlread.to_python(parsed(text.replace("d: {<<: 1}\n", ""))[0]))
    assert all(found == seen[:2] for found in (seen[i : i + 2] for i in range(0, len(seen), 2)))


def test_an_unknown_body_in_a_merged_value_is_reported_where_it_is_written(tmp_path):
    """An error in shared defaults points at the defaults, the line to fix."""
    (tmp_path / "pack.yaml").write_text(
        "pack: {id: p, title: P}\n"
        "x-defaults: &d\n"
        "  from: cuncil\n"
        "  functions: [f]\n"
        "  source: {ref: act}\n"
        "sources: [{id: act, title: Act, kind: statute}]\n"
        "bodies: [{id: council, name: Council, kind: statutory-body, level: place},\n"
        "         {id: cabinet, name: Cabinet, kind: committee, part_of: council, level: place}]\n"
        "functions: [{id: f, name: F}]\n"
        "delegations:\n"
        "  - {<<: *d, id: d1, to: cabinet}\n"
    )
    pack, problems = load_collect([str(tmp_path)])
    assert pack is None
    (problem,) = [p for p in problems if p.code == "unknown-body"]
    assert problem.location.line == 3 and "council" in (problem.hint or "")


# ---- a pack written with merge keys is the pack written out in full ------------------------------

HEADER = """pack: {id: merged, title: Merged}
sources: [{id: act, title: Act, kind: statute}, {id: scheme, title: Scheme, kind: scheme}]
bodies:
  - {id: council, name: Council, kind: statutory-body, level: place}
  - {id: cabinet, name: Cabinet, kind: committee, part_of: council, level: place}
  - {id: o1, name: Officer One, kind: officer, part_of: council, level: place}
  - {id: o2, name: Officer Two, kind: officer, part_of: council, level: place}
  - {id: o3, name: Officer Three, kind: officer, part_of: council, level: place}
functions: [{id: f.a, name: A}, {id: f.b, name: B}, {id: g, name: G}]
powers: [{id: p, holder: council, functions: [f, g], source: {ref: act}}]
"""
FIELDS = {
    "from": st.sampled_from(["council", "cabinet"]),
    "functions": st.lists(st.sampled_from(["f", "f.a", "f.b", "g"]), min_size=1, max_size=2, unique=True),
    "limit": st.sampled_from([1000, 50000, 250000]),
    "status": st.sampled_from(["in-force", "proposed"]),
    "delegable": st.booleans(),
    "where": st.sampled_from([{"amount": {"max": 100000}}, {"amount": {"min": 10, "max": 200000}}]),
    "conditions": st.sampled_from([[{"consult": "cabinet"}], [{"record": {"within_days": 5}}]]),
    "source": st.sampled_from([{"ref": "act", "section": "s.1"}, {"ref": "scheme", "section": "4.2"}]),
}


@st.composite
def delegations(draw):
    """Shared defaults, and delegations that merge one or two of them and override some of their keys."""
    defaults = []
    for _ in range(draw(st.integers(1, 3))):
        keys = draw(st.lists(st.sampled_from(sorted(FIELDS)), min_size=1, max_size=5, unique=True))
        defaults.append({key: draw(FIELDS[key]) for key in keys})
    written = []
    for number in range(draw(st.integers(1, 6))):
        merged = draw(st.lists(st.integers(0, len(defaults) - 1), min_size=1, max_size=2, unique=True))
        own_keys = draw(st.lists(st.sampled_from(sorted(FIELDS)), max_size=3, unique=True))
        own = {key: draw(FIELDS[key]) for key in own_keys}
        own.update({"id": f"d{number}", "to": draw(st.sampled_from(["o1", "o2", "o3"]))})
        written.append((merged, own))
    return defaults, written


def _full(defaults, written) -> list[dict]:
    """What merging means: own keys first, then each merged mapping's keys in list order."""
    out = []
    for merged, own in written:
        entry = dict(own)
        for index in merged:
            for key, value in defaults[index].items():
                entry.setdefault(key, value)
        entry.setdefault("from", "council")
        entry.setdefault("functions", ["f"])
        entry.setdefault("source", {"ref": "act"})
        out.append(entry)
    return out


def _with_merges(defaults, written) -> str:
    lines = [f"x-d{i}: &d{i} {json.dumps(d)}" for i, d in enumerate(defaults)]
    lines.append(
        "x-required: &required " + json.dumps({"from": "council", "functions": ["f"], "source": {"ref": "act"}})
    )
    lines.append("delegations:")
    for merged, own in written:
        aliases = ", ".join([f"*d{i}" for i in merged] + ["*required"])
        lines.append(f"  - <<: [{aliases}]")
        lines += [f"    {key}: {json.dumps(value)}" for key, value in own.items()]
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(delegations())
def test_a_pack_with_merge_keys_is_the_pack_written_in_full(tmp_path_factory, drawn):
    """Written with merge keys or in full, a pack loads to the same rules, fingerprint and answers."""
    defaults, written = drawn
    folder = tmp_path_factory.mktemp("packs")
    (folder / "merged.yaml").write_text(HEADER + _with_merges(defaults, written))
    full = HEADER + "delegations:\n" + "".join(f"  - {json.dumps(d)}\n" for d in _full(defaults, written))
    (folder / "full.yaml").write_text(full)
    merged_pack, full_pack = load([str(folder / "merged.yaml")]), load([str(folder / "full.yaml")])
    assert canonical(merged_pack) == canonical(full_pack)
    engines = derive(merged_pack, "native"), derive(full_pack, "native")
    for body in ("cabinet", "o1", "o2", "o3"):
        for function in ("f.a", "g"):
            question = Question(body=body, decision=function, date=dt.date(2026, 6, 1), amount=20000)
            assert json.dumps(engines[0].ask(question)) == json.dumps(engines[1].ask(question))
