"""Bad input at the command line: every broken-pack fixture through `vires check` and `vires ask`.

Exit codes follow SPEC 4: `check` exits 1 on findings (its result, on stdout), while any other
command exits 2 on rules it cannot use (a located message on stderr); nothing ever shows a
traceback. One subprocess test runs the installed console script on the hostile fixtures.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_check import CHECK_FIXTURES, FIXTURES, want_errors

from vires.cli.main import cli
from vires.codes import CODES
from vires.pack.load import load_collect

DATE = "2026-06-01"
LOAD_FIXTURES = sorted((FIXTURES / "load").glob("*.yaml"))  # top level only: `cases/` holds case files
ALL_FIXTURES = LOAD_FIXTURES + CHECK_FIXTURES
IDS = [f"{f.parent.name}/{f.stem}" for f in ALL_FIXTURES]
LINE = re.compile(r"^\S.*:\d+:\d+: (error|warning|info) [a-z-]+: \S.*$|^\S+: (error|warning|info) [a-z-]+: \S.*$")


def run(*args):
    """Invoke the CLI in-process; no exception other than the exit may escape it."""
    try:
        runner = CliRunner(mix_stderr=False)  # click 8.1
    except TypeError:
        runner = CliRunner()  # click 8.2+: stderr is always apart
    result = runner.invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stdout and "Traceback" not in result.stderr
    return result


def check_json(fixture: Path, *options) -> tuple[int, dict]:
    result = run("check", fixture, "--date", DATE, "--format", "json", *options)
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize("fixture", ALL_FIXTURES, ids=IDS)
def test_check_reports_each_fixture_on_stdout_with_exit_1_on_errors(fixture):
    """`vires check --format json` reports exactly the fixture's wanted codes and lines; exit 1 iff an error."""
    code, report = check_json(fixture)
    found = [(e["location"]["file"], e["code"], e["location"]["line"]) for e in report["errors"]]
    assert sorted((os.path.realpath(f), c, n) for f, c, n in found) == want_errors(fixture)
    has_error = any(e["severity"] == "error" for e in report["errors"])
    assert code == (1 if has_error else 0)
    assert report["ok"] is (code == 0)


@pytest.mark.parametrize("fixture", ALL_FIXTURES, ids=IDS)
def test_ask_exits_2_on_rules_it_cannot_use(fixture):
    """`vires ask` on a pack that does not load exits 2 with located messages on stderr; a loadable one answers."""
    pack, diagnostics = load_collect([str(fixture)])
    if pack is None:
        result = run("ask", fixture, "--body", "council", "--decision", "finance", "--date", DATE)
        assert result.exit_code == 2
        assert result.stdout == ""
        for diagnostic in diagnostics:
            assert str(diagnostic.location) in result.stderr
    else:
        body, function = min(pack.bodies), min(pack.functions)
        result = run("ask", fixture, "--body", body, "--decision", function, "--date", DATE)
        assert result.exit_code in (0, 1)


def test_text_findings_are_sorted_located_lines_then_a_summary():
    """Text output: `file:line:col: severity code: message` lines, `  hint:` lines, sorted, then one summary."""
    fixture = FIXTURES / "check" / "selector-matches-nothing-holder.yaml"
    result = run("check", fixture, "--date", DATE)
    assert result.exit_code == 1 and result.stderr == ""
    lines = result.stdout.splitlines()
    findings = [line for line in lines[:-1] if not line.startswith("  hint: ")]
    assert findings and all(LINE.match(line) for line in findings)
    numbers = [int(line.split(":")[1]) for line in findings]
    assert numbers == sorted(numbers)
    assert lines[-1] == "failed: 1 pack, 2 rules, 3 bodies checked; 1 error, 2 warnings"


def test_a_clean_pack_prints_only_the_summary():
    """On a clean pack check prints one line, `ok: …; 0 errors, 0 warnings`, and exits 0."""
    result = run("check", FIXTURES / "check" / "clean.yaml", "--date", DATE)
    assert (result.exit_code, result.stdout) == (0, "ok: 1 pack, 4 rules, 3 bodies checked; 0 errors, 0 warnings\n")


def test_strict_fails_on_warnings_but_never_on_infos():
    """Warnings fail only with --strict; an info (expired but in force) never fails, strict or not."""
    warning, info = FIXTURES / "check" / "orphan-body.yaml", FIXTURES / "check" / "expired-in-force.yaml"
    assert run("check", warning, "--date", DATE).exit_code == 0
    strict = run("check", warning, "--date", DATE, "--strict")
    assert strict.exit_code == 1 and strict.stdout.splitlines()[-1].startswith("failed (--strict")
    assert check_json(warning, "--strict") == (1, {**check_json(warning)[1], "ok": False})
    assert run("check", info, "--date", DATE, "--strict").exit_code == 0


def test_strict_passes_a_proposal_that_would_not_work_and_says_so():
    """A proposed delegation that could never work is an info under --strict, saying so in plain words."""
    result = run("check", FIXTURES / "check" / "never-delegable-proposed.yaml", "--date", DATE, "--strict")
    assert result.exit_code == 0
    assert "info never-delegable: proposed delegation" in result.stdout
    assert "this proposal would not work if adopted" in result.stdout


