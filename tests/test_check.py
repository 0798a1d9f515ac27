"""The semantic lint of `vires check`: each code on a pack built from the model, then the YAML fixtures."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import attrs
import pytest
import yaml

from vires.pack.load import load_collect
from vires.pack.model import (
    Body,
    Condition,
    Delegation,
    Function,
    Pack,
    Power,
    Prohibition,
    Reservation,
    Selector,
    Source,
    Validity,
)
from vires.review.lint import lint

SOURCE = Source(ref="act", section="s.1")
DATE = dt.date(2026, 6, 1)


def _functions(*ids: str) -> dict:
    found = {}
    for function in ids:
        parts = function.split(".")
        for end in range(1, len(parts)):
            ancestor = ".".join(parts[:end])
            found.setdefault(ancestor, Function(id=ancestor, name=ancestor, declared=False))
        found[function] = Function(id=function, name=function)
    return dict(sorted(found.items()))


def _body(body_id: str, kind: str = "committee", **fields) -> Body:
    return Body(id=body_id, name=body_id, kind=kind, level="place", **fields)


def _power(power_id: str, holder: str, functions, **fields) -> Power:
    return Power(id=power_id, holder=(Selector(body=(holder,)),), functions=tuple(functions), source=SOURCE, **fields)


def _delegation(delegation_id: str, source: str, target: str, functions, **fields) -> Delegation:
    return Delegation(id=delegation_id, from_=source, to=target, functions=tuple(functions), source=SOURCE, **fields)


def _council(**sections) -> Pack:
    """A council that holds finance (limit £1m) and licensing, with a cabinet and a director."""
    rules = {
        "bodies": [
            _body("council", "statutory-body"),
            _body("cabinet", part_of="council"),
            _body("director", "officer", part_of="council"),
        ],
        "powers": [
            _power("p-finance", "council", ["finance"], limit=1_000_000),
            _power("p-licensing", "council", ["licensing"]),
        ],
        "delegations": [
            _delegation("d-cabinet", "council", "cabinet", ["finance"], delegable=True),
            _delegation("d-director", "cabinet", "director", ["finance.budget"], limit=50_000),
            _delegation("d-licensing", "council", "director", ["licensing"]),
        ],
    }
    for section, extra in sections.items():
        rules[section] = rules.get(section, []) + list(extra)
    return Pack(
        functions=_functions("finance.budget", "finance.precept", "licensing.premises", "planning"),
        **{section: {rule.id: rule for rule in found} for section, found in rules.items()},
    )


def _codes(pack: Pack, date: dt.date = DATE) -> list[tuple[str, str, str]]:
    return [(d.code, d.severity, d.message) for d in lint(pack, date)]


def _only(pack: Pack, code: str) -> list:
    return [d for d in lint(pack, DATE) if d.code == code]


def test_a_sound_pack_has_no_findings():
    """The base council pack is sound: no diagnostic of any severity."""
    assert lint(_council(), DATE) == []


def test_unknown_function_names_nearest_declared():
    """A listed function that is not declared is an error, with the nearest declared ids as a hint."""
    pack = _council(delegations=[_delegation("d-typo", "council", "cabinet", ["finanse.budget"])])
    (found,) = _only(pack, "unknown-function")
    assert found.severity == "error"
    assert "`finanse.budget`" in found.message and "`d-typo`" in found.message
    assert "`finance.budget`" in found.hint


def test_unknown_function_in_have_regard_to():
    """`have_regard_to` must name a declared function or a source."""
    delegation = _delegation(
        "d-regard", "council", "cabinet", ["finance.budget"], conditions=(Condition.of(have_regard_to=("planing",)),)
    )
    (found,) = _only(_council(delegations=[delegation]), "unknown-function")
    assert "`planing`" in found.message and "`planning`" in found.hint


def test_ungrounded_delegation_names_the_functions_never_held():
    """A delegator that holds a function by no power or delegation cannot delegate it: an error naming it."""
    pack = _council(delegations=[_delegation("d-planning", "cabinet", "director", ["planning", "finance.budget"])])
    (found,) = _only(pack, "ungrounded-delegation")
    assert found.severity == "error"
    assert "`planning`" in found.message and "finance" not in found.message


def test_proposed_delegation_that_cannot_work_is_an_info_saying_so():
    """A proposal that could never take effect is an info saying it would not work if adopted: a pack may
    document an unlawful proposal on purpose, and `--strict` measures only the rules in force."""
    pack = _council(delegations=[_delegation("d-plan", "cabinet", "director", ["planning"], status="proposed")])
    (found,) = _only(pack, "ungrounded-delegation")
    assert found.severity == "info" and found.message.startswith("proposed delegation `d-plan`")
    assert found.message.endswith("; this proposal would not work if adopted")


def test_revoked_delegations_are_history():
    """A revoked delegation is never linted for grounding, and never grounds another."""
    pack = _council(delegations=[_delegation("d-old", "cabinet", "director", ["planning"], status="revoked")])
    assert lint(pack, DATE) == []


def test_delegating_a_reserved_matter_is_an_error_unless_excepted():
    """Naming a matter reserved to the delegator is an error; `except_via` allows the named delegation."""
    reservation = Reservation(
        id="r-precept", body=(Selector(body=("council",)),), functions=("finance.precept",), source=SOURCE
    )
    precept = _delegation("d-precept", "council", "cabinet", ["finance.precept"])
    (found,) = _only(_council(reservations=[reservation], delegations=[precept]), "delegates-reserved")
    assert found.severity == "error" and "`r-precept`" in found.message and "`finance.precept`" in found.message
    allowed = attrs.evolve(reservation, except_via=("d-precept",))
    assert _only(_council(reservations=[allowed], delegations=[precept]), "delegates-reserved") == []


def test_a_wider_delegation_around_a_reserved_matter_is_not_a_finding():
    """Delegating `finance` while `finance.precept` is reserved is the usual "all but reserved matters"."""
    reservation = Reservation(
        id="r-precept", body=(Selector(body=("council",)),), functions=("finance.precept",), source=SOURCE
    )
    assert lint(_council(reservations=[reservation]), DATE) == []


def test_cycle_is_one_warning_naming_every_delegation():
    """Delegations leading back to a body already on the chain are reported once, as a warning."""
    back = _delegation("d-back", "cabinet", "council", ["finance"])
    (found,) = _only(_council(delegations=[back]), "delegation-cycle")
    assert found.severity == "warning"
    assert "`d-back`, `d-cabinet`" in found.message or "`d-cabinet`, `d-back`" in found.message
    assert "`council` → `cabinet` → `council`" in found.message or "`cabinet` → `council` → `cabinet`" in found.message


def test_limit_above_delegator_is_a_warning_naming_the_cap():
    """A delegate's limit above its delegator's effective limit is capped: a warning with the cap."""
    high = _delegation("d-high", "cabinet", "director", ["finance.precept"], limit=5_000_000)
    (found,) = _only(_council(delegations=[high]), "limit-above-delegator")
    assert found.severity == "warning"
    assert "£5,000,000" in found.message and "capped at £1,000,000" in found.message


def test_no_limit_on_a_delegation_is_not_above_its_delegator():
    """A delegation without a limit simply inherits its delegator's; no finding."""
    assert _only(_council(), "limit-above-delegator") == []


