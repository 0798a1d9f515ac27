"""Diagrams: DOT text against golden files, escaping, determinism, filters, highlighting, rendering, `diagrams/`."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from vires.api import derive
from vires.cli.main import cli
from vires.engine.question import Question
from vires.errors import QuestionError, RenderError
from vires.outputs.diagram import View, render, to_dot
from vires.outputs.diagram.dot_language import wrap
from vires.outputs.diagram.write_dot import short_cite, short_functions
from vires.pack.model import (
    Body,
    Condition,
    Delegation,
    Document,
    Function,
    Pack,
    PackInfo,
    Power,
    Selector,
    Source,
    Validity,
)

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
CONFORMANCE = str(ROOT / "tests" / "conformance" / "pack.yaml")
DATE = dt.date(2026, 6, 1)
REGENERATE = os.environ.get("VIRES_REGENERATE_GOLDEN") == "1"


def _source(section: str, ref: str = "act") -> Source:
    return Source(ref=ref, section=section)


def board_pack(reverse: bool = False) -> Pack:
    """A small place: an ICB and a council with committees, officers and a partnership; one name full
    of markup; a proposed, a revoked and a time-limited delegation; accountability; a URL with `&`."""
    bodies = [
        Body(id="icb", name="Example Integrated Care Board", kind="statutory-body", type="icb", level="system"),
        Body(
            id="place", name="Place Committee", kind="committee", part_of="icb", level="place", accountable_to=("icb",)
        ),
        Body(id="director", name="Place Director", kind="officer", part_of="icb", level="place"),
        Body(id="council", name="Example Council", kind="statutory-body", type="council", level="place"),
        Body(id="cabinet", name="Cabinet", kind="committee", part_of="council", level="place"),
        Body(id="leader", name="Leader of the Council", kind="member", part_of="council", level="place"),
        Body(
            id="hwb",
            name='Health & Wellbeing Board "<b>"\nof Example',
            kind="committee",
            part_of="council",
            level="place",
            type="hwb",
            accountable_to=("council",),
        ),
        Body(
            id="hwb-sub", name="Neighbourhood Sub-Committee", kind="sub-committee", part_of="hwb", level="neighbourhood"
        ),
        Body(
            id="board",
            name="Partnership Board",
            kind="partnership",
            level="place",
            statutory=False,
            members=("council", "icb"),
        ),
        Body(
            id="task",
            name="Task and Finish Group",
            kind="group",
            level="neighbourhood",
            statutory=False,
            valid=Validity(start=dt.date(2026, 1, 1), until=dt.date(2026, 3, 31)),
        ),
        Body(id="nhse", name="NHS England", kind="statutory-body", level="national"),
    ]
    functions = [
        Function(id="care", name="Care", declared=False),
        Function(id="care.contracts", name="Award care contracts"),
        Function(id="care.grants", name="Award small grants"),
        Function(id="health", name="Health", declared=False),
        Function(id="health.strategy", name="Set the health strategy"),
        Function(id="finance.budget", name="Spend the budget"),
        Function(id="finance", name="Finance", declared=False),
    ]
    powers = [
        Power(id="p-icb", holder=(Selector(type=("icb",)),), functions=("care",), source=_source("s.3")),
        Power(id="p-hwb", holder=(Selector(type=("hwb",)),), functions=("health",), source=_source("s.194")),
        Power(
            id="p-council",
            holder=(Selector(body=("council",)),),
            functions=("finance",),
            limit=10_000_000,
            source=_source("Part 3", "constitution"),
        ),
    ]
    delegations = [
        Delegation(
            id="d-icb-place",
            from_="icb",
            to="place",
            functions=("care",),
            limit=5_000_000,
            delegable=True,
            source=Source(ref="sord", section="4.2", quote="The Board delegates to the Place Committee"),
            conditions=(Condition.of(report_to=(("icb", "quarter"),)),),
        ),
        Delegation(
            id="d-place-director",
            from_="place",
            to="director",
            functions=("care.contracts",),
            limit=250_000,
            source=Source(ref="sord", section="4.3"),
            conditions=(Condition.of(consult=("board",)),),
        ),
        Delegation(
            id="d-place-board",
            from_="place",
            to="board",
            functions=("care.grants",),
            status="proposed",
            limit=50_000,
            source=Source(ref="mou", clause="7"),
        ),
        Delegation(
            id="d-council-cabinet",
            from_="council",
            to="cabinet",
            functions=("finance.budget",),
            limit=2_400_000,
            source=_source("Part 3, 4.1", "constitution"),
        ),
        Delegation(
            id="d-council-leader",
            from_="council",
            to="leader",
            functions=("finance.budget",),
            status="revoked",
            source=_source("Part 3, 4.2", "constitution"),
        ),
        Delegation(id="d-hwb-sub", from_="hwb", to="hwb-sub", functions=("health.strategy",), source=_source("s.102")),
        Delegation(
            id="d-hwb-task",
            from_="hwb",
            to="task",
            functions=("health.strategy",),
            valid=Validity(start=dt.date(2026, 1, 1), until=dt.date(2026, 3, 31)),
            source=_source("s.102"),
        ),
    ]
    sources = [
        Document(
            id="act",
            title="Example Health and Care Act 2020",
            kind="statute",
            url="https://example.org/act?part=3&section=1",
        ),
        Document(id="sord", title="Example ICB Scheme of Reservation and Delegation", kind="scheme"),
        Document(id="constitution", title="Example Council Constitution", kind="constitution"),
        Document(id="mou", title="Partnership MOU", kind="mou"),
    ]
    order = reversed if reverse else list
    by_id = lambda items: {x.id: x for x in order(items)}  # noqa: E731
    return Pack(
        packs=(PackInfo(id="board", title="Example place <board pack>", root="."),),
        sources=by_id(sources),
        bodies=by_id(bodies),
        functions=by_id(functions),
        powers=by_id(powers),
        delegations=by_id(delegations),
    )


@pytest.fixture(scope="module")
def rules():
    return derive(board_pack(), "native")


def _question(body: str, decision: str, **extra) -> Question:
    return Question(body=body, decision=decision, date=DATE, **extra)


VIEWS = {
    "board": View(),
    "board-function": View(function="care"),
    "board-body": View(body="place"),
    "board-dated": View(date=DATE),
    "board-chain": View(question=_question("director", "care.contracts", amount=200_000)),
    "board-denied": View(question=_question("board", "care.grants")),
}


def check_golden(name: str, text: str) -> None:
    """Compare `text` with tests/golden/NAME; VIRES_REGENERATE_GOLDEN=1 rewrites the file for review."""
    path = GOLDEN / name
    if REGENERATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with VIRES_REGENERATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def _ranks(text: str) -> dict[str, int]:
    """Node -> rank, read from the `rank=same` groups of a drawing."""
    ranks = {}
    for line in text.splitlines():
        match = re.match(r'\s*\{rank=same; "rank:(\d+)"; (.*)\}', line)
        if match:
            ranks.update({n: int(match.group(1)) for n in re.findall(r'"((?:[^"\\]|\\.)*)";', match.group(2))})
    return ranks


def _unwrap(text: str) -> str:
    """Label text with its line breaks undone (a break after a dot in an id joins without a space)."""
    return re.sub(r"\.<BR/>", ".", text).replace("<BR/>", " ")


def _edges(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if " -> " in line and 'style="invis"' not in line]


# ---- DOT text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_dot_matches_golden(rules, name):
    """Each view of the board pack writes exactly the DOT in tests/golden/NAME.dot."""
    check_golden(f"{name}.dot", to_dot(rules, VIEWS[name]))


def test_same_bytes_whatever_the_order_of_the_pack(rules):
    """Two runs, and a pack whose entities were declared in the opposite order, give the same bytes."""
    for view in VIEWS.values():
        text = to_dot(rules, view)
        assert text == to_dot(rules, view)
        assert text == to_dot(derive(board_pack(reverse=True), "native"), view)


def test_labels_are_escaped(rules):
    """Quotes, `<`, `&` and newlines in a name reach the DOT escaped, never as markup or a broken string."""
    text = to_dot(rules, View())
    line = next(line for line in text.splitlines() if line.strip().startswith('"hwb" ['))
    assert "Health &amp; Wellbeing Board &quot;&lt;b&gt;&quot; of Example" in _unwrap(line)
    assert "<b>" not in line.split("tooltip=")[0]  # the tooltip is a plain string, where <b> is text
    tooltip = re.search(r'tooltip="((?:[^"\\]|\\.)*)"', line).group(1)
    assert tooltip.startswith('Health &amp; Wellbeing Board \\"<b>\\"\\nof Example (hwb)')
    assert 'URL="https://example.org/act?part=3&amp;section=1"' in text  # valid in SVG, read as `&`
    assert "label=<<B>Example place &lt;board pack&gt;</B>" in text


def test_wrap_breaks_long_names_and_ids_at_sensible_places():
    """Names wrap at spaces, ids after a dot, so long labels stay narrow; nothing is lost."""
    assert wrap("Hackney Health and Wellbeing Board", 18) == "Hackney Health and<BR/>Wellbeing Board"
    assert (
        wrap("nhs-commissioning.contracts.award up to £250k", 18)
        == "nhs-commissioning.<BR/>contracts.award up<BR/>to £250k"
    )
    assert wrap("population-health.jhws, .jsna", 24) == "population-health.jhws,<BR/>.jsna"


def test_short_names_for_functions_and_sources():
    """Sibling functions share their parent on a label; Acts and SIs are cited as a clerk would."""
    assert short_functions(["nhp.develop", "nhp.deliver"]) == "nhp.develop, .deliver"
    assert short_functions(["a", "b", "c", "d"]) == "a, b +2 more"
    pack = Pack(
        sources={
            d.id: d
            for d in [
                Document(id="a", title="Local Government and Public Involvement in Health Act 2007", kind="statute"),
                Document(
                    id="b",
                    title="Local Authority (Public Health, Health and Wellbeing Boards and Health Scrutiny) "
                    "Regulations 2013 (SI 2013/218)",
                    kind="regulation",
                ),
                Document(id="c", title="Care Act 2014", kind="statute"),
            ]
        }
    )
    assert short_cite(pack, Source(ref="a", section="s.116A")) == "LGPIHA 2007 s.116A"
    assert short_cite(pack, Source(ref="b", section="reg 3")) == "SI 2013/218 reg 3"
    assert short_cite(pack, Source(ref="c", clause="2")) == "Care Act 2014 clause 2"


def test_bodies_are_shaped_by_kind_and_grouped_by_organisation(rules):
    """Each kind has its own shape; a body and what is part of it share a cluster, nested."""
    text = to_dot(rules, View())
    shapes = {node: shape for node, shape in re.findall(r'^\s*"([\w-]+)" \[.*shape="(\w+)"', text, re.M)}
    assert shapes["icb"] == shapes["council"] == "box" and shapes["director"] == "ellipse"
    assert shapes["board"] == "hexagon" and shapes["task"] == "note"
    council = text.index('subgraph "cluster_council"')
    hwb = text.index('subgraph "cluster_hwb"')
    assert council < hwb < text.index('"hwb-sub" [')


def test_levels_run_from_national_at_the_top_to_neighbourhood_at_the_bottom(rules):
    """Every body of a higher level has a lower rank than every body of a lower level."""
    pack = board_pack()
    ranks = _ranks(to_dot(rules, View()))
    order = ["national", "region", "system", "place", "neighbourhood"]
    for a in pack.bodies.values():
        for b in pack.bodies.values():
            if order.index(a.level) < order.index(b.level):
                assert ranks[a.id] < ranks[b.id], (a.id, b.id)


def test_delegators_stand_above_their_delegates_and_labels_between(rules):
    """A delegation's label is a node in the rank after its delegator's, above the delegate."""
    ranks = _ranks(to_dot(rules, View()))
    assert ranks["place"] < ranks["label:place:director:in-force"] < ranks["director"]
    assert ranks["council"] < ranks["cabinet"]


def test_delegations_solid_proposed_dashed_revoked_left_out_accountability_dotted(rules):
    """In-force lines are solid, proposed dashed, revoked absent; accountable_to is a dotted line."""
    text = to_dot(rules, View())
    edges = _edges(text)
    assert any(e.startswith('"label:place:director:in-force" -> "director"') and "style" not in e for e in edges)
    assert any(e.startswith('"label:place:board:proposed" -> "board"') and 'style="dashed"' in e for e in edges)
    assert "d-council-leader" not in text
    assert any(e.startswith('"place" -> "icb"') and 'style="dotted"' in e for e in edges)


def test_labels_name_functions_and_short_limits(rules):
    """A delegation's label gives its functions and its limit as `up to £2.4m`."""
    text = to_dot(rules, View())
    label = next(line for line in text.splitlines() if line.strip().startswith('"label:council:cabinet:in-force"'))
    assert "finance.budget up to £2.4m" in _unwrap(label)
    assert "proposed: care.grants up to £50k" in _unwrap(text)


