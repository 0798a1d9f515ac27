"""Diagrams as DOT text: golden files, escaping, determinism, views, names not ids, headings, greyed rules."""

from __future__ import annotations

import os
import re
from pathlib import Path

import attrs
import pytest
from diagram_board import DATE, board_pack, labels, node_line, visible_texts

from vires.api import derive, open_rules
from vires.engine.question import Question
from vires.errors import QuestionError, RenderError
from vires.outputs.diagram import View, to_dot
from vires.outputs.diagram.inactive import inactive_notes
from vires.pack.model import Delegation, Pack, Power, Prohibition, Selector, Source

GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("VIRES_REGENERATE_GOLDEN") == "1"


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
    "board-chain": View(date=DATE, question=_question("director", "care.contracts", amount=200_000)),
    "board-denied": View(date=DATE, question=_question("board", "care.grants")),
    "board-council": View(date=DATE, organisation="council"),
    "board-overview": View(date=DATE, overview=True),
    "board-chain-only": View(date=DATE, question=_question("director", "care.contracts"), chain_only=True),
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


def _label_of(text: str, node: str) -> str:
    """The words of a node's label, its line breaks undone."""
    return " ".join(visible_texts(node_line(text, node)))


def _edges(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if " -> " in line and 'style="invis"' not in line]


def _heading(text: str) -> str:
    """The words of the drawing's heading (the graph's label, the key left out)."""
    graph = next(line for line in text.splitlines() if line.startswith("  graph "))
    heading = labels(graph)[0].split('<TD WIDTH="18">')[0]
    return " ".join(visible_texts(f"label=<{heading}>"))


# ---- DOT text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_dot_matches_golden(rules, name):
    """Each view of the board pack writes exactly the DOT in tests/golden/NAME.dot."""
    check_golden(f"{name}.dot", to_dot(rules, VIEWS[name]))


def test_same_bytes_whatever_the_order_of_the_pack(rules):
    """Two runs, and a pack whose entities were declared in the opposite order, give the same bytes."""
    reverse = derive(board_pack(reverse=True), "native")
    for view in VIEWS.values():
        text = to_dot(rules, view)
        assert text == to_dot(rules, view)
        assert text == to_dot(reverse, view)


def test_labels_are_escaped(rules):
    """Quotes, `<`, `&` and newlines in a name reach the DOT escaped, never as markup or a broken string."""
    text = to_dot(rules, View())
    line = node_line(text, "hwb")
    assert _label_of(text, "hwb").startswith('Health & Wellbeing Board "<b>" of Example')
    assert "&quot;&lt;b&gt;&quot;" in line
    assert "<b>" not in line.split("tooltip=")[0]  # the tooltip is a plain string, where <b> is text
    tooltip = re.search(r'tooltip="((?:[^"\\]|\\.)*)"', line).group(1)
    assert tooltip.startswith('Health &amp; Wellbeing Board \\"<b>\\"\\nof Example (hwb)')
    assert 'URL="https://example.org/act?part=3&amp;section=1"' in text  # valid in SVG, read as `&`
    assert "Example place &lt;board pack&gt;" in text


def test_bodies_are_shaped_by_kind_and_grouped_by_organisation(rules):
    """Each kind has its own box; a body and what is part of it share a cluster, nested."""
    text = to_dot(rules, View())
    style = lambda node: re.search(r'shape="(\w+)", style="([\w,]+)"', node_line(text, node)).groups()  # noqa: E731
    assert style("icb") == style("council") == ("box", "filled,bold")
    assert style("director") == ("box", "filled,diagonals")  # a person: cut corners
    assert style("task") == ("note", "filled") and 'peripheries="2"' in node_line(text, "board")
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
    """A delegation's label names what it passes on, in words, and its limit as `up to £2.4m`."""
    text = to_dot(rules, View())
    assert _label_of(text, "label:council:cabinet:in-force") == "Spend the budget up to £2.4m"
    assert _label_of(text, "label:place:board:proposed") == "proposed: Award small grants up to £50k"
    assert _label_of(text, "label:icb:place:in-force") == "Care up to £5m"  # a function only implied by its parts


def test_powers_are_written_in_their_holders_with_the_citation_in_full_in_the_tooltip(rules):
    """A holder's box names its powers with a short citation; its tooltip cites the source in full."""
    council = node_line(to_dot(rules, View()), "council")
    assert "Finance up to £10m (Example Council Constitution, Part 3)" in _label_of(council, "council")
    assert "source: Example Council Constitution, Part 3" in council


