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


PENDING_CASES = """rules: [{pack}]
cases:
  - name: the officer may award a contract of £400,000 (not yet encoded)
    ask: {{body: place-director, decision: commissioning.contracts, amount: 400000, date: 2026-06-01}}
    expect: {{outcome: permitted}}
    basis: [{{ref: sord, section: "para 4.2"}}]
    pending: the scheme's contract limits are not yet encoded
  - name: the officer may not award a contract of £400,000
    ask: {{body: place-director, decision: commissioning.contracts, amount: 400000, date: 2026-06-01}}
    expect: {{outcome: denied}}
    pending: written before the scheme was encoded
"""


def test_pending_cases_are_counted_apart_and_fail_only_with_strict(tmp_path):
    """A pending case is neither passed nor failed: its line says PENDING with the reason and how it falls
    short; one that now answers as expected says to remove `pending`. --strict fails on pending cases."""
    cases = tmp_path / "cases.yaml"
    cases.write_text(PENDING_CASES.format(pack=HERE / "pack.yaml"))
    result = _run("test", str(cases), "--junit", str(tmp_path / "junit.xml"))
    lines = result.output.splitlines()
    assert result.exit_code == 0, result.output
    assert [line.split("  ")[0] for line in lines if not line.startswith(" ")][:2] == ["PENDING", "PENDING"]
    assert "      pending: the scheme's contract limits are not yet encoded" in lines
    assert "      outcome: expected permitted, got denied" in lines
    assert lines.count("      it now answers as expected: remove `pending` from the case") == 1
    assert lines[-1] == "0 passed, 0 failed, 2 pending"
    suite = ET.parse(tmp_path / "junit.xml").getroot()
    assert suite.get("skipped") == "2" and suite.get("failures") == "0"
    strict = _run("test", str(cases), "--strict")
    assert strict.exit_code == 1 and strict.output.splitlines()[-1] == "0 passed, 0 failed, 2 pending"


def test_a_basis_must_name_a_source_of_the_rules(tmp_path):
    """A case's basis cites a source its rules declare; an unknown one fails the case with the nearest id."""
    cases = tmp_path / "cases.yaml"
    cases.write_text(f"""rules: [{HERE / "pack.yaml"}]
cases:
  - name: the officer may not award a contract of £400,000
    ask: {{body: place-director, decision: commissioning.contracts, amount: 400000, date: 2026-06-01}}
    expect: {{outcome: denied}}
    basis: [{{ref: sords, section: "para 4.2"}}]
""")
    result = _run("test", str(cases))
    assert result.exit_code == 1
    assert f"basis: the rules declare no source `sords` ({cases}:6:19); did you mean `sord`?" in result.output


def test_a_draft_page_counts_pending_cases_apart(tmp_path):
    """The workbench's and paper's table of cases before and after a draft says pending, with the reason."""
    from vires.outputs.cases_paper import cases_paper
    from vires.outputs.paper import plain
    from vires.review.case_files import load_cases
    from vires.review.run_cases import run_cases

    cases = tmp_path / "cases.yaml"
    cases.write_text(PENDING_CASES.format(pack=HERE / "pack.yaml"))
    results = list(run_cases(load_cases([str(cases)])))
    summary, table = cases_paper(results, results).blocks
    assert plain(summary.text).endswith("0 passed, 0 failed, 2 pending (written before the rules could answer them).")
    verdicts = [[plain(part) for part in row[3]] for row in table.rows]
    assert verdicts == [
        ["pending: the scheme's contract limits are not yet encoded"],
        ["pending: written before the scheme was encoded", "it now answers as expected"],
    ]
