"""Who sits, who votes, who acts (tests/seats): a delegation to several recipients — on both engines,
in JSON and in the words of every output — and how drafts and `supersedes` treat its links."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import jsonschema
import pytest
from test_cli_errors import run

from vires.api import open_rules
from vires.engine.choose import durable_available
from vires.errors import LoadError
from vires.pack.load import load, load_draft
from vires.pack.overlay import overlay

HERE = Path(__file__).parent / "seats"
PACK = str(HERE / "pack.yaml")
CASES = str(HERE / "cases.yaml")
ENGINES = ["native"] + (["durable"] if durable_available() else [])
ADULTS = ["ask", PACK, "--body", "director-of-adults", "--decision", "contracts", "--amount", "100k"]
ADULTS += ["--date", "2026-06-01"]


def test_each_recipient_is_one_link_under_the_delegation_id():
    """`to: [a, b]` loads as one link each, `id→to`, each citing the delegation's id and its own `where`."""
    pack = load([PACK])
    links = pack.links_of("d-executive-directors")
    assert [(d.id, d.rule_id, d.to) for d in links] == [
        ("d-executive-directors→director-of-adults", "d-executive-directors", "director-of-adults"),
        ("d-executive-directors→director-of-housing", "d-executive-directors", "director-of-housing"),
    ]
    assert [t.values for d in links for t in d.where.tests] == [(("text", "adult-services"),), (("text", "housing"),)]


def test_a_reason_about_one_link_names_its_recipient():
    """The JSON reason cites the delegation's id with the link's `to`; the words name the link."""
    found = json.loads(run(*ADULTS, "--fact", "department=housing", "--format", "json").stdout)
    (reason,) = [r for r in found["reasons"] if r["code"] == "where-not-met"]
    assert (reason["rule"], reason["to"]) == ("d-executive-directors", "director-of-adults")
    text = run(*ADULTS, "--fact", "department=housing").stdout
    assert "delegation `d-executive-directors→director-of-adults` (link 3) applies only where" in text


def test_the_scheme_words_each_link_with_its_own_where():
    """Each director's row says the department it applies to, not the other's."""
    result = run("scheme", PACK, "--all", "--date", "2026-06-01", "-o", "-")
    rows = [r for r in result.stdout.splitlines() if r.startswith("| **Award contracts** | **Executive Director")]
    assert len(rows) == 2
    assert "Adult Services" in rows[0] and "department is adult-services" in rows[0]
    assert "Housing" in rows[1] and "department is housing" in rows[1]


def test_a_recipient_named_twice_is_an_error(tmp_path):
    """Naming one recipient twice is refused at its place."""
    text = (
        Path(PACK)
        .read_text()
        .replace("to: [director-of-finance, chief-executive]", "to: [chief-executive, chief-executive]")
    )
    (tmp_path / "pack.yaml").write_text(text)
    with pytest.raises(LoadError) as raised:
        load([str(tmp_path / "pack.yaml")])
    (problem,) = raised.value.diagnostics
    assert "names recipient `chief-executive` twice" in problem.message and problem.location.line > 0


def _with_draft(tmp_path, text: str):
    """The seats pack with the draft `text` applied."""
    draft = tmp_path / "draft.yaml"
    draft.write_text(text)
    merged, _changes = overlay(*load_draft([PACK], [str(draft)]))
    return merged


def test_a_draft_replaces_every_link_of_a_delegation(tmp_path):
    """A draft rule with the delegation's id replaces all its links: a recipient dropped is gone."""
    merged = _with_draft(
        tmp_path,
        "delegations:\n"
        "  - id: d-write-off\n    from: cabinet\n    to: [director-of-finance]\n    functions: [write-off]\n"
        "    limit: 20k\n    source: {ref: constitution, section: 'Part 3, officer scheme, para 6.2 (draft)'}\n",
    )
    assert [d.to for d in merged.links_of("d-write-off")] == ["director-of-finance"]
    assert merged.delegations["d-write-off"].limit == 20000


def test_supersedes_names_the_delegation_not_a_link(tmp_path):
    """`supersedes: d-write-off` drops every link of it."""
    merged = _with_draft(
        tmp_path,
        "delegations:\n"
        "  - id: d-write-off-2027\n    supersedes: d-write-off\n    from: cabinet\n    to: chief-executive\n"
        "    functions: [write-off]\n    source: {ref: constitution, section: 'Part 3 (2027)'}\n",
    )
    assert merged.links_of("d-write-off") == ()
    assert merged.superseded == (("d-write-off", "d-write-off-2027"),)


