"""Every command has help, and `vires --help` imports nothing heavy."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from vires.cli.main import COMMANDS, cli


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_exists_and_has_help(name):
    """Each command in the table is built, and its --help explains it in words, with its options."""
    result = CliRunner().invoke(cli, [name, "--help"], prog_name="vires")
    assert result.exit_code == 0, result.output
    assert f"Usage: vires {name}" in result.output
    description = result.output.split("\n\n")[1].strip()
    assert len(description) > 20


def test_help_imports_nothing_heavy():
    """`vires --help` loads neither the loader's YAML and JSON Schema nor the engines, graphviz or python-docx."""
    probe = (
        "import sys; from vires.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = {'yaml', 'jsonschema', 'durable', 'graphviz', 'docx', 'sqlite3',"
        " 'vires.pack.load', 'vires.engine.answer'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", probe, "--help"], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"