def test_sub_delegation_through_an_undelegable_link_never_works():
    """A delegate of an undelegable delegation cannot pass it on: an error naming the blocking link."""
    onward = _delegation("d-onward", "director", "cabinet", ["licensing"])
    (found,) = _only(_council(delegations=[onward]), "never-delegable")
    assert found.severity == "error" and "`d-licensing`" in found.message and "`d-licensing`" in found.hint


def test_a_statutory_delegable_selector_travels_with_the_function():
    """A power delegable only to a sub-committee of the delegator makes a delegation to an officer fail."""
    pack = _council(
        bodies=[
            _body("hwb", type="health-and-wellbeing-board", part_of="council"),
            _body("hwb-sub", "sub-committee", part_of="hwb"),
            _body("dph", "officer", part_of="council"),
        ],
        powers=[
            Power(
                id="p-hwb",
                holder=(Selector(type=("health-and-wellbeing-board",)),),
                functions=("planning",),
                delegable=(Selector(kind=("sub-committee",), part_of=("$delegator",)),),
                source=SOURCE,
            )
        ],
        delegations=[
            _delegation("d-sub", "hwb", "hwb-sub", ["planning"]),
            _delegation("d-dph", "hwb", "dph", ["planning"]),
        ],
    )
    (found,) = _only(pack, "never-delegable")
    assert "`d-dph`" in found.message and "power `p-hwb`" in found.message