# ---- members and votes -------------------------------------------------------------------------

MEMBERS = ["members", PACK, "--date", "2026-06-01"]


def roll_of(*args: str) -> dict:
    """`vires members … --format json`, as data."""
    return json.loads(run(*MEMBERS, *args, "--format", "json").stdout)


@pytest.mark.parametrize(
    ("body", "decision", "voting"),
    [
        # At an HWB sub-committee SI 2013/218 disapplies s.13: the co-optees vote, but not the observer's seat.
        ("hwbb-sub", "health-plan", ["cllr-a", "cllr-b", "icb", "trust"]),
        # At an ordinary council committee the same co-optees have no vote (s.13).
        ("health-committee", "health-plan", ["cllr-a", "cllr-b"]),
        # On a contract award the provider's member loses its vote (the constitution's conflicts rule).
        ("hwbb-sub", "contracts", ["cllr-a", "cllr-b", "icb"]),
    ],
)
def test_who_may_vote_follows_the_vote_rules(body, decision, voting):
    """The members who vote are those whose seat carries a vote and no vote rule left withholds it."""
    found = roll_of("--body", body, "--decision", decision)
    assert [m["member"] for m in found["members"] if m["votes"]] == voting
    assert found["voting"] == len(voting)


def test_a_disapplied_rule_is_cited_with_what_disapplies_it():
    """The co-optee's chain of rules: s.13 would withhold, SI 2013/218 disapplies it and grants, each cited."""
    (icb,) = roll_of("--body", "hwbb-sub", "--member", "icb")["members"]
    assert [(w["effect"], w.get("rule")) for w in icb["why"]] == [
        ("seat-votes", None),
        ("disapplied", "co-optees-do-not-vote"),
        ("grants", "hwb-co-optees-vote"),
    ]
    assert icb["why"][1]["by"] == "hwb-co-optees-vote" and icb["why"][1]["source"]["confirmed"] is False
    text = run(*MEMBERS, "--body", "hwbb-sub", "--member", "icb").stdout
    assert "would withhold its vote, but `hwb-co-optees-vote` disapplies it" in text


def test_members_exits_1_when_the_member_may_not_vote():
    """A member without a vote on the decision exits 1, and the words say so."""
    result = run(*MEMBERS, "--body", "health-committee", "--member", "Riverbank Voluntary Action")
    assert result.exit_code == 1
    assert "Riverbank Voluntary Action (vcs), co-opted: does not vote" in result.stdout


def test_a_bare_id_is_a_voting_member_and_list_bodies_shows_seats():
    """`members: [id]` loads as a voting seat; `list bodies` names every member, co-optees and seats
    without a vote marked."""
    seats = load([PACK]).bodies["hwbb-sub"].seats
    assert (seats[0].body, seats[0].voting, seats[0].co_opted) == ("cllr-a", True, False)
    listed = run("list", "bodies", PACK, "--match", "neighbourhood").stdout
    assert "members: Councillor Ash, Councillor Birch, Riverbank Integrated Care Board (co-opted)" in listed
    assert "Riverbank Voluntary Action (co-opted, no vote)" in listed


@pytest.mark.parametrize(
    ("body", "nhs_and_vcse_vote"),
    [
        ("hackney-hwbb-nhp-subcommittee", True),  # SI 2013/218 disapplies LGHA 1989 s.13
        ("ch-nhp-joint-committee", False),  # s.13: co-optees on a councils' joint committee do not vote
    ],
)
def test_the_partnership_board_voting_question_both_ways(body, nhs_and_vcse_vote):
    """The seed's question, on the shipped packs: may the NHS and voluntary-sector members of the Partnership
    Board vote? As an HWB sub-committee yes, as a joint committee of the councils no — each cited, unconfirmed."""
    found = json.loads(
        run(
            "members", "@city-and-hackney", "--body", body, "--decision", "neighbourhood-health-plan.deliver",
            "--date", "2026-06-01", "--format", "json",
        ).stdout
    )  # fmt: skip
    votes = {m["member"]: m["votes"] for m in found["members"]}
    assert {m: v for m, v in votes.items() if m in ("nel-icb", "ch-vcse-sector")} == {
        "nel-icb": nhs_and_vcse_vote,
        "ch-vcse-sector": nhs_and_vcse_vote,
    }
    assert votes["lb-hackney"] is True
    cited = {w["rule"]: w["source"] for m in found["members"] for w in m["why"] if "rule" in w}
    assert all(source.get("confirmed") is False for source in cited.values())
    assert ("si-2013-218-hwb-voting" in cited) is nhs_and_vcse_vote


