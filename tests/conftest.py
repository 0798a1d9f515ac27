"""Shared pytest set-up for the vires tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parents[1]


@pytest.fixture
def at_repo_root(monkeypatch):
    """Run from the repository root, since locations are shown relative to the current folder."""
    monkeypatch.chdir(REPO)


def relative_to_repo(path: Path) -> str:
    """`path` as the loader shows it when run from the repository root."""
    return os.path.relpath(path, REPO)


@pytest.fixture
def fixtures() -> Path:
    """The folder of test fixtures (`tests/fixtures`)."""
    return FIXTURES


def read_want_errors(fixture: Path) -> list[tuple[str, str, int]]:
    """A fixture's first line, `# want_errors: [{code, line, file?}, ..]`, as sorted (file, code, line).

    `file` is relative to the fixture's folder and defaults to the fixture itself.
    """
    first = fixture.read_bytes().split(b"\n", 1)[0].decode("utf-8")
    assert first.startswith("# want_errors:"), f"{fixture} must start with a `# want_errors:` line"
    wanted = yaml.safe_load(first[2:])["want_errors"]
    return sorted(
        (str(fixture.parent / w["file"]) if "file" in w else str(fixture), w["code"], w["line"]) for w in wanted
    )


@pytest.fixture
def want_errors():
    """Read a fixture's `want_errors` line (see `read_want_errors`)."""
    return read_want_errors


@pytest.fixture
def got_errors():
    """Diagnostics as sorted (file, code, line), to compare with `want_errors`."""
    return lambda diagnostics: sorted((d.location.file, d.code, d.location.line) for d in diagnostics)