def test_powers_are_written_in_their_holders_with_the_citation_in_full_in_the_tooltip(rules):
    """A holder's box names its powers by short source; its tooltip cites the source in full."""
    text = to_dot(rules, View())
    council = next(line for line in text.splitlines() if line.strip().startswith('"council" ['))
    assert "power: Example Council Constitution: finance up to £10m" in _unwrap(council)
    assert "source: Example Council Constitution, Part 3" in council


def test_function_filter_keeps_only_what_bears_on_the_function(rules):
    """--function keeps the rules covering it or part of it, their bodies and organisations, nothing else."""
    text = to_dot(rules, View(function="care.contracts"))
    assert '"place" -> "label:place:director:in-force"' in text
    assert "label:council:cabinet" not in text and '"cabinet" [' not in text
    assert "label:place:board" not in text  # care.grants does not bear on care.contracts
    assert '"icb" [' in text


def test_body_filter_keeps_the_chains_through_the_body(rules):
    """--body keeps where the body's authority comes from and where it goes, and no other delegation."""
    text = to_dot(rules, View(body="place"))
    for kept in ("label:icb:place:in-force", "label:place:director:in-force", "label:place:board:proposed"):
        assert f'"{kept}"' in text
    assert "label:council:cabinet" not in text and "label:hwb:hwb-sub" not in text