def test_expired_in_force_is_info_and_only_after_until():
    """A delegation past its `until` on the date but still in force is an info; before then, nothing."""
    old = _delegation("d-old", "council", "cabinet", ["licensing"], valid=Validity(until=dt.date(2025, 12, 31)))
    pack = _council(delegations=[old])
    (found,) = _only(pack, "expired-in-force")
    assert found.severity == "info" and "2025-12-31" in found.message
    assert [d for d in lint(pack, dt.date(2025, 12, 31)) if d.code == "expired-in-force"] == []


def test_selector_matching_no_body_is_a_warning_with_a_hint():
    """A holder selector that matches no body is a warning, suggesting the nearest type."""
    pack = _council(
        bodies=[_body("hwb", type="health-and-wellbeing-board", part_of="council")],
        powers=[
            Power(
                id="p-typo",
                holder=(Selector(type=("health-and-wellbeing-bord",)),),
                functions=("planning",),
                source=SOURCE,
            )
        ],
        delegations=[_delegation("d-hwb", "council", "hwb", ["licensing"])],
    )
    (found,) = _only(pack, "selector-matches-nothing")
    assert found.severity == "warning" and "`holder`" in found.message
    assert "`health-and-wellbeing-board`" in found.hint


def test_prohibition_selector_matching_nothing():
    """A prohibition whose `applies_to` picks no body is reported, since it protects nothing."""
    prohibition = Prohibition(
        id="x-members", applies_to=(Selector(kind=("member",)),), functions=("licensing",), source=SOURCE
    )
    (found,) = _only(_council(prohibitions=[prohibition]), "selector-matches-nothing")
    assert "`x-members`" in found.message and "`{kind: member}`" in found.message


def test_unknown_supersedes_and_except_via():
    """`supersedes` and `except_via` must name a loaded rule; the hint suggests the nearest id."""
    replacing = _delegation("d-new", "council", "cabinet", ["licensing"], supersedes="d-licensng")
    reservation = Reservation(
        id="r-x",
        body=(Selector(body=("council",)),),
        functions=("finance.precept",),
        except_via=("d-cabinett",),
        source=SOURCE,
    )
    pack = _council(delegations=[replacing], reservations=[reservation])
    (supersedes,) = _only(pack, "unknown-supersedes")
    assert "`d-licensing`" in supersedes.hint
    (except_via,) = _only(pack, "unknown-delegation")
    assert "`d-cabinet`" in except_via.hint


def test_orphan_body_is_a_warning_and_a_named_body_is_not():
    """A body nothing grants, delegates to, or names is a warning; one named in a condition is not."""
    pack = _council(
        bodies=[_body("lonely"), _body("chair", "member", part_of="council")],
        delegations=[
            _delegation(
                "d-consult", "council", "cabinet", ["licensing"], conditions=(Condition.of(consult=("chair",)),)
            )
        ],
    )
    assert [d.message for d in _only(pack, "orphan-body")] == [
        "body `lonely` holds no power or delegation and no rule, membership, part_of or accountability line names it"
    ]


def test_a_body_any_selector_picks_is_no_orphan():
    """A body picked only by a selector of kind, type or level (here a prohibition's) is named by a rule."""
    prohibition = Prohibition(
        id="x-departments",
        applies_to=(Selector(type=("government-department",)),),
        functions=("licensing",),
        source=SOURCE,
    )
    pack = _council(
        bodies=[_body("dwp", "statutory-body", type="government-department"), _body("lonely")],
        prohibitions=[prohibition],
    )
    assert [d.message.split("`")[1] for d in _only(pack, "orphan-body")] == ["lonely"]


def test_delegation_outside_its_bodies_lifetime():
    """A delegation whose period never meets the receiving body's is an error: it can never take effect."""
    pack = _council(
        bodies=[_body("group", "group", statutory=False, valid=Validity(until=dt.date(2026, 6, 30)))],
        delegations=[
            _delegation("d-group", "council", "group", ["licensing"], valid=Validity(start=dt.date(2027, 1, 1)))
        ],
    )
    (found,) = _only(pack, "body-never-valid")
    assert found.severity == "error" and "`group`" in found.message and "2027-01-01" in found.message