# ---- acting by designation ---------------------------------------------------------------------

DEPUTY = ["ask", PACK, "--body", "deputy-director-of-finance", "--decision", "write-off", "--amount", "5k"]
DEPUTY += ["--date", "2026-06-01", "--fact", "unavailable=Director of Finance"]


def test_the_deputy_acts_as_the_officer_with_the_officers_limit_and_conditions():
    """The designation is a link of its own kind, after the officer's chain: the officer's limit and its
    delegation's conditions hold for the deputy, and a delegation the officer may not pass on does not stop it."""
    found = json.loads(run(*DEPUTY, "--format", "json").stdout)
    (chain,) = found["chains"]
    last = chain["links"][-1]
    assert (last["kind"], last["from"], last["to"]) == (
        "designation",
        "director-of-finance",
        "deputy-director-of-finance",
    )
    assert chain["limit"] == 10000
    assert {"condition": "report_to", "value": "cabinet", "rule": "d-write-off", "to": "director-of-finance"} in chain[
        "obligations"
    ]
    text = run(*DEPUTY).stdout
    assert (
        "designation `deputy-acts-for-director-of-finance`: Deputy Director of Finance (deputy-director-of-finance), "
        "acting as Director of Finance (director-of-finance), by designation"
    ) in text


def test_unavailable_names_an_officer_by_name_or_id():
    """`unavailable` is a body fact: a name is resolved, an unknown one refused (exit 2)."""
    assert run(*DEPUTY).exit_code == 0
    bad = run(*DEPUTY[:-1], "unavailable=Director of Fnance")
    assert bad.exit_code == 2 and "unavailable=Director of Fnance" in bad.stderr


def test_members_json_is_described_by_the_answer_schema():
    """`vires members --format json` validates against `$defs/members` of the answer schema, for every body
    with members, with and without a decision."""
    schema = json.loads((Path(__file__).parents[1] / "schemas" / "answer.schema.json").read_text())
    validator = jsonschema.Draft202012Validator({**schema, "$ref": "#/$defs/members"})
    for body in ("hwbb-sub", "health-committee"):
        for decision in ((), ("--decision", "contracts")):
            found = roll_of("--body", body, *decision)
            assert [e.message for e in validator.iter_errors(found)] == [], (body, decision)
    for body in ("hackney-hwbb-nhp-subcommittee", "ch-nhp-joint-committee"):  # cited with notes, unconfirmed
        found = json.loads(run("members", "@city-and-hackney", "--body", body, "--format", "json").stdout)
        assert [e.message for e in validator.iter_errors(found)] == [], body


def test_the_roll_as_a_word_paper(tmp_path):
    """`-o roll.docx` writes the roll as a Word document: the members numbered, each with the rules why."""
    docx = pytest.importorskip("docx")
    target = tmp_path / "roll.docx"
    result = run(*MEMBERS, "--body", "health-committee", "--decision", "health-plan", "-o", str(target))
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Riverbank Integrated Care Board, co-opted: does not vote" in text
    assert "no vote under co-optees-do-not-vote — Local Government and Housing Act 1989, s.13(1)" in text
    assert "2 of 5 members may vote; the quorum is 3." in text


def test_a_designation_and_a_delegation_alike_have_different_fingerprints():
    """The register's fingerprint tells a deputy acting as an officer from a delegation with the same fields."""
    from vires.pack.fingerprint import fingerprint
    from vires.pack.model import Delegation

    pack = load([PACK])
    designation = pack.delegations["deputy-acts-for-director-of-finance"]
    as_delegation = Delegation(**{f.name: getattr(designation, f.name) for f in attrs.fields(Delegation)})
    other = attrs.evolve(pack, delegations={**pack.delegations, designation.id: as_delegation})
    assert fingerprint(other) != fingerprint(pack)


def test_who_says_the_deputy_acts_as_the_officer():
    """`who`, as a page, walks each chain back from its decider: a deputy is said to act as the officer."""
    import datetime as dt

    from vires.engine.question import Question
    from vires.outputs.paper_markdown import to_markdown
    from vires.outputs.who_paper import who_paper

    rules = open_rules([PACK], "native")
    facts = {"unavailable": (("text", "director-of-finance"),)}
    found = rules.who(Question(decision="write-off", date=dt.date(2026, 6, 1), facts=facts))
    page = to_markdown(who_paper(rules.pack, found))
    assert "Director of Finance → Deputy Director of Finance (acting as Director of Finance, by designation)" in page
    assert "By delegation: Riverbank Borough Council → Cabinet → Chief Executive" in page