def test_date_leaves_out_rules_and_bodies_not_valid_on_it(rules):
    """With a date, a delegation and a body whose periods have ended are not drawn."""
    assert '"task" [' in to_dot(rules, View())
    text = to_dot(rules, View(date=DATE))
    assert '"task" [' not in text and "label:hwb:task" not in text


def test_highlight_draws_the_chosen_chain_in_red_and_the_rest_in_grey(rules):
    """--decision/--body: the chain `ask` chooses is red and bold, everything else grey."""
    question = _question("director", "care.contracts", amount=200_000)
    answer = rules.ask(question)
    assert [link["rule"] for link in answer["chains"][0]["links"]] == ["p-icb", "d-icb-place", "d-place-director"]
    text = to_dot(rules, View(question=question))
    for node in ("icb", "place", "director"):
        assert 'color="#c00000"' in next(line for line in text.splitlines() if line.strip().startswith(f'"{node}" ['))
    for edge in ("label:icb:place:in-force", "label:place:director:in-force"):
        assert any(e.startswith(f'"{edge}" ->') and 'color="#c00000"' in e for e in _edges(text))
    council = next(line for line in text.splitlines() if line.strip().startswith('"council" ['))
    assert 'color="#c8c8c8"' in council
    assert "Conditional: the chosen chain is drawn in red (limit £250,000); 1 condition(s) outstanding" in text


