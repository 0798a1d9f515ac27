"""The user documentation (docs/) stays true to the repository it ships in.

The modules under test are loaded from this repository's files by path, not by `import vires...`,
so the test checks this checkout's docs against this checkout's code even when another copy of
vires is installed (an editable install of another worktree, for instance).
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
PACK_FILES = sorted((ROOT / "rules").rglob("*.yaml"))
TOP_FOLDERS = ("bench", "cli", "decisions", "diagrams", "docs", "rules", "schemas", "seeds", "tests", "vires")

LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
INLINE_CODE = re.compile(r"`([^`\n]+)`")
REPO_PATH = re.compile(rf"^(?:{'|'.join(TOP_FOLDERS)})/[\w.*/-]*$")
SCHEMA_HEADER = re.compile(r"\$schema=(\S+)")
# Documents that live outside the repository: the design notes (SPEC, DOMAIN) and the seed papers.
OUTSIDE = re.compile(r"\b(?:SPEC|DOMAIN)\b|\bseeds?/|\bseeds? \d{3}\b|\b\d{3} §")


def load(name: str, relative: str) -> ModuleType:
    """A module of this repository, loaded from its file."""
    spec = importlib.util.spec_from_file_location(name, ROOT / relative)
    assert spec is not None and spec.loader is not None, f"cannot load {relative}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def codes() -> dict[str, str]:
    """`vires.codes.CODES` of this repository."""
    return load("docs_test_codes", "vires/codes.py").CODES


pack_reference = load("docs_test_pack_reference", "vires/pack_reference.py")


# ---- reading pages -----------------------------------------------------------------------------


def prose(text: str) -> str:
    """Markdown without its fenced code blocks (command output is not a link)."""
    return FENCE.sub("", text)


def links(text: str) -> list[str]:
    """The targets of the Markdown links and images in prose (inline code removed)."""
    return LINK.findall(INLINE_CODE.sub("", prose(text)))


def anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings of a page (a repeated heading gets `-1`, `-2`, ...)."""
    found: set[str] = set()
    for line in prose(markdown).splitlines():
        if line.startswith("#"):
            base = pack_reference.slug(line.lstrip("#").strip())
            anchor, n = base, 0
            while anchor in found:
                n += 1
                anchor = f"{base}-{n}"
            found.add(anchor)
    return found


def comments(path: Path) -> list[tuple[int, str]]:
    """The comments of a YAML file, with their line numbers (a `#` at the start or after a space)."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = re.search(r"(?:^|\s)#(.*)$", line)
        if match:
            found.append((number, match.group(1)))
    return found


def broken_link(page: Path, target: str) -> str | None:
    """Why a relative link from `page` does not resolve, or None when it does (web links are not followed)."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target):
        return None
    path, _, anchor = target.partition("#")
    file = (page.parent / path).resolve() if path else page
    if not file.exists():
        return f"`{target}`: no file {file.relative_to(ROOT) if file.is_relative_to(ROOT) else file}"
    if anchor and file.suffix == ".md" and anchor not in anchors(file.read_text(encoding="utf-8")):
        return f"`{target}`: no heading with the anchor `#{anchor}` in {file.name}"
    return None


def missing_repo_paths(text: str) -> list[str]:
    """Repository paths named in inline code (`rules/england/pack.yaml`) that match no file or folder."""
    missing = []
    for code in INLINE_CODE.findall(prose(text)):
        if REPO_PATH.match(code) and not any(ROOT.glob(code.rstrip("/"))):
            missing.append(code)
    return missing


def outside(text: str) -> list[str]:
    """References to documents kept outside the repository (SPEC, DOMAIN, the seed papers)."""
    if (ROOT / "SPEC.md").exists() and (ROOT / "DOMAIN.md").exists() and (ROOT / "seeds").exists():
        return []
    return [match.group(0) for match in OUTSIDE.finditer(text)]


# ---- the tests ---------------------------------------------------------------------------------


def test_reference_is_current():
    """docs/reference.md is exactly what `python -m vires.pack_reference` writes from the pack schema."""
    schema = json.loads((ROOT / "schemas" / "rulepack.schema.json").read_text(encoding="utf-8"))
    written = (DOCS / "reference.md").read_text(encoding="utf-8")
    assert written == pack_reference.reference_markdown(schema), (
        "docs/reference.md is stale: regenerate it from the repository root with "
        f"`PYTHONPATH=. {pack_reference.COMMAND}` and commit it"
    )


def test_reference_is_deterministic():
    """The generator gives the same page twice and names every key of every entry type."""
    schema = json.loads((ROOT / "schemas" / "rulepack.schema.json").read_text(encoding="utf-8"))
    page = pack_reference.reference_markdown(schema)
    assert page == pack_reference.reference_markdown(json.loads(json.dumps(schema)))
    for name in ("power", "delegation", "reservation", "prohibition", "requirement", "body", "citation", "condition"):
        for key in schema["$defs"][name]["properties"]:
            assert f"| `{key}` |" in page, f"the reference does not list `{key}` of `{name}`"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_links_resolve(page):
    """Every relative link and image in README.md and docs/*.md names a file (and heading) that exists."""
    text = page.read_text(encoding="utf-8")
    problems = [why for target in links(text) if (why := broken_link(page, target))]
    problems += [f"`{path}` is named but not in the repository" for path in missing_repo_paths(text)]
    assert not problems, f"{page.relative_to(ROOT)}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_cites_nothing_outside_the_repository(page):
    """README.md and docs/*.md cite no SPEC or DOMAIN section and no seed paper, which readers cannot open."""
    found = outside(prose(page.read_text(encoding="utf-8")))
    assert not found, f"{page.relative_to(ROOT)} cites documents outside the repository: {found}"


def test_pack_comments_cite_only_the_repository():
    """Comments in rules/**/*.yaml cite the instruments themselves, never SPEC, DOMAIN or seed files,
    and every `$schema=` path in them resolves."""
    problems = []
    for path in PACK_FILES:
        where = path.relative_to(ROOT)
        for number, comment in comments(path):
            problems += [f"{where}:{number}: cites `{found}`" for found in outside(comment)]
            for target in SCHEMA_HEADER.findall(comment):
                if not (path.parent / target).exists():
                    problems.append(f"{where}:{number}: `$schema={target}` names no file")
    assert not problems, "\n".join(problems)


def test_every_code_is_in_findings():
    """Every diagnostic code in vires.codes.CODES has a heading of its own in docs/findings.md."""
    findings = prose((DOCS / "findings.md").read_text(encoding="utf-8"))
    headings = "\n".join(line for line in findings.splitlines() if line.startswith("#"))
    missing = [code for code in codes() if f"`{code}`" not in headings]
    assert not missing, f"docs/findings.md has no heading for: {', '.join(missing)}"


def test_docs_index_lists_every_page():
    """docs/README.md links to every other page in docs/."""
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    listed = {target.partition("#")[0] for target in links(index)}
    missing = [page.name for page in DOCS.glob("*.md") if page.name != "README.md" and page.name not in listed]
    assert not missing, f"docs/README.md does not list: {', '.join(missing)}"
