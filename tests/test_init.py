"""`vires init`: a starter pack that checks clean and whose cases pass, wherever it is written, whose editor
header resolves there, and that never overwrites anything."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest
from click.testing import CliRunner

from vires.cli.main import cli
from vires.errors import StarterError
from vires.pack.load import load_collect
from vires.pack.starter import pack_id, starter_files, write_starter
from vires.review.case_files import load_cases
from vires.review.lint import lint
from vires.review.run_cases import run_cases

DATE = dt.date(2026, 6, 1)
FRAMEWORK = """\
pack: {id: example-law, title: Example law}
sources: [{id: act, title: Example Act, kind: statute}]
functions: [{id: licensing.decide, name: Decide a licence}]
powers: [{id: act-licensing, holder: {type: licensing-committee}, functions: [licensing], source: {ref: act}}]
"""


def write(folder: Path, requires=(), name: str | None = None) -> list[str]:
    """The starter written into `folder`, as `vires init` writes it, asking its cases about DATE."""
    return write_starter(str(folder), starter_files(str(folder), name, requires, DATE))


@pytest.fixture(params=["alone", "@england", "a framework of one's own"])
def starter(request, tmp_path, monkeypatch) -> Path:
    """A starter on its own, on @england, and on a pack of one's own named by a path from the current folder."""
    monkeypatch.chdir(tmp_path)
    requires = {"alone": (), "@england": ("@england",), "a framework of one's own": ("law",)}[request.param]
    if requires == ("law",):
        (tmp_path / "law").mkdir()
        (tmp_path / "law" / "pack.yaml").write_text(FRAMEWORK, encoding="utf-8")
    write(Path("council scheme"), requires)
    return tmp_path / "council scheme"


def test_the_starter_checks_clean_with_no_finding_at_all(starter):
    """`vires check rules --strict` on the starter finds nothing: no error, warning or info."""
    pack, problems = load_collect([str(starter / "rules")])
    assert problems == [] and pack is not None
    assert lint(pack, DATE) == []


def test_the_starters_cases_pass(starter):
    """Every decision case of the starter passes: the budget reserved, the limit, and (on @england) the law."""
    results = list(run_cases(load_cases([str(starter / "cases")]), "native"))
    assert results and all(result.passed for result in results), [r.problems for r in results if not r.passed]
    on_england = "@england" in (starter / "rules" / "pack.yaml").read_text(encoding="utf-8")
    assert len(results) == (5 if on_england else 4)