def test_a_denied_question_is_said_so_in_the_title(rules):
    """A denied highlight draws no red chain and names the reasons in the title."""
    text = to_dot(rules, View(question=_question("board", "care.grants")))
    assert "Denied: proposed-not-in-force" in text
    assert not any('color="#c00000"' in e for e in _edges(text) if not e.startswith('"key:'))


def test_unknown_body_or_function_is_an_error_with_a_hint(rules):
    """An undeclared --body or --function raises QuestionError (exit 2) naming the nearest id."""
    with pytest.raises(QuestionError) as error:
        to_dot(rules, View(body="plac"))
    assert "did you mean `place`" in str(error.value)


def test_law_without_bodies_draws_the_kinds_of_body_it_grants_powers_to():
    """A pack with powers but no bodies shows each holder selector with its powers, not an empty page."""
    pack = board_pack()
    rules = derive(Pack(packs=pack.packs, sources=pack.sources, functions=pack.functions, powers=pack.powers), "native")
    text = to_dot(rules, View())
    assert '"holder:Any body with type icb"' in text and "power: EHCA 2020: care" in text


# ---- rendering -------------------------------------------------------------------------------------


@pytest.mark.dot
def test_svg_carries_citations_as_tooltips_and_sources_as_links(rules):
    """In SVG, a delegation's tooltip gives its citation, and a source's URL is a link."""
    svg = render(to_dot(rules, View()), "svg").decode("utf-8")
    assert "Example ICB Scheme of Reservation and Delegation, 4.2" in svg
    assert 'xlink:href="https://example.org/act?part=3&amp;section=1"' in svg
    assert "Health &amp; Wellbeing Board &quot;&lt;b&gt;&quot;" in svg


