"""`vires test`: one line a case, the closing count, JUnit output and drafts laid over the rules."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from vires.cli.main import cli

HERE = Path(__file__).parent / "conformance"


def _run(*args):
    return CliRunner().invoke(cli, list(args))


def test_all_conformance_cases_pass_with_a_closing_count(tmp_path):
    """Every case prints a PASS line and the run closes with `N passed, 0 failed` and exit 0."""
    result = _run("test", str(HERE / "cases.yaml"), "--junit", str(tmp_path / "junit.xml"))
    lines = result.output.splitlines()
    cases = [line for line in lines if line.startswith(("PASS", "FAIL"))]
    assert result.exit_code == 0, result.output
    assert all(line.startswith("PASS") for line in cases)
    assert lines[-1] == f"{len(cases)} passed, 0 failed"
    suite = ET.parse(tmp_path / "junit.xml").getroot()
    assert suite.get("tests") == str(len(cases)) and suite.get("failures") == "0"


def test_a_failing_case_shows_expected_got_and_the_explanation(tmp_path):
    """A case whose expectation is wrong fails with expected versus got, the answer's text, and exit 1."""
    cases = tmp_path / "cases.yaml"
    cases.write_text(f"""rules: [{HERE / "pack.yaml"}]
cases:
  - name: wrongly expects the officer may award any contract
    ask: {{body: place-director, decision: commissioning.contracts, amount: 400000, date: 2026-06-01}}
    expect: {{outcome: permitted}}
""")
    result = _run("test", str(cases))
    assert result.exit_code == 1
    assert "FAIL" in result.output
    assert "outcome: expected permitted, got denied" in result.output
    assert "| Denied: Place Director (place-director) may not decide" in result.output
    assert result.output.splitlines()[-1] == "0 passed, 1 failed"


def test_a_draft_shows_each_case_before_and_after():
    """With --draft the line shows the outcome before -> after and CHANGED where the draft changes it."""
    result = _run("test", str(HERE / "cases.yaml"), "--draft", str(HERE / "draft-partnership.yaml"))
    changed = [line for line in result.output.splitlines() if line.endswith("CHANGED")]
    assert changed == [line for line in changed if "[denied -> permitted]" in line]
    assert len(changed) == 1 and "a proposed delegation is not in force by default" in changed[0]
    assert changed[0].startswith("FAIL")  # the case expects the proposal not to be in force
    assert "the draft changes the outcome of 1 of" in result.output
    assert result.exit_code == 1


def test_date_asks_every_case_on_that_date():
    """--date asks each case on the date given instead of its own: a delegation that ends fails the case."""
    result = _run("test", str(HERE / "cases.yaml"), "--date", "2025-06-01")
    assert result.exit_code == 1
    assert "FAIL" in result.output and "outcome: expected permitted, got denied" in result.output