def test_messages_follow_the_house_style():
    """Every message is one lowercase line without a final period; every finding has a known severity."""
    pack = _council(
        bodies=[_body("lonely")],
        delegations=[
            _delegation("d-back", "cabinet", "council", ["finance"]),
            _delegation("d-onward", "director", "cabinet", ["licensing"]),
            _delegation("d-x", "cabinet", "director", ["planing"], limit=9_000_000),
        ],
    )
    found = lint(pack, DATE)
    assert len({d.code for d in found}) >= 4
    for diagnostic in found:
        assert diagnostic.severity in ("error", "warning", "info")
        assert "\n" not in diagnostic.message and not diagnostic.message.endswith(".")
        assert diagnostic.message[0].islower() or diagnostic.message[0] == "`"


# ---- the broken-pack fixtures: each declares the diagnostics it must give, exactly ----------------

FIXTURES = Path(__file__).parent / "fixtures"
CHECK_FIXTURES = sorted((FIXTURES / "check").glob("*.yaml"))


def want_errors(fixture: Path) -> list[tuple[str, str, int]]:
    """The fixture's first line, `# want_errors: [{code, line, file?}]`, as sorted (file, code, line).

    `file` is relative to the fixture's folder and defaults to the fixture itself.
    """
    first = fixture.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
    assert first.startswith("# want_errors:"), f"{fixture}: the first line must declare want_errors"
    wanted = yaml.safe_load(first[len("# want_errors:") :])
    return sorted(
        (
            os.path.realpath(fixture.parent / w["file"]) if "file" in w else os.path.realpath(fixture),
            w["code"],
            w["line"],
        )
        for w in wanted
    )


def found_errors(diagnostics) -> list[tuple[str, str, int]]:
    return sorted((os.path.realpath(d.location.file), d.code, d.location.line) for d in diagnostics)


def check_fixture(fixture: Path) -> list:
    """What `vires check` finds in a fixture on the fixed date: load problems, else the lint."""
    pack, diagnostics = load_collect([str(fixture)])
    return list(diagnostics) + (lint(pack, DATE) if pack is not None else [])


@pytest.mark.parametrize("fixture", CHECK_FIXTURES, ids=[f.stem for f in CHECK_FIXTURES])
def test_fixture_gives_exactly_its_wanted_diagnostics(fixture):
    """Each check fixture loads cleanly and the lint reports exactly the codes and lines it declares."""
    assert found_errors(check_fixture(fixture)) == want_errors(fixture)


def test_every_lint_code_has_a_fixture():
    """Every code the lint can emit is pinned by at least one check fixture."""
    from test_codes import _scan

    emitted = {code for code, places in _scan()[0].items() if any(p.startswith("vires/review/lint") for p in places)}
    assert {"never-delegable", "orphan-body", "captures-functions", "unknown-body-type"} <= emitted
    covered = {code for fixture in CHECK_FIXTURES for _, code, _ in want_errors(fixture)}
    assert emitted - covered == set()


def test_selectors_pick_what_matches_picks():
    """The lint's indexed selection agrees with `vires.pack.model.matches`, `$delegator` standing for any parent."""
    from vires.pack.model import matches
    from vires.review.lint import _Lint

    pack = _council(
        bodies=[
            _body("hwb", type="health-and-wellbeing-board", part_of="council"),
            _body("hwb-sub", "sub-committee", part_of="hwb"),
            _body("group", "group", statutory=False),
        ]
    )
    selectors = [
        Selector(kind=("committee", "officer")),
        Selector(type=("health-and-wellbeing-board",)),
        Selector(within=("council",), kind=("sub-committee",)),
        Selector(part_of=("council",)),
        Selector(statutory=(False,)),
        Selector(body=("group", "cabinet"), level=("place",)),
        Selector(kind=("sub-committee",), part_of=("$delegator",)),
        Selector(within=("nowhere",)),
        Selector(),
    ]
    linting = _Lint(pack, DATE)
    for selector in selectors:
        brute = {b.id for b in pack.bodies.values() if matches(selector, b, pack.bodies, b.part_of)}
        assert linting.select(selector) == brute, selector


def test_every_shipped_pack_passes_check():
    """Each shipped pack, alone and all together, loads and lints without an error or a warning (so it passes
    `vires check --strict`); infos may remain, such as proposals a pack records although they would not work."""
    from vires.pack.load import shipped_packs

    names = [f"@{name}" for name in shipped_packs()]
    assert names
    for paths in [[name] for name in names] + [names]:
        pack, diagnostics = load_collect(paths)
        assert pack is not None, [d.to_text() for d in diagnostics]
        errors = [d.to_text() for d in lint(pack, DATE) if d.severity in ("error", "warning")]
        assert errors == [], paths