@pytest.mark.dot
def test_png_and_pdf_render_and_svg_is_the_same_every_run(rules):
    """PNG and PDF come out as such; SVG rendered twice is byte for byte the same."""
    text = to_dot(rules, View(question=_question("director", "care.contracts")))
    assert render(text, "png").startswith(b"\x89PNG")
    assert render(text, "pdf").startswith(b"%PDF")
    assert render(text, "svg") == render(text, "svg")


def test_missing_dot_raises_render_error_naming_graphviz(rules, monkeypatch):
    """Without `dot` on the PATH, rendering raises RenderError (exit 2) naming Debian's `graphviz`."""
    monkeypatch.setenv("PATH", "")
    with pytest.raises(RenderError) as error:
        render(to_dot(rules, View()), "svg")
    assert error.value.exit_code == 2 and "`graphviz`" in str(error.value)
    assert render("digraph {}\n", "dot") == b"digraph {}\n"  # DOT needs no Graphviz


def test_cli_without_dot_exits_2_and_names_graphviz(monkeypatch, tmp_path):
    """`vires diagram … -o x.svg` with PATH emptied exits 2 with one message naming `graphviz`."""
    monkeypatch.setenv("PATH", "")
    result = CliRunner().invoke(cli, ["diagram", CONFORMANCE, "--engine", "native", "-o", str(tmp_path / "x.svg")])
    assert result.exit_code == 2, result.output
    assert "graphviz" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.svg").exists()


def test_cli_writes_dot_to_stdout_and_refuses_unknown_suffixes(tmp_path):
    """`-o -` prints the DOT; `-o x.gif` exits 2 naming the suffixes it can write."""
    runner = CliRunner()
    result = runner.invoke(cli, ["diagram", CONFORMANCE, "--engine", "native", "-o", "-"])
    assert result.exit_code == 0 and result.output.startswith("digraph vires {")
    result = runner.invoke(cli, ["diagram", CONFORMANCE, "--engine", "native", "-o", str(tmp_path / "x.gif")])
    assert result.exit_code == 2 and ".svg" in result.output