def test_every_yaml_file_names_the_installed_schema_by_an_address_that_resolves(starter):
    """Each YAML file's first line names the installed schema as an absolute `file:` address that exists, so it
    resolves wherever the folder is (here a folder whose name has a space); the editor settings map the same."""
    settings = json.loads((starter / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    for path in sorted(starter.rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=file:///"), path
        address = first.split("=", 1)[1]
        assert Path(url2pathname(urlparse(address).path)).is_file(), address
        folder = path.relative_to(starter).parts[0]
        assert settings[address] == [f"{folder}/**/*.yaml"]


def test_the_pack_id_comes_from_the_folder_and_the_name_from_it_unless_given(tmp_path):
    """`My Scheme` gives the pack id `my-scheme`; `--name` names the council, else the folder does."""
    assert pack_id(str(tmp_path / "My Scheme")) == "my-scheme" and pack_id(str(tmp_path / "...")) == "my-scheme"
    files = starter_files(str(tmp_path / "riverside"), "Riverside Borough Council", (), DATE)
    assert "name: Riverside Borough Council\n" in files["rules/scheme.yaml"]
    assert "id: riverside\n" in files["rules/pack.yaml"]
    assert "name: Riverside\n" in starter_files(str(tmp_path / "riverside"), None, (), DATE)["rules/scheme.yaml"]


@pytest.mark.parametrize("there", ["a file in it", "a file instead", "an empty folder", "a git repository"])
def test_init_writes_only_into_a_new_or_empty_folder(tmp_path, there):
    """A folder holding anything (but a `.git`) and a file are refused, exit 2, with nothing written or changed."""
    target = tmp_path / "scheme"
    if there == "a file instead":
        target.write_text("mine", encoding="utf-8")
    else:
        target.mkdir()
        if there == "a file in it":
            (target / "notes.txt").write_text("mine", encoding="utf-8")
        if there == "a git repository":
            (target / ".git").mkdir()
    before = sorted(p.name for p in target.iterdir()) if target.is_dir() else None
    result = CliRunner().invoke(cli, ["init", str(target)])
    if there in ("an empty folder", "a git repository"):
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 2 and result.stdout == ""
    assert "error folder-not-empty" in result.stderr
    assert (sorted(p.name for p in target.iterdir()) if target.is_dir() else target.read_text()) == (before or "mine")


def test_write_starter_never_overwrites(tmp_path):
    """The library refuses a folder that holds something with `folder-not-empty`, whatever the caller."""
    write(tmp_path / "one")
    with pytest.raises(StarterError) as raised:
        write(tmp_path / "one")
    assert [d.code for d in raised.value.diagnostics] == ["folder-not-empty"]


def test_init_says_what_it_wrote_and_what_to_run_next(tmp_path, monkeypatch):
    """The command lists each file with what it holds, then the commands that check and test the pack."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "riverside", "--requires", "@england", "--name", "Riverside"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "A starter pack for Riverside is in riverside:"
    assert [line.split()[0] for line in lines[1:5]] == [
        "riverside/rules/pack.yaml",
        "riverside/rules/scheme.yaml",
        "riverside/cases/riverside.yaml",
        "riverside/.vscode/settings.json",
    ]
    assert lines[-2:] == ["  vires check riverside/rules --strict", "  vires test riverside/cases"]


def test_an_unknown_pack_to_build_on_exits_2_and_writes_nothing(tmp_path):
    """`--requires @englnd` names no shipped pack: exit 2 with the nearest name, and no folder is made."""
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "scheme"), "--requires", "@englnd"])
    assert result.exit_code == 2 and "did you mean `@england`?" in result.stderr
    assert not (tmp_path / "scheme").exists()


# ---- in an editor: yaml-language-server, the server of Visual Studio Code's YAML extension ------------


@pytest.mark.yamlls
def test_an_editor_checks_the_starter_by_its_header_and_by_its_settings(tmp_path):
    """yaml-language-server (from npm) loads the schema each header names, wherever the folder is: a clean file
    has no diagnostics and a misspelt `kind` is reported. A file without the header is checked too, by the
    `yaml.schemas` of .vscode/settings.json, which an editor passes to the server as its settings."""
    import yaml_language_server

    executable = yaml_language_server.find()
    if executable is None:
        pytest.skip("yaml-language-server is not installed (make yaml-language-server)")
    folder = tmp_path / "moved elsewhere" / "riverside"
    folder.parent.mkdir()
    write(folder, ("@england",))
    settings = json.loads((folder / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    server = yaml_language_server.Server(executable, folder, {"validate": True, "schemas": settings["yaml.schemas"]})
    try:
        scheme = (folder / "rules" / "scheme.yaml").read_text(encoding="utf-8")
        misspelt = scheme.replace("kind: statutory-body", "kind: comittee")
        assert server.diagnostics(folder / "rules" / "scheme.yaml", scheme) == []
        cases = (folder / "cases" / "riverside.yaml").read_text(encoding="utf-8")
        assert server.diagnostics(folder / "cases" / "riverside.yaml", cases) == []
        (found,) = server.diagnostics(folder / "rules" / "misspelt.yaml", misspelt)
        assert "Value is not accepted" in found and '"committee"' in found
        (found,) = server.diagnostics(folder / "rules" / "no-header.yaml", misspelt.split("\n", 1)[1])
        assert "Value is not accepted" in found
        assert server.diagnostics(folder / "elsewhere.yaml", misspelt.split("\n", 1)[1]) == []
    finally:
        server.close()