def test_a_reserved_matter_is_drawn_on_the_body_it_is_reserved_to(rules):
    """A reservation is a line of its own in the box of the body it binds, with its source."""
    text = to_dot(rules, View(date=DATE))
    assert "reserved to it: Spend the budget (Example Council Constitution, Part 3, 2.1)" in _label_of(text, "council")
    assert "reservation r-council-budget" in node_line(text, "council")  # the tooltip names the rule
    assert "reserved to it" not in _label_of(text, "cabinet")


def test_a_reserved_matter_is_never_counted_away_among_many_powers():
    """Past four lines a box counts its powers ("+2 more powers"), but names every reserved matter."""
    pack = board_pack()
    extra = {
        f"p-extra-{n}": Power(
            id=f"p-extra-{n}",
            holder=(Selector(body=("council",)),),
            functions=("health",),
            source=Source(ref="act", section=f"s.{n}"),
        )
        for n in range(1, 5)
    }
    rules = derive(attrs.evolve(pack, powers={**pack.powers, **extra}), "native")
    label = _label_of(to_dot(rules, View(date=DATE)), "council")
    assert "+3 more powers" in label and "reserved to it: Spend the budget" in label


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


def test_rules_that_confer_nothing_are_grey_with_the_reason(rules):
    """On a date, a delegation that passes nothing on is a grey line whose label says why after a cross;
    with hide_inactive it is left out."""
    text = to_dot(rules, View(date=DATE))
    assert _label_of(text, "label:director:deputy:inactive") == (
        "Award care contracts up to £100k ✕ not delegable beyond the Place Director"
    )
    assert _label_of(text, "label:place:board:inactive") == "Award small grants up to £50k ✕ proposed"
    assert 'fontcolor="#999999"' in node_line(text, "label:place:board:inactive")
    hidden = to_dot(rules, View(date=DATE, hide_inactive=True))
    assert "label:director:deputy" not in hidden and "label:place:board" not in hidden
    adopted = to_dot(rules, View(date=DATE, include_proposed=True))
    assert '"label:place:board:proposed"' in adopted  # adopted, it works


def _with(pack: Pack, delegation: Delegation, prohibition: Prohibition | None = None) -> Pack:
    """`pack` with one more delegation (and prohibition)."""
    prohibitions = {prohibition.id: prohibition} if prohibition else {}
    return attrs.evolve(pack, delegations={**pack.delegations, delegation.id: delegation}, prohibitions=prohibitions)


def test_a_reserved_or_prohibited_matter_is_grey_with_its_reason():
    """A delegation of a matter reserved to its delegator, or to a body a prohibition bars, confers nothing."""
    to_leader = Delegation(
        id="d-leader", from_="council", to="leader", functions=("finance.budget",), source=Source(ref="constitution")
    )
    reserved = derive(_with(board_pack(), to_leader), "native")
    assert inactive_notes(reserved, [to_leader], DATE, False) == {"d-leader": "reserved to the Example Council"}
    to_deputy = attrs.evolve(board_pack().delegations["d-place-director"], id="d-deputy", to="deputy")
    barred = Prohibition(
        id="no-officer-contracts",
        applies_to=(Selector(body=("deputy",)),),
        functions=("care.contracts",),
        source=Source(ref="mou", clause="9"),
    )
    prohibited = derive(_with(board_pack(), to_deputy, barred), "native")
    assert inactive_notes(prohibited, [to_deputy], DATE, False) == {
        "d-deputy": "prohibited by Partnership MOU, clause 9"
    }


@pytest.mark.parametrize(
    "pack, delegation, proposals, note",
    [
        (
            "@city-and-hackney",
            "hackney-hwbb-nhp-to-partnership-board",
            False,
            "proposed, and not delegable to a partnership",
        ),
        ("@city-and-hackney", "hackney-hwbb-nhp-to-partnership-board", True, "not delegable to a partnership"),
        ("@city-and-hackney", "hackney-hwbb-jsna-to-dph", True, "not delegable to an officer"),
        ("@city-and-hackney", "hackney-hwbb-nhp-to-subcommittee", False, "proposed"),
        ("@city-and-hackney", "hackney-hwbb-nhp-to-subcommittee", True, None),
    ],
)
def test_notes_say_why_a_shipped_delegation_confers_nothing(pack, delegation, proposals, note):
    """The note on a shipped delegation that confers nothing on 1 June 2026, with and without proposals."""
    rules = open_rules([pack], "native")
    notes = inactive_notes(rules, rules.pack.delegations.values(), DATE, proposals)
    assert notes.get(delegation) == note