def test_cli_question_options_need_decision():
    """--amount without --decision, or --decision without --body, is a usage error (exit 2)."""
    runner = CliRunner()
    assert runner.invoke(cli, ["diagram", CONFORMANCE, "--amount", "2m", "-o", "-"]).exit_code == 2
    assert runner.invoke(cli, ["diagram", CONFORMANCE, "--decision", "finance.budget", "-o", "-"]).exit_code == 2


# ---- diagrams/: the committed drawings of the shipped packs ----------------------------------------


def makefile_diagram_commands() -> list[list[str]]:
    """The arguments of each `$(BIN)/vires diagram` line of the Makefile's `diagrams` target."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    recipe = text.split("\ndiagrams:", 1)[1].split("\n\n", 1)[0]
    return [
        shlex.split(line.split("$(BIN)/vires diagram", 1)[1])
        for line in recipe.splitlines()
        if "$(BIN)/vires diagram" in line
    ]


def test_makefile_draws_every_shipped_pack_and_two_chains():
    """`make diagrams` draws each shipped pack and two chains, each as DOT with an SVG beside it."""
    commands = makefile_diagram_commands()
    shipped = sorted(p.name for p in (ROOT / "rules").iterdir() if (p / "pack.yaml").exists())
    assert sorted(c[0][1:] for c in commands if "--decision" not in c) == shipped
    assert sum("--decision" in c for c in commands) == 2
    for command in commands:
        outputs = [command[i + 1] for i, arg in enumerate(command) if arg == "-o"]
        dots = [o for o in outputs if o.endswith(".dot")]
        assert len(dots) == 1 and dots[0][:-4] + ".svg" in outputs, command


@pytest.mark.parametrize("command", makefile_diagram_commands(), ids=lambda c: c[c.index("-o") + 1])
def test_committed_diagrams_are_current(command):
    """Each committed diagrams/*.dot is what its Makefile line draws today; run `make diagrams` if not."""
    target = next(command[i + 1] for i, arg in enumerate(command) if arg == "-o" and command[i + 1].endswith(".dot"))
    args = [a for i, a in enumerate(command) if a != "-o" and (i == 0 or command[i - 1] != "-o")]
    result = CliRunner().invoke(cli, ["diagram", *args, "-o", "-"])
    assert result.exit_code == 0, result.output
    committed = ROOT / target
    assert committed.exists(), f"{target} is missing: run `make diagrams`"
    assert result.output == committed.read_text(encoding="utf-8"), f"{target} is stale: run `make diagrams`"
    assert (ROOT / (target[:-4] + ".svg")).exists()


def test_every_committed_drawing_comes_from_the_makefile():
    """No stray file in diagrams/: every DOT and SVG there is written by a line of `make diagrams`."""
    written = {o for c in makefile_diagram_commands() for i, o in enumerate(c) if i and c[i - 1] == "-o"}
    present = {f"diagrams/{p.name}" for p in (ROOT / "diagrams").iterdir() if p.suffix in (".dot", ".svg")}
    assert present == written


@pytest.mark.dot
def test_committed_svgs_are_rendered_from_the_committed_dot():
    """Each diagrams/*.svg is what `dot` renders from the DOT beside it (checked with the Graphviz
    version that wrote it: another version lays out the same DOT a little differently)."""
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed")
    version = re.compile(rb"<!-- Generated by graphviz version ([^\n]*)")
    for dot_file in sorted((ROOT / "diagrams").glob("*.dot")):
        svg = render(dot_file.read_text(encoding="utf-8"), "svg")
        committed = dot_file.with_suffix(".svg").read_bytes()
        if version.search(svg).group(1) != version.search(committed).group(1):
            pytest.skip("the committed SVGs were written by another version of Graphviz")
        assert svg == committed, f"{dot_file.name}: run `make diagrams`"
