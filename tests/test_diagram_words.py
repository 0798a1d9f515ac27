"""What a diagram says in words: names and short names, functions, citations, wrapping."""

from __future__ import annotations

import pytest

from vires.outputs.diagram.dot_language import wrap
from vires.outputs.diagram.words import a_type, body_name, function_name, functions_phrase, humane, short_cite
from vires.pack.model import Body, Document, Function, Pack, Source

PACK = Pack(
    bodies={
        b.id: b
        for b in [
            Body(
                id="icb",
                name="NHS North East London Integrated Care Board",
                short_name="NHS NEL ICB",
                kind="x",
                level="system",
            ),
            Body(
                id="hwb", name="Hackney Health and Wellbeing Board", short_name="Hackney HWB", kind="x", level="place"
            ),
            Body(id="long", name="A Name Well Over Forty Characters But None Shorter", kind="x", level="place"),
        ]
    },
    functions={
        f.id: f
        for f in [
            Function(id="nhp", name="nhp", declared=False),
            Function(id="nhp.develop", name="Develop the Neighbourhood Health Plan"),
            Function(id="nhp.deliver", name="Deliver the Neighbourhood Health Plan"),
            Function(
                id="nhp.approve", name="Approve (sign off) the Neighbourhood Health Plan", short_name="Approve it"
            ),
            Function(id="council-tax.set", name="Set the council tax"),
            Function(id="precept", name="Issue a precept"),
        ]
    },
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
            Document(id="d", title="Next Steps in Partnership Development for City and Hackney", kind="paper"),
            Document(id="e", title="National Health Service Act 2006", kind="statute"),
        ]
    },
)


@pytest.mark.parametrize(
    "body, name",
    [
        ("icb", "NHS NEL ICB"),  # over 40 characters: its short name
        ("hwb", "Hackney Health and Wellbeing Board"),  # short enough: the name itself
        ("long", "A Name Well Over Forty Characters But None Shorter"),  # long, but no short name: wrapped
    ],
)
def test_a_body_is_named_by_its_short_name_only_where_its_name_is_too_long(body, name):
    """A body's name stands in boxes and headings; its short name only where the name passes 40 characters."""
    assert body_name(PACK, body) == name


@pytest.mark.parametrize(
    "functions, phrase",
    [
        (["nhp.develop", "nhp.deliver"], "Develop and deliver the Neighbourhood Health Plan"),
        (["nhp.develop"], "Develop the Neighbourhood Health Plan"),
        (["council-tax.set", "precept"], "Set the council tax; issue a precept"),
        (["nhp"], "NHP"),
        (["nhp.approve"], "Approve it"),
        (
            ["nhp.develop", "nhp.deliver", "council-tax.set", "precept"],
            "Develop the Neighbourhood Health Plan; deliver the Neighbourhood Health Plan; set the council tax +1 more",
        ),
    ],
)
def test_functions_are_named_in_few_words(functions, phrase):
    """Names sharing their last words share them once; past three, the rest are counted."""
    assert functions_phrase(PACK, functions) == phrase


def test_an_implied_function_and_a_type_are_put_into_words():
    """An id with no name of its own reads as words, abbreviations in capitals."""
    assert function_name(PACK, "council-tax") == "Council tax"
    assert humane("hwb.membership") == "HWB membership"
    assert a_type("health-and-wellbeing-board") == "health and wellbeing board" and a_type("icb") == "ICB"


@pytest.mark.parametrize(
    "source, cited",
    [
        (Source(ref="a", section="s.116A"), "LGPIHA 2007 s.116A"),
        (Source(ref="b", section="reg 3"), "SI 2013/218 reg 3"),
        (Source(ref="c", clause="2"), "Care Act 2014 clause 2"),
        (Source(ref="d", section="5"), "Next Steps in Partnership Development for City…, 5"),
        (Source(ref="e", section="s.75, with SI 2000/617 regs 3 and 7-9"), "NHSA 2006 s.75"),
        (Source(ref="e", section="s.3 (as amended by the Health and Care Act 2022)"), "NHSA 2006 s.3"),
        (
            Source(ref="d", section="The partnership arrangements in outline"),
            "Next Steps in Partnership Development for City…",
        ),
    ],
)
def test_sources_are_cited_as_a_clerk_would(source, cited):
    """Acts and SIs by their short titles, other titles cut at a subtitle; places up to their first aside,
    and a section known only by a long name left to the tooltip."""
    assert short_cite(PACK, source) == cited


def test_wrap_breaks_at_spaces_only_and_keeps_every_word():
    """Lines break between words, never inside a citation such as `s.101(6)`; nothing is lost."""
    assert wrap("Hackney Health and Wellbeing Board", 18) == "Hackney Health and<BR/>Wellbeing Board"
    assert wrap("Council tax (LGA 1972 s.101(6))", 20) == "Council tax (LGA<BR/>1972 s.101(6))"
    assert wrap("a-very-long-word-indeed", 5) == "a-very-long-word-indeed"
    assert wrap("Fish & chips <now>", 40) == "Fish &amp; chips &lt;now&gt;"
