"""The diff's JSON is described by schemas/diff.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from jsonschema import Draft202012Validator

from vires.cli.main import cli

ROOT = Path(__file__).parents[1]


def test_diff_json_validates_against_its_schema():
    """`vires diff --format json` on the City and Hackney draft is valid against diff.schema.json."""
    schema = json.loads((ROOT / "schemas" / "diff.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    result = CliRunner().invoke(
        cli,
        [
            "diff",
            "@city-and-hackney",
            "--draft",
            str(ROOT / "tests" / "fixtures" / "diff" / "ch-nhp-in-force.yaml"),
            "--date",
            "2026-06-01",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["changes"], "the draft gains rights, so there is something to validate"
    assert [e.message for e in Draft202012Validator(schema).iter_errors(document)] == []
