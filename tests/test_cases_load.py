"""Decision-case files (SPEC 5): broken files give their located errors; valid ones give exact values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import relative_to_repo

from vires.errors import LoadError
from vires.review.case_files import Case, CaseFile, Expect, load_cases
from vires.values import BOOLEAN, DATE, NUMBER, TEXT

HERE = Path(__file__).parent
CASES = HERE / "fixtures" / "load" / "cases"
BROKEN = sorted(f for f in CASES.glob("*.yaml") if f.read_text(encoding="utf-8").startswith("# want_errors:"))


pytestmark = pytest.mark.usefixtures("at_repo_root")


@pytest.mark.parametrize("fixture", BROKEN, ids=[f.stem for f in BROKEN])
def test_broken_case_file_reports_exactly_its_errors(fixture, want_errors, got_errors):
    """Each broken case file raises LoadError with exactly the codes and lines of its `want_errors` line."""
    fixture = Path(relative_to_repo(fixture))
    with pytest.raises(LoadError) as raised:
        load_cases([str(fixture)])
    assert got_errors(raised.value.diagnostics) == want_errors(fixture)


@pytest.fixture
def valid() -> CaseFile:
    (case_file,) = load_cases([relative_to_repo(CASES / "valid.yaml")])
    return case_file


def test_rules_resolve_against_the_case_file_and_keep_shipped_names(valid):
    """`rules` paths are taken relative to the case file; `@NAME` is kept as written."""
    assert valid.path == "tests/fixtures/load/cases/valid.yaml"
    assert valid.rules == ("tests/fixtures/load/valid", "@england")


def test_a_case_reads_every_field(valid):
    """Body, decision, amount (`2.4m`), date, include_proposed, location and every expectation."""
    case = valid.cases[0]
    assert isinstance(case, Case)
    assert (case.name, case.body, case.decision) == (
        "the cabinet spends within its budget",
        "cabinet",
        "finance.budget.revenue",
    )
    assert (case.amount, case.date, case.include_proposed) == (2_400_000, dt.date(2026, 6, 1), True)
    assert (case.location.file, case.location.line) == ("tests/fixtures/load/cases/valid.yaml", 5)
    assert case.expect == Expect(
        outcome="permitted",
        chain=("p-finance", "d-cabinet"),
        reasons=(("not-delegable", None), ("reserved", "r-budget")),
        limit=5_000_000,
        outstanding=(("consult", None), ("where", None)),
    )


def test_facts_are_read_from_their_source_text(valid):
    """Facts are normalised from the text written: `yes` a boolean, `010` the number 10, `12:30` text; a list
    gives several values."""
    assert valid.cases[0].facts == {
        "consulted": ((TEXT, "director"), (TEXT, "board")),
        "present": ((NUMBER, Decimal(5)),),
        "urgent": ((BOOLEAN, True),),
        "code": ((NUMBER, Decimal(10)),),
        "time": ((TEXT, "12:30"),),
        "notice_given": ((DATE, dt.date(2026, 4, 1)),),
    }


def test_unstated_expectations_are_empty(valid):
    """A case that states only its outcome checks nothing else: no chain, reasons, limit or outstanding."""
    case = valid.cases[1]
    assert (case.amount, case.facts, case.include_proposed) == (None, {}, False)
    assert case.expect == Expect(outcome="denied")


def test_a_folder_of_case_files_loads_every_file_sorted(tmp_path):
    """A folder argument reads every case file below it, in sorted order."""
    for name in ("b.yaml", "sub/a.yaml"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(
            "rules: ['@england']\ncases:\n  - name: x\n"
            "    ask: {body: b, decision: f, date: 2026-01-01}\n    expect: {outcome: denied}\n"
        )
    assert [f.path for f in load_cases([str(tmp_path)])] == [str(tmp_path / "b.yaml"), str(tmp_path / "sub/a.yaml")]


def test_the_conformance_cases_load():
    """The conformance case file loads, its rules resolved next to it."""
    (case_file,) = load_cases([relative_to_repo(HERE / "conformance" / "cases.yaml")])
    assert case_file.rules == ("tests/conformance/pack.yaml",)
    assert len(case_file.cases) > 20


def test_the_shipped_decision_cases_load():
    """Every decision-case file under `decisions/` loads, each naming shipped packs by `@NAME`."""
    case_files = load_cases(["decisions"])
    assert case_files and all(f.cases for f in case_files)
    assert all(rule.startswith("@") for f in case_files for rule in f.rules)


def test_a_missing_case_path_is_path_not_found():
    """A case path that does not exist raises LoadError with `path-not-found`."""
    with pytest.raises(LoadError) as raised:
        load_cases(["no/such/cases.yaml"])
    assert [d.code for d in raised.value.diagnostics] == ["path-not-found"]