def test_shipped_rules_pass_check_strict():
    """`vires check --strict rules/` is clean: what remains are infos on proposals recorded on purpose."""
    result = run("check", Path(__file__).parents[1] / "rules", "--date", DATE, "--strict")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("ok: ")


def test_json_shape_is_the_one_error_shape():
    """JSON output is `{"ok", "errors": [{code, severity, message, location: {file, line, column}, hint}]}`."""
    _, report = check_json(FIXTURES / "check" / "never-delegable.yaml")
    assert set(report) == {"ok", "errors"}
    (error,) = report["errors"]
    assert set(error) == {"code", "severity", "message", "location", "hint"}
    assert set(error["location"]) == {"file", "line", "column"}
    assert error["location"]["line"] > 0 and error["location"]["column"] > 0


def test_the_date_decides_what_has_expired():
    """`--date` moves the expiry test: before the `until` the expired-in-force info is absent."""
    _, report = check_json(FIXTURES / "check" / "expired-in-force.yaml", "--date", "2025-03-31")
    assert report["errors"] == []


def test_a_path_that_does_not_exist_exits_2_naming_it():
    """A missing path or an unknown @NAME is input check cannot use: exit 2, named on stderr, nothing on stdout."""
    result = run("check", "no/such/folder", "@englnd")
    assert result.exit_code == 2 and result.stdout == ""
    assert "no/such/folder" in result.stderr and "path-not-found" in result.stderr
    assert "`@england`" in result.stderr
    as_json = run("check", "no/such/folder", "--format", "json")
    assert as_json.exit_code == 2
    assert json.loads(as_json.stderr)["errors"][0]["code"] == "path-not-found"


def test_a_missing_path_beside_a_good_one_is_reported_alone():
    """The loader's own `path-not-found` on a path argument is check's exit 2, whatever else was loaded."""
    result = run("check", FIXTURES / "check" / "orphan-body.yaml", "no/such/folder")
    assert result.exit_code == 2 and result.stdout == ""
    assert [line.split(": ")[1] for line in result.stderr.splitlines() if not line.startswith(" ")] == [
        "error path-not-found"
    ]


def test_an_output_that_cannot_be_written_is_cannot_write(tmp_path):
    """A diagram written into a folder that does not exist: exit 2 with `cannot-write` naming the file."""
    target = tmp_path / "no-such-folder" / "x.dot"
    result = run("diagram", FIXTURES / "check" / "clean.yaml", "--engine", "native", "-o", target)
    assert result.exit_code == 2 and result.stderr.startswith(f"{target}: error cannot-write:")


def test_bad_options_exit_2():
    """A malformed --date, an unknown --format and no paths at all are usage errors: exit 2."""
    clean = FIXTURES / "check" / "clean.yaml"
    assert run("check", clean, "--date", "12/03/2026").exit_code == 2
    assert run("check", clean, "--format", "xml").exit_code == 2
    assert run("check").exit_code == 2


def test_every_code_a_fixture_emits_is_documented():
    """Each code wanted by any fixture, load or check, has a description in `vires.codes.CODES`."""
    emitted = {code for fixture in ALL_FIXTURES for _, code, _ in want_errors(fixture)}
    assert emitted and emitted - set(CODES) == set()
    assert all(CODES[code] and CODES[code] == CODES[code].strip() for code in emitted)


def test_every_lint_code_is_documented():
    """Every code `vires.review.lint` can emit is in `vires.codes.CODES`, fixture or not."""
    import vires.review.lint

    source = Path(vires.review.lint.__file__).read_text(encoding="utf-8")
    assert set(re.findall(r'Diagnostic\(\s*"([a-z-]+)"', source)) - set(CODES) == set()


def test_the_installed_script_never_shows_a_traceback():
    """The `vires` console script on hostile and broken fixtures: located messages, exit 1 or 2, no traceback."""
    script = Path(sys.executable).with_name("vires")
    if not script.exists():
        pytest.skip("the `vires` console script is not installed next to this Python")
    hostile = [
        FIXTURES / "load" / name
        for name in ("too-large-alias-bomb.yaml", "too-deep.yaml", "binary-file.yaml", "yaml-syntax-truncated.yaml")
    ]
    for fixture in hostile + [FIXTURES / "check" / "never-delegable.yaml"]:
        for command, wanted in (("check", 1), ("ask", 2 if fixture in hostile else 1)):
            args = [str(script), command, str(fixture), "--date", DATE]
            if command == "ask":
                args += ["--body", "cabinet", "--decision", "licensing"]  # only by the never-delegable link
            done = subprocess.run(args, capture_output=True, text=True, timeout=60)
            assert "Traceback" not in done.stderr + done.stdout, (command, fixture)
            assert done.returncode == wanted, (command, fixture, done.stdout, done.stderr)
    missing = subprocess.run([str(script), "check", "no/such/file.yaml"], capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "no/such/file.yaml" in missing.stderr
