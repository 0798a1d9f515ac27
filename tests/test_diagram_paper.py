"""Diagrams on paper: no text under 9 pt, PDF pages of A4, what a single image does when it cannot fit, the
command line, and the committed drawings in diagrams/ (current, legible, rendered from their DOT)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from diagram_board import DATE, board_pack, visible_texts

from vires.api import derive, open_rules
from vires.cli.main import cli
from vires.errors import RenderError, ViresWarning
from vires.outputs.answer_text import long_date
from vires.outputs.diagram import PAPERS, View, draw, render, to_dot

ROOT = Path(__file__).resolve().parent.parent
CONFORMANCE = str(ROOT / "tests" / "conformance" / "pack.yaml")
SMALL = str(ROOT / "tests" / "fixtures" / "check" / "clean.yaml")  # a pack that fits on one page
A4_POINTS = (842, 595)  # landscape, 297 x 210 mm
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


def printed_sizes(dot: str) -> list[float]:
    """Every font size `dot` gives, in points as printed: `dot` lays the drawing out (`-Tplain` gives the
    scale it applied to fit the drawing's `size`, the paper), and each size is multiplied by it."""
    scale = float(subprocess.run(["dot", "-Tplain"], input=dot, capture_output=True, text=True).stdout.split()[1])
    sizes = [float(s) for s in re.findall(r'(?:fontsize="|POINT-SIZE=")([0-9.]+)"', dot)]
    assert sizes and all(f"size={s}" not in dot for s in ('"8.27,11.69"',))
    return [size * scale for size in sizes]


def diagram(*args: str) -> tuple[int, str]:
    """`vires diagram ARGS… -o -` (or with its own -o): the exit code and what it wrote or said."""
    result = CliRunner().invoke(cli, ["diagram", *args])
    return result.exit_code, result.output


# ---- no text under 9 pt -------------------------------------------------------------------------------

DRAWN = [  # a view each, drawn as `vires diagram` draws it: in the first proportions that fit A4
    ("@england", []),
    ("@london", ["--overview"]),
    ("@london", ["--for", "lb-haringey"]),
    ("@london", ["--for", "lb-lewisham"]),
    ("@london-places", ["--for", "sel-icb"]),
    ("@london-places", ["--function", "neighbourhood-health"]),
    ("@team-hackney", []),
    ("@city-and-hackney", ["--overview"]),
    ("@city-and-hackney", ["--for", "lb-hackney"]),
    ("@city-and-hackney", ["--for", "city-of-london-corporation", "--hide-inactive"]),
    ("@city-and-hackney", ["--function", "neighbourhood-health-plan", "--for", "lb-hackney"]),
    (
        "@city-and-hackney",
        ["--decision", "neighbourhood-health-plan.deliver", "--body", "hackney-hwbb-nhp-subcommittee"]
        + ["--include-proposed", "--chain-only"],
    ),
]


@needs_dot
@pytest.mark.dot
@pytest.mark.parametrize("pack, args", DRAWN, ids=lambda x: x if isinstance(x, str) else " ".join(x))
def test_every_text_prints_at_9_pt_or_more_on_a4(pack, args):
    """Every label's font size, after the scale `dot` applies to fit A4, is 9 pt or more."""
    code, dot = diagram(pack, "--date", DATE.isoformat(), *args, "-o", "-")
    assert code == 0, dot
    assert 'size="11.19,7.77"' in dot  # A4 landscape less its margins
    assert min(printed_sizes(dot)) >= 9 - 1e-6


@needs_dot
@pytest.mark.dot
def test_a3_gives_the_larger_page_and_the_same_type():
    """--paper a3 sizes the drawing for A3; type stays at 9 pt or more."""
    code, dot = diagram(
        "@city-and-hackney", "--date", DATE.isoformat(), "--for", "lb-hackney", "--paper", "a3", "-o", "-"
    )
    assert code == 0 and 'size="16.04,11.19"' in dot
    assert min(printed_sizes(dot)) >= 9 - 1e-6


# ---- PDF pages -------------------------------------------------------------------------------------------

CHAIN_ARGS = ["--body", "hackney-hwbb-nhp-subcommittee", "--decision", "neighbourhood-health-plan.deliver"]
PDFS = [  # what is drawn, and the pages it takes on A4
    (["@england"], 1),
    (["@london"], 3),  # the organisations alone, then the two boroughs each on a page
    (["@team-hackney"], 1),
    (["@city-and-hackney"], 4),  # the organisations alone, then three organisations each on a page
    (["@city-and-hackney", *CHAIN_ARGS, "--amount", "2m", "--include-proposed"], 4),
    (["@city-and-hackney", *CHAIN_ARGS, "--include-proposed", "--chain-only"], 1),
]


@needs_dot
@pytest.mark.dot
@pytest.mark.parametrize("args, pages", PDFS, ids=lambda x: " ".join(x) if isinstance(x, list) else str(x))
def test_pdfs_are_a4_pages_one_per_view_where_the_whole_does_not_fit(tmp_path, args, pages):
    """A shipped pack or a chain drawn to PDF: every page an A4 sheet, one page per view when the whole
    cannot be drawn legibly on one."""
    from pypdf import PdfReader

    target = tmp_path / "d.pdf"
    code, said = diagram(*args, "--date", DATE.isoformat(), "-o", str(target))
    assert code == 0, said
    reader = PdfReader(target)
    assert len(reader.pages) == pages
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4_POINTS


@needs_dot
@pytest.mark.dot
def test_a_pdf_is_the_same_bytes_every_run():
    """A PDF of several pages, drawn twice, is byte for byte the same (no creation time in it)."""
    rules = open_rules(["@city-and-hackney"], "native")
    assert draw(rules, View(date=DATE), PAPERS["a4"], ["pdf"]) == draw(rules, View(date=DATE), PAPERS["a4"], ["pdf"])


@needs_dot
@pytest.mark.dot
def test_a_pdf_of_pages_says_what_each_page_shows():
    """The pages of a split PDF are the organisations alone, then each organisation, named in its heading."""
    from pypdf import PdfReader

    rules = open_rules(["@city-and-hackney"], "native")
    (pdf,) = draw(rules, View(date=DATE), PAPERS["a4"], ["pdf"])
    texts = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(texts) == 4
    assert "The organisations, and the lines between them." in texts[0]
    organisations = [
        "City and Hackney Place Based Partnership",
        "City of London Corporation",
        "London Borough of Hackney",
    ]
    for text, organisation in zip(texts[1:], organisations, strict=True):
        assert f"{organisation}, and the joint bodies it belongs to." in text


# ---- a single image that cannot fit ----------------------------------------------------------------------


@needs_dot
@pytest.mark.dot
def test_a_single_image_too_large_writes_nothing_and_names_the_views_that_fit(tmp_path):
    """An SVG (or PNG, or DOT) of a view too large for A4 exits 2, writes none of the outputs, and names
    the narrower views that would fit, as options."""
    svg, dot = tmp_path / "d.svg", tmp_path / "d.dot"
    code, said = diagram("@city-and-hackney", "--date", DATE.isoformat(), "-o", str(dot), "-o", str(svg))
    assert code == 2 and not svg.exists() and not dot.exists()
    assert "error does-not-fit: the drawing is too large for A4 landscape with no text under 9 pt" in said
    for option in ("--for lb-hackney", "--for city-of-london-corporation", "--overview", "--chain-only", "-o FILE.pdf"):
        assert option in said
    assert "Traceback" not in said


@needs_dot
@pytest.mark.dot
def test_a_view_too_large_even_alone_says_so_and_whether_a3_would_do(tmp_path):
    """One organisation too large for its paper exits 2 naming itself; a larger paper is offered only when
    the view would fit on it."""
    code, said = diagram(
        "@city-and-hackney", "--date", DATE.isoformat(), "--paper", "a3", "-o", str(tmp_path / "x.png")
    )
    assert code == 2 and "A3 landscape" in said and "--paper" not in said


def test_dot_is_written_unchecked_with_a_notice_when_graphviz_is_missing(monkeypatch):
    """Without `dot`, a DOT file is still written, with a one-line notice that its fit was not checked;
    anything rendered exits 2 naming Debian's `graphviz`."""
    monkeypatch.setenv("PATH", "")
    rules = derive(board_pack(), "native")
    with pytest.warns(ViresWarning, match="whether the drawing fits A4 landscape with no text under 9 pt was not"):
        (text,) = draw(rules, View(date=DATE), PAPERS["a4"], ["dot"])
    assert text.decode("utf-8") == to_dot(rules, View(date=DATE))
    with pytest.raises(RenderError) as error:
        draw(rules, View(date=DATE), PAPERS["a4"], ["svg"])
    assert error.value.exit_code == 2 and "`graphviz`" in str(error.value)


# ---- the command line ---------------------------------------------------------------------------------------


@needs_dot
def test_the_date_defaults_to_today_and_the_heading_says_so():
    """Without --date the drawing shows today, as every other command answers; its heading states the date."""
    code, dot = diagram(SMALL, "--engine", "native", "-o", "-")
    assert code == 0, dot
    assert f"Powers and delegations on {long_date(dt.date.today().isoformat())}" in visible_texts(dot)


def test_cli_refuses_unknown_suffixes_and_options_that_need_a_question():
    """`-o x.gif` exits 2 naming the suffixes it writes; --amount or --chain-only without --decision,
    --decision without --body, and --overview with --for are usage errors (exit 2)."""
    code, said = diagram(CONFORMANCE, "--engine", "native", "-o", "x.gif")
    assert code == 2 and ".svg" in said
    for args in (["--amount", "2m"], ["--chain-only"], ["--decision", "x"], ["--overview", "--for", "x"]):
        code, said = diagram(CONFORMANCE, *args, "-o", "-")
        assert code == 2 and "Traceback" not in said, args
    assert "--chain-only goes only with --decision" in diagram(CONFORMANCE, "--chain-only", "-o", "-")[1]


def test_cli_without_dot_exits_2_and_names_graphviz(monkeypatch, tmp_path):
    """`vires diagram … -o x.svg` with PATH emptied exits 2 with one message naming `graphviz`."""
    monkeypatch.setenv("PATH", "")
    code, said = diagram(CONFORMANCE, "--engine", "native", "-o", str(tmp_path / "x.svg"))
    assert code == 2 and "graphviz" in said and "Traceback" not in said
    assert not (tmp_path / "x.svg").exists()


@needs_dot
@pytest.mark.dot
def test_svg_carries_citations_as_tooltips_and_sources_as_links():
    """In SVG, a delegation's tooltip gives its citation, and a source's URL is a link."""
    rules = derive(board_pack(), "native")
    svg = render(to_dot(rules, View()), "svg").decode("utf-8")
    assert "Example ICB Scheme of Reservation and Delegation, 4.2" in svg
    assert 'xlink:href="https://example.org/act?part=3&amp;section=1"' in svg
    assert "Point at a box or a line for its citations in full" in svg


# ---- diagrams/: the committed drawings of the shipped packs ----------------------------------------------


def makefile_diagram_commands() -> list[list[str]]:
    """The arguments of each `$(DIAGRAM)` line of the Makefile's `diagrams` target, with its --date."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    prefix = re.search(r"^DIAGRAM := \$\(BIN\)/vires diagram (.*)$", text, re.M).group(1)
    recipe = text.split("\ndiagrams:", 1)[1].split("\n\n", 1)[0]
    return [
        shlex.split(prefix) + shlex.split(line.split("$(DIAGRAM)", 1)[1])
        for line in recipe.splitlines()
        if "$(DIAGRAM)" in line
    ]


def _outputs(command: list[str]) -> list[str]:
    return [command[i + 1] for i, arg in enumerate(command) if arg == "-o"]


def _draws_anything(pack: Path) -> bool:
    """Whether a pack declares bodies, powers or delegations of its own: one that only adds requirements (such as
    @hackney-meetings) draws the same picture as the pack it builds on."""
    keys = ("bodies:", "powers:", "delegations:")
    return any(
        line.startswith(keys) for f in pack.glob("*.yaml") for line in f.read_text(encoding="utf-8").splitlines()
    )


def test_makefile_draws_every_shipped_pack_and_two_chains_as_of_one_date():
    """`make diagrams` draws each shipped pack that has something of its own to draw, and two chains, as at
    1 June 2026, each as DOT with an SVG."""
    commands = makefile_diagram_commands()
    shipped = sorted(p.name for p in (ROOT / "rules").iterdir() if (p / "pack.yaml").exists() and _draws_anything(p))
    assert sorted({c[2][1:] for c in commands if "--decision" not in c}) == shipped
    assert sum("--decision" in c for c in commands) == 2
    for command in commands:
        assert command[:2] == ["--date", "2026-06-01"]
        dots = [o for o in _outputs(command) if o.endswith(".dot")]
        assert len(dots) == 1 and dots[0][:-4] + ".svg" in _outputs(command), command


@pytest.mark.parametrize("command", makefile_diagram_commands(), ids=lambda c: _outputs(c)[0])
def test_committed_diagrams_are_current(command):
    """Each committed diagrams/*.dot is what its Makefile line draws today; run `make diagrams` if not."""
    target = next(o for o in _outputs(command) if o.endswith(".dot"))
    args = [a for i, a in enumerate(command) if a != "-o" and (i == 0 or command[i - 1] != "-o")]
    code, dot = diagram(*args, "-o", "-")
    assert code == 0, dot
    committed = ROOT / target
    assert committed.exists(), f"{target} is missing: run `make diagrams`"
    assert dot == committed.read_text(encoding="utf-8"), f"{target} is stale: run `make diagrams`"


def test_every_committed_drawing_comes_from_the_makefile():
    """No stray file in diagrams/: every DOT, SVG and PNG there is written by a line of `make diagrams`."""
    written = {o for c in makefile_diagram_commands() for o in _outputs(c)}
    present = {f"diagrams/{p.name}" for p in (ROOT / "diagrams").iterdir() if p.suffix in (".dot", ".svg", ".png")}
    assert present == written


@needs_dot
@pytest.mark.dot
@pytest.mark.parametrize("dot_file", sorted((ROOT / "diagrams").glob("*.dot")), ids=lambda p: p.name)
def test_every_committed_diagram_is_legible_on_a4(dot_file):
    """Each committed diagram, printed on A4, has no text under 9 pt."""
    dot = dot_file.read_text(encoding="utf-8")
    assert 'size="11.19,7.77"' in dot
    assert min(printed_sizes(dot)) >= 9 - 1e-6


def _shipped_ids() -> set[str]:
    """Every id of the shipped packs with a dash or a dot in it (so not a plain word)."""
    ids: set[str] = set()
    for name in ("england", "london", "city-and-hackney", "team-hackney"):
        pack = open_rules([f"@{name}"], "native").pack
        ids |= {*pack.bodies, *pack.functions, *pack.sources, *(r.id for r in pack.rules())}
    return {i for i in ids if "-" in i or "." in i}


@pytest.mark.parametrize("dot_file", sorted((ROOT / "diagrams").glob("*.dot")), ids=lambda p: p.name)
def test_no_committed_diagram_shows_an_id(dot_file):
    """What a reader sees of each committed diagram names bodies, functions, sources and rules in words."""
    seen = "\n".join(visible_texts(dot_file.read_text(encoding="utf-8")))
    leaked = sorted(i for i in _shipped_ids() if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", seen))
    assert not leaked, leaked


@needs_dot
@pytest.mark.dot
def test_committed_svgs_are_rendered_from_the_committed_dot():
    """Each diagrams/*.svg is what `dot` renders from the DOT beside it (checked with the Graphviz
    version that wrote it: another version lays out the same DOT a little differently)."""
    version = re.compile(rb"<!-- Generated by graphviz version ([^\n]*)")
    for dot_file in sorted((ROOT / "diagrams").glob("*.dot")):
        svg = render(dot_file.read_text(encoding="utf-8"), "svg")
        committed = dot_file.with_suffix(".svg").read_bytes()
        if version.search(svg).group(1) != version.search(committed).group(1):
            pytest.skip("the committed SVGs were written by another version of Graphviz")
        assert svg == committed, f"{dot_file.name}: run `make diagrams`"


def test_the_readme_shows_a_printed_page_small_enough_to_commit():
    """The README shows one committed page of a diagram, a PNG under 300 KB."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\((diagrams/[^)]+\.png)\)", readme)
    assert len(images) == 1
    assert (ROOT / images[0]).stat().st_size < 300_000