def test_highlight_draws_the_chosen_chain_in_red_and_the_rest_in_grey(rules):
    """--decision/--body: the chain `ask` chooses is red and bold, everything else grey."""
    question = _question("director", "care.contracts", amount=200_000)
    answer = rules.ask(question)
    assert [link["rule"] for link in answer["chains"][0]["links"]] == ["p-icb", "d-icb-place", "d-place-director"]
    text = to_dot(rules, View(date=DATE, question=question))
    for node in ("icb", "place", "director"):
        assert 'color="#c00000"' in node_line(text, node)
    for edge in ("label:icb:place:in-force", "label:place:director:in-force"):
        assert any(e.startswith(f'"{edge}" ->') and 'color="#c00000"' in e for e in _edges(text))
    assert 'color="#c8c8c8"' in node_line(text, "council")


def test_the_heading_asks_the_question_in_words(rules):
    """The heading asks the question with names, amount and date, and answers it; then how it is drawn."""
    heading = _heading(to_dot(rules, VIEWS["board-chain"]))
    assert "May the Place Director award care contracts for £200k on 1 June 2026? Conditional." in heading
    assert "In red: the chain that gives it authority (limit £250,000)." in heading
    assert "Still needed: consult Partnership Board." in heading


def test_a_denied_question_is_said_so_in_the_heading(rules):
    """A denied highlight draws no red chain and says why in words."""
    text = to_dot(rules, VIEWS["board-denied"])
    heading = _heading(text)
    assert "May the Partnership Board award small grants on 1 June 2026? Denied." in heading
    assert "Why not: a delegation is only proposed." in heading
    assert not any('color="#c00000"' in e for e in _edges(text))


@pytest.mark.parametrize("name", ["board-dated", "board-council", "board-overview"])
def test_a_plain_diagram_states_its_date(rules, name):
    """A diagram without a question says in its heading the date it shows."""
    assert "Powers and delegations on 1 June 2026" in _heading(to_dot(rules, VIEWS[name]))


def test_names_stand_for_ids_and_short_names_for_long_ones(rules):
    """Boxes and headings give names; a name longer than 40 characters gives way to its short name."""
    pack = board_pack()
    long_name = attrs.evolve(pack.bodies["icb"], name="Example Integrated Care Board for a Very Large Place")
    rules_long = derive(attrs.evolve(pack, bodies={**pack.bodies, "icb": long_name}), "native")
    assert _label_of(to_dot(rules, View()), "icb").startswith("Example Integrated Care Board")
    assert _label_of(to_dot(rules_long, View()), "icb").startswith("Example ICB")


def _ids(pack: Pack) -> set[str]:
    """The ids a reader must never meet in a drawing: those with a dash or a dot (so not plain words)."""
    ids = {*pack.bodies, *pack.functions, *pack.sources, *(r.id for r in pack.rules())}
    return {i for i in ids if "-" in i or "." in i}


SHIPPED_VIEWS = [
    ("@england", View(date=DATE)),
    ("@london", View(date=DATE)),
    ("@team-hackney", View(date=DATE)),
    ("@city-and-hackney", View(date=DATE, overview=True)),
    ("@city-and-hackney", View(date=DATE, organisation="lb-hackney")),
    (
        "@city-and-hackney",
        View(
            date=DATE,
            question=_question(
                "hackney-hwbb-nhp-subcommittee", "neighbourhood-health-plan.deliver", include_proposed=True
            ),
        ),
    ),
]