def test_a_file_outside_every_pack_builds_on_the_packs_beside_it(tmp_path):
    """A scheme file with no `pack:`, checked beside @england, is linted as building on it: its functions
    under @england's `finance` are found, and the finding is located in the scheme file."""
    scheme = tmp_path / "scheme.yaml"
    scheme.write_text("functions:\n  - {id: finance.budget.approve, name: Approve the budget}\n", encoding="utf-8")
    pack, problems = load_collect(["@england", str(scheme)])
    assert pack is not None and problems == []
    (found,) = [d for d in lint(pack, DATE) if d.code == "captures-functions"]
    assert found.location.file == str(scheme) and "@england's `finance.hold-budget`" in found.message


def test_two_packs_that_do_not_build_on_each_other_are_not_compared(tmp_path):
    """Functions of packs loaded side by side, neither requiring the other, share parents without a finding:
    only what a pack builds on can be captured by it."""
    for name in ("one", "two"):
        (tmp_path / f"{name}.yaml").write_text(
            f"pack: {{id: {name}, title: {name}}}\nfunctions:\n  - {{id: finance.{name}, name: {name}}}\n",
            encoding="utf-8",
        )
    pack, _ = load_collect([str(tmp_path / "one.yaml"), str(tmp_path / "two.yaml")])
    assert [d for d in lint(pack, DATE) if d.code == "captures-functions"] == []


# ---- drafts checked as drafts ------------------------------------------------------------------------

DIFF = FIXTURES / "diff"


def check_cli(*args: str):
    from click.testing import CliRunner

    from vires.cli.main import cli

    return CliRunner().invoke(cli, ["check", *map(str, args), "--date", DATE.isoformat()])


def test_a_draft_is_checked_laid_over_its_base():
    """`--draft` checks the draft as `vires diff` lays it: its rewrite of `d2` is no duplicate, its names of the
    base's bodies and sources resolve, and its own findings are located in it (exit 1 for an error)."""
    result = check_cli(DIFF / "base", "--draft", DIFF / "draft-cannot-work.yaml")
    assert result.exit_code == 1, result.output
    found = [line.split(": ")[1].split(" ")[1] for line in result.stdout.splitlines() if ": error " in line]
    assert found == ["never-delegable"] and "duplicate-id" not in result.stdout
    assert "draft-cannot-work.yaml:13:5: error never-delegable" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("failed: the draft laid over 1 pack, 5 rules, 4 bodies checked")


def test_the_same_draft_given_as_a_path_duplicates_the_base():
    """Without `--draft`, the draft is read as more rules: its rewrite of `d2` is a duplicate id (why `--draft` is)."""
    result = check_cli(DIFF / "base", DIFF / "draft-cannot-work.yaml")
    assert result.exit_code == 1 and "error duplicate-id: delegation `d2`" in result.stdout


def test_what_a_draft_does_to_the_base_is_found_and_a_supersedes_naming_nothing_is_said_once(tmp_path):
    """A draft superseding a base rule loads clean, and what it does to the base is found where it shows: its
    rewrite of `d2` drops the only condition naming the Partnership Board, which is left an orphan. A draft
    superseding no rule loaded is one `unknown-supersedes`."""
    result = check_cli(DIFF / "base", "--draft", DIFF / "draft-scheme.yaml")
    assert result.exit_code == 0 and "base/pack.yaml:14:5: warning orphan-body: body `pb`" in result.stdout
    draft = tmp_path / "draft.yaml"
    draft.write_text(
        "delegations:\n  - {id: d9, supersedes: d7, from: place, to: director, functions: [comm.grants],"
        " source: {ref: scheme}}\n",
        encoding="utf-8",
    )
    result = check_cli(DIFF / "base", "--draft", draft)
    assert result.exit_code == 1 and result.stdout.count("unknown-supersedes") == 1


def test_a_draft_that_names_nothing_exits_2():
    """A `--draft` path that does not exist is input check cannot use: exit 2, on stderr."""
    result = check_cli(DIFF / "base", "--draft", DIFF / "no-such-draft.yaml")
    assert result.exit_code == 2 and "path-not-found" in result.stderr and result.stdout == ""
