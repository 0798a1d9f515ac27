"""The shipped rule packs and their decision cases: every case passes on both engines, every rule is tested."""

from __future__ import annotations

from pathlib import Path

import pytest

from vires.engine.choose import durable_available
from vires.pack.load import load
from vires.review.case_files import load_cases
from vires.review.run_cases import run_cases

ROOT = Path(__file__).parents[1]
PACKS = sorted(p.name for p in (ROOT / "rules").iterdir() if (p / "pack.yaml").exists())
DECISIONS = str(ROOT / "decisions")
ENGINES = ["native"] + (["durable"] if durable_available() else [])


@pytest.mark.parametrize("engine", ENGINES)
def test_every_shipped_decision_case_passes(engine):
    """`vires test decisions/` passes: each case gets the outcome, chain and reasons it expects."""
    results = list(run_cases(load_cases([DECISIONS]), engine=engine))
    failures = [f"{r.file}: {r.case.name}: {'; '.join(r.problems) or r.error}" for r in results if not r.passed]
    assert failures == []
    assert len(results) >= 80


def test_every_shipped_rule_is_named_by_some_case():
    """Each power, delegation, reservation, prohibition and requirement appears in some case's expected
    chain, reasons or outstanding conditions, so no rule goes untested."""
    named = set()
    for case_file in load_cases([DECISIONS]):
        for case in case_file.cases:
            named.update(case.expect.chain or ())
            named.update(rule for _, rule in case.expect.reasons if rule)
            named.update(rule for _, rule in case.expect.outstanding if rule)
    pack = load([f"@{name}" for name in PACKS])
    untested = sorted(rule.id for rule in pack.rules() if rule.id not in named)
    assert untested == []


def test_every_pack_has_cases_that_load_it_by_name():
    """Each shipped pack has a decision file whose rules name it as `@NAME` (shipped packs never use paths)."""
    named = {rule for case_file in load_cases([DECISIONS]) for rule in case_file.rules}
    assert {f"@{name}" for name in PACKS} <= named


@pytest.mark.parametrize("name", PACKS)
def test_every_pack_says_it_is_not_legal_advice(name):
    """A pack's description says it is an illustrative encoding of the cited documents, not legal advice."""
    (info,) = [p for p in load([f"@{name}"]).packs if p.id == name]
    assert "illustrative" in info.description.lower()
    assert "not legal advice" in info.description.lower()


def test_every_shipped_yaml_file_names_its_schema():
    """Every shipped YAML file starts with the yaml-language-server header naming its schema."""
    files = sorted((ROOT / "rules").rglob("*.yaml")) + sorted((ROOT / "decisions").rglob("*.yaml"))
    wrong = []
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = {"decisions": "cases.schema.json", "meetings": "meeting.schema.json"}.get(
            path.parent.name, "rulepack.schema.json"
        )
        if not (first.startswith("# yaml-language-server: $schema=") and first.endswith(schema)):
            wrong.append(str(path.relative_to(ROOT)))
    assert files and wrong == []