@pytest.mark.parametrize("pack, view", SHIPPED_VIEWS, ids=lambda x: x if isinstance(x, str) else "")
def test_no_visible_label_contains_an_id(pack, view):
    """What a reader sees of a shipped pack's drawing names bodies, functions and sources, never by id."""
    rules = open_rules([pack], "native")
    seen = "\n".join(visible_texts(to_dot(rules, view)))
    leaked = sorted(i for i in _ids(rules.pack) if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", seen))
    assert not leaked, leaked


def test_box_text_is_wrapped_and_long_lists_counted(rules):
    """No line of a box runs past its width (a word longer than that stands alone); past four power
    lines a box says how many more."""
    rules_big = open_rules(["@city-and-hackney"], "native")
    text = to_dot(rules_big, View(date=DATE, organisation="lb-hackney"))
    for line in visible_texts(node_line(text, "lb-hackney")):
        assert len(line) <= 32 or " " not in line, line
    assert "+4 more" in _label_of(text, "lb-hackney")


def test_the_key_is_the_same_for_every_medium(rules):
    """The key is part of the heading's table; the hint to point at a line lives only in a tooltip."""
    text = to_dot(rules, View(date=DATE))
    seen = "\n".join(visible_texts(text))
    assert "Key" in seen and "a power it holds (source)" in seen and "valid on this date but confers nothing" in seen
    assert "Point at" not in seen
    assert "Point at a box or a line for its citations in full" in text  # the graph's tooltip, seen in SVG


def test_one_organisation_keeps_its_bodies_its_joint_bodies_and_the_far_ends_of_its_lines(rules):
    """--for: the organisation, everything part of it, the partnerships it is a member of, and the
    bodies at the other end of its delegations as names alone."""
    text = to_dot(rules, VIEWS["board-council"])
    for kept in ("council", "cabinet", "hwb", "hwb-sub", "board"):
        assert f'"{kept}" [' in text
    assert '"director" [' not in text and '"nhse" [' not in text
    assert '"place" [' in text and 'style="rounded,dashed"' in node_line(text, "place")  # drawn in full elsewhere
    assert "Award care contracts" not in _label_of(text, "place")  # its powers are on its own page


def test_the_overview_draws_each_organisation_once_with_the_lines_between_them(rules):
    """--overview: one box for each organisation, and a delegation between two of their bodies
    drawn between the organisations; the tooltip still names the bodies."""
    text = to_dot(rules, VIEWS["board-overview"])
    assert {n for n in ("icb", "council", "board", "nhse") if f'"{n}" [' in text} == {"icb", "council", "board", "nhse"}
    assert '"place" [' not in text and '"cabinet" [' not in text
    assert "3 bodies within" in _label_of(text, "icb")  # the Place Committee, the Director and the Deputy
    assert '"label:icb:board:inactive"' in text
    assert "delegation d-place-board: Place Committee → Partnership Board" in node_line(
        text, "label:icb:board:inactive"
    )


def test_chain_only_keeps_the_chain_and_what_its_bodies_are_part_of(rules):
    """--chain-only: the bodies of the chosen chain and their parents, its links, and nothing else."""
    text = to_dot(rules, VIEWS["board-chain-only"])
    bodies = set(re.findall(r'^\s*"([\w-]+)" \[', text, re.M))
    assert bodies == {"icb", "place", "director"}
    assert len([e for e in _edges(text) if e.startswith('"label:')]) == 2


def test_views_take_names_and_unknown_ones_are_an_error_with_a_hint(rules):
    """--body, --function and --for take an id, a name or a short name; an unknown one raises QuestionError
    (exit 2) naming the nearest."""
    assert to_dot(rules, View(organisation="example icb")) == to_dot(rules, View(organisation="icb"))
    assert to_dot(rules, View(function="Award care contracts")) == to_dot(rules, View(function="care.contracts"))
    with pytest.raises(QuestionError) as error:
        to_dot(rules, View(body="plac"))
    assert "did you mean Place Committee (`place`)?" in str(error.value)
    with pytest.raises(QuestionError) as error:
        to_dot(rules, View(organisation="councl"))
    assert "did you mean Example Council (`council`)?" in str(error.value)


def test_a_view_that_keeps_no_body_is_an_error_not_an_empty_page(rules):
    """A view with nothing in it (an organisation that does not exist on the date) raises RenderError (exit 2)."""
    with pytest.raises(RenderError) as error:
        to_dot(rules, View(date=DATE, organisation="task"))
    assert error.value.exit_code == 2
    assert "the view keeps no body on 1 June 2026: nothing to draw" in str(error.value)


def test_law_without_bodies_draws_the_kinds_of_body_it_grants_powers_to():
    """A pack with powers but no bodies shows each holder selector in words with its powers."""
    pack = board_pack()
    rules = derive(Pack(packs=pack.packs, sources=pack.sources, functions=pack.functions, powers=pack.powers), "native")
    text = to_dot(rules, View())
    assert '"holder:Any ICB"' in text and "Care (EHCA 2020 s.3)" in _label_of(text, "holder:Any ICB")
