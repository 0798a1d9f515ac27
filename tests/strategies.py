"""Hypothesis strategies: random but valid rule packs built from the model classes, and questions on them.

The packs are small (3-12 bodies) and dense on purpose: most delegations start from a body that
already holds something, dates cluster around the validity bounds, amounts around the limits and
facts around the `where` tests, so that questions reach every outcome and every reason code of
SPEC 3.1 step 7 rather than a wall of `no-authority`. They also carry what issue 20 added: placements
of a function with a kind of body, declarations that no law confers a function, restrictions with
their own citations, and questions asked for one organisation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from vires.engine import catalogue
from vires.engine.question import Question
from vires.pack.model import (
    BODY_KINDS,
    DELEGATOR,
    LEVELS,
    LINK,
    Body,
    Condition,
    Delegation,
    Designation,
    Document,
    Function,
    Limit,
    Member,
    NotConferred,
    Pack,
    PackInfo,
    Placement,
    Power,
    Prohibition,
    Requirement,
    Reservation,
    Selector,
    Source,
    Validity,
    Vote,
    covers,
    matches_any,
    organisation,
)
from vires.values import BOOLEAN, DATE, NUMBER, TEXT, Where, WhereTest

# How the property tests run: the same examples every run (derandomized, no example database), however slow a pack
# is to derive; a test changes only how many it draws (`settings(PROPERTY, max_examples=N)`).
PROPERTY = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

FUNCTIONS = ("f", "f.a", "f.a.x", "f.a.y", "f.b", "g", "g.c", "h")
TYPES = ("local-authority", "icb", "nhs-trust", "health-and-wellbeing-board")
DOCUMENTS = ("act", "scheme", "mou")  # `paper` is cited but never added: its title falls back to the ref
LIMITS = (1_000, 50_000, 250_000, 1_000_000)
AREAS = ("north", "south", "east")
BASE = dt.date(2026, 6, 1)
STARTS = (dt.date(2026, 1, 1), dt.date(2026, 6, 2))
ENDS = (dt.date(2026, 5, 31), dt.date(2026, 12, 31))
FACT_NAMES = ("area", "actions", "amount")


def _number(n: int) -> tuple:
    return (NUMBER, Decimal(n))


# ---- small parts ---------------------------------------------------------------------------


@st.composite
def validities(draw, often: float = 0.25) -> Validity:
    """Usually always valid; otherwise a period whose bounds sit near BASE."""
    if draw(st.floats(0, 1)) >= often:
        return Validity()
    start = draw(st.sampled_from((None,) + STARTS))
    until = draw(st.sampled_from((None,) + ENDS))
    if start and until and until < start:
        start, until = until, start
    return Validity(start=start, until=until)


@st.composite
def wheres(draw, often: float = 0.2) -> Where:
    """A `where` on one or two of the facts `area`, `actions` and `amount` (eq, max, min, a range, in)."""
    if draw(st.floats(0, 1)) >= often:
        return Where()
    tests = []
    for fact in draw(st.lists(st.sampled_from(FACT_NAMES), min_size=1, max_size=2, unique=True)):
        if fact == "area":
            op = draw(st.sampled_from(("eq", "in")))
            values = draw(st.lists(st.sampled_from(AREAS), min_size=1, max_size=1 if op == "eq" else 2, unique=True))
            tests.append(WhereTest(fact, op, tuple((TEXT, v) for v in values)))
        elif fact == "actions":
            op = draw(st.sampled_from(("eq", "max", "min", "in", "range")))
            size = 2 if op in ("in", "range") else 1
            values = draw(st.lists(st.integers(1, 4), min_size=size, max_size=size, unique=True))
            values = sorted(values) if op == "range" else values
            tests.append(WhereTest(fact, op, tuple(_number(v) for v in values)))
        else:
            op = draw(st.sampled_from(("max", "min", "range")))
            if op == "range":
                bounds = sorted(draw(st.lists(st.sampled_from(LIMITS), min_size=2, max_size=2, unique=True)))
                tests.append(WhereTest(fact, op, tuple(_number(b) for b in bounds)))
            else:
                tests.append(WhereTest(fact, op, (_number(draw(st.sampled_from(LIMITS))),)))
    return Where(tuple(tests))


def selectors(bodies: list[Body], delegator: bool = False):
    """A selector over `bodies`: a body, a kind, a type, a level, `part_of`, `within`, `statutory`."""
    ids = [b.id for b in bodies]
    parents = sorted({b.part_of for b in bodies if b.part_of}) or ids
    options = [
        st.sampled_from(ids).map(lambda b: Selector(body=(b,))),
        st.sampled_from(BODY_KINDS).map(lambda k: Selector(kind=(k,))),
        st.sampled_from(TYPES).map(lambda t: Selector(type=(t,))),
        st.sampled_from(LEVELS).map(lambda lv: Selector(level=(lv,))),
        st.sampled_from(parents).map(lambda p: Selector(part_of=(p,))),
        st.sampled_from(ids).map(lambda b: Selector(within=(b,))),
        st.booleans().map(lambda s: Selector(statutory=(s,))),
        st.sampled_from(BODY_KINDS).map(lambda k: Selector(kind=(k, "committee"))),
    ]
    if delegator:
        options += [
            st.just(Selector(kind=("sub-committee",), part_of=(DELEGATOR,))),
            st.just(Selector(part_of=(DELEGATOR,))),
        ]
    return st.one_of(options)


def selector_lists(bodies: list[Body], delegator: bool = False):
    return st.lists(selectors(bodies, delegator), min_size=1, max_size=2).map(tuple)


@st.composite
def conditions(draw, bodies: list[Body], depth: int = 0) -> Condition:
    """One condition: blocking keys, obligations, a `where`, a period, an `any` of alternatives, ordered
    fallbacks (`first_of`, nested one level), or advice."""
    ids = [b.id for b in bodies]
    kind = draw(
        st.sampled_from(
            (
                "consult",
                "approval_of",
                "inform",
                "notice_days",
                "working_days",
                "quorum",
                "in_public",
                "within_budget",
                "report_to",
                "record",
                "publish",
                "have_regard_to",
                "decides_by",
                "withdraw",
            )
            + (("any", "first_of", "first_of") if depth == 0 else ("first_of",) if depth == 1 else ())
        )
    )
    fields: dict = {}
    if kind in ("consult", "approval_of", "inform", "withdraw"):
        fields[kind] = tuple(draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True)))
    elif kind in ("notice_days", "working_days"):
        fields[kind] = draw(st.sampled_from((5, 28)))
    elif kind in ("record", "publish"):
        deadline = draw(
            st.sampled_from(
                (
                    (("within_days", 3),),
                    (("within", "as-soon-as-reasonably-practicable"),),
                    (("what", "the record"), ("within", "before-implementation")),
                )
            )
        )
        fields[kind] = deadline
    elif kind == "quorum":
        fields[kind] = draw(st.integers(2, 5))
    elif kind in ("in_public", "within_budget"):
        fields[kind] = True
    elif kind == "report_to":
        fields[kind] = ((draw(st.sampled_from(ids)), draw(st.sampled_from((None, "quarter", "year")))),)
    elif kind == "have_regard_to":
        fields[kind] = (draw(st.sampled_from(FUNCTIONS + DOCUMENTS)),)
    elif kind == "decides_by":
        fields[kind] = draw(st.sampled_from(("consensus", "unanimity", "majority")))
    elif kind == "any":
        fields["any"] = tuple(draw(st.lists(conditions(bodies, depth + 1), min_size=2, max_size=3)))
    else:
        fields["first_of"] = tuple(draw(st.lists(conditions(bodies, depth + 1), min_size=2, max_size=3)))
    if depth < 2:
        fields["valid"] = draw(validities(often=0.1 if depth == 0 else 0.2))
    if depth == 0:
        fields["where"] = draw(wheres(often=0.2))
        fields["blocking"] = draw(st.sampled_from((True, True, True, False)))
    elif draw(st.floats(0, 1)) < 0.2:
        fields["where"] = draw(wheres(often=1.0))
    return Condition.of(**fields)


@st.composite
def limits(draw) -> tuple[int | None, tuple[Limit, ...]]:
    """A plain limit (or none), or now and then a dated one: entries near BASE, some with their own source."""
    if draw(st.floats(0, 1)) >= 0.15:
        return draw(st.sampled_from((None, None) + LIMITS)), ()
    starts = sorted(draw(st.lists(st.sampled_from(STARTS + ENDS), min_size=1, max_size=3, unique=True)))
    if draw(st.floats(0, 1)) < 0.75:  # mostly from the start, so that few questions fall before the first entry
        starts[0] = None
    entries = tuple(
        Limit(
            amount=draw(st.sampled_from(LIMITS)),
            start=start,
            source=draw(st.one_of(st.none(), sources())),
        )
        for start in starts
    )
    return entries[-1].amount, entries


def condition_lists(bodies: list[Body], often: float = 0.25):
    return st.floats(0, 1).flatmap(
        lambda p: st.lists(conditions(bodies), min_size=1, max_size=2).map(tuple) if p < often else st.just(())
    )


@st.composite
def sources(draw) -> Source:
    return Source(
        ref=draw(st.sampled_from(DOCUMENTS + ("paper",))),
        section=draw(st.sampled_from((None, "s.1", "s.101(2)"))),
        clause=draw(st.sampled_from((None, "4.2"))),
        quote=draw(st.sampled_from((None, "the words of the clause"))),
        confirmed=draw(st.sampled_from((True, True, False))),
    )


def own_sources(often: float = 0.15):
    """A restriction's own citation (of `delegable`, `limit` or `except`), now and then."""
    return st.floats(0, 1).flatmap(lambda p: sources() if p < often else st.none())


@st.composite
def rule_functions(draw, declared: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A rule's `functions` and `except`: ids of the pack (declared or implied), except below them."""
    functions = tuple(draw(st.lists(st.sampled_from(declared), min_size=1, max_size=2, unique=True)))
    below = [f for f in declared if any(f.startswith(g + ".") for g in functions)]
    except_ = ()
    if below and draw(st.floats(0, 1)) < 0.2:
        except_ = (draw(st.sampled_from(below)),)
    return functions, except_


# ---- packs -----------------------------------------------------------------------------------


@st.composite
def bodies_of(draw) -> list[Body]:
    count = draw(st.integers(3, 12))
    bodies: list[Body] = []
    for i in range(count):
        kind = draw(st.sampled_from(BODY_KINDS))
        part_of = None
        if i and draw(st.floats(0, 1)) < 0.6:
            part_of = bodies[draw(st.integers(0, i - 1))].id
        statutory = draw(st.booleans() if kind in ("partnership", "group") else st.sampled_from((True,) * 3 + (False,)))
        bodies.append(
            Body(
                id=f"b{i}",
                name=f"Body {i}",
                kind=kind,
                level=draw(st.sampled_from(LEVELS)),
                type=draw(st.sampled_from((None,) + TYPES)),
                part_of=part_of,
                statutory=statutory,
                decides_by=draw(st.sampled_from((None,) * 4 + ("consensus", "majority"))),
                quorum=draw(st.sampled_from((None,) * 5 + (2, 3))),
                valid=draw(validities(often=0.06)),
            )
        )
    # Some bodies list their members: voting or not, co-opted or not (a quorum then counts them by name).
    for index, body in enumerate(bodies):
        others = [b.id for b in bodies if b.id != body.id]
        if draw(st.floats(0, 1)) < 0.35:
            members = draw(st.lists(st.sampled_from(others), min_size=2, max_size=4, unique=True))
            seats = tuple(
                Member(body=m, voting=draw(st.sampled_from((True, True, True, False))), co_opted=draw(st.booleans()))
                for m in members
            )
            bodies[index] = attrs.evolve(body, seats=seats)
    return bodies


def _declared_functions(chosen: list[str]) -> dict[str, Function]:
    functions = {}
    for function_id in chosen:
        functions[function_id] = Function(id=function_id, name=function_id.title())
    for function_id in chosen:
        parts = function_id.split(".")
        for end in range(1, len(parts)):
            ancestor = ".".join(parts[:end])
            functions.setdefault(ancestor, Function(id=ancestor, name=ancestor.title(), declared=False))
    return dict(sorted(functions.items()))


@st.composite
def packs(draw) -> Pack:
    """A valid pack: bodies in `part_of` trees, nested functions, powers, delegation webs and the rest."""
    bodies = draw(bodies_of())
    ids = [b.id for b in bodies]
    functions = _declared_functions(draw(st.lists(st.sampled_from(FUNCTIONS), min_size=1, max_size=5, unique=True)))
    known = list(functions)

    powers = {}
    holds: dict[str, list[str]] = {}  # body -> functions some power or delegation gives it
    for i in range(draw(st.integers(1, 3))):
        covered, except_ = draw(rule_functions(known))
        if draw(st.floats(0, 1)) < 0.7:
            holder = draw(st.sampled_from(ids))
            holds.setdefault(holder, []).extend(covered)
            holder_selectors = (Selector(body=(holder,)),)
        else:
            holder_selectors = draw(selector_lists(bodies))
        limit, dated = draw(limits())
        powers[f"p{i}"] = Power(
            id=f"p{i}",
            holder=holder_selectors,
            functions=covered,
            except_=except_,
            source=draw(sources()),
            limit=limit,
            limits=dated,
            valid=draw(validities(often=0.15)),
            where=draw(wheres(often=0.12)),
            delegable=draw(
                st.one_of(
                    st.just(True), st.just(True), st.just(True), st.just(False), selector_lists(bodies, delegator=True)
                )
            ),
            conditions=draw(condition_lists(bodies, often=0.35)),
            delegable_source=draw(own_sources()),
            limit_source=None if dated else draw(own_sources()),  # a dated limit cites each entry instead
            except_source=draw(own_sources()),
        )

    delegations = {}
    for i in range(draw(st.integers(0, 12))):
        # Mostly from a body that already holds something, passing on (part of) what it holds, so
        # chains grow; sometimes from anywhere and of anything (ungrounded delegations, cycles).
        if holds and draw(st.floats(0, 1)) < 0.8:
            source = draw(st.sampled_from(sorted(holds)))
            held = sorted(set(holds[source]))
            covered = (draw(st.sampled_from(held + [f for f in known if any(f.startswith(h + ".") for h in held)])),)
            except_ = ()
        else:
            source = draw(st.sampled_from(ids))
            covered, except_ = draw(rule_functions(known))
        others = [b for b in ids if b != source]
        # Now and then to several recipients ("the Director of Finance or the Chief Executive"): one link
        # each, `d{i}→b{n}`, each with its delegation's `where` and sometimes one of its own.
        several = draw(st.floats(0, 1)) < 0.15 and len(others) > 1
        targets = draw(st.lists(st.sampled_from(others), min_size=2, max_size=3, unique=True)) if several else []
        target = targets[0] if several else draw(st.sampled_from(others))
        for receiving in targets or [target]:
            holds.setdefault(receiving, []).extend(covered)
        residual = draw(st.sampled_from((False,) * 10 + (True,)))
        if not residual and draw(st.floats(0, 1)) < 0.05:
            residual = draw(selector_lists(bodies))
        limit, dated = draw(limits())
        delegations[f"d{i}"] = Delegation(
            id=f"d{i}",
            from_=source,
            to=target,
            functions=covered,
            except_=except_,
            source=draw(sources()),
            limit=limit,
            limits=dated,
            valid=draw(validities(often=0.2)),
            status=draw(st.sampled_from(("in-force",) * 7 + ("proposed",) * 2 + ("revoked",))),
            delegable=draw(
                st.one_of(st.just(True), st.just(True), st.just(False), selector_lists(bodies, delegator=True))
            ),
            exclusive=draw(st.sampled_from((False,) * 6 + (True,))),
            where=draw(wheres(often=0.15)),
            conditions=draw(condition_lists(bodies, often=0.35)),
            residual=residual,
            delegable_source=draw(own_sources()),
            limit_source=None if dated else draw(own_sources()),  # a dated limit cites each entry instead
            except_source=draw(own_sources()),
        )
        if several:
            written = delegations.pop(f"d{i}")
            for receiving in targets:
                own = draw(wheres(often=0.15))
                link = attrs.evolve(
                    written,
                    id=f"d{i}{LINK}{receiving}",
                    of=f"d{i}",
                    to=receiving,
                    where=Where(tests=written.where.tests + own.tests),
                )
                delegations[link.id] = link

    # Deputies designated to act as an officer when the officer is unavailable: links after the officer's chain.
    for i in range(draw(st.sampled_from((0, 0, 1)))):
        officer = draw(st.sampled_from(sorted(holds) or ids))
        deputy = draw(st.sampled_from([b for b in ids if b != officer]))
        if holds.get(officer):  # mostly for what the officer holds, as a real designation is
            covered, except_ = (draw(st.sampled_from(sorted(set(holds[officer])))),), ()
        else:
            covered, except_ = draw(rule_functions(known))
        designation = Designation(
            id=f"g{i}",
            from_=officer,
            to=deputy,
            functions=covered,
            except_=except_,
            valid=draw(validities(often=0.15)),
            status=draw(st.sampled_from(("in-force",) * 4 + ("proposed",))),
            where=Where(tests=(WhereTest("unavailable", "eq", ((TEXT, officer),)),)),
            source=draw(sources()),
        )
        delegations[designation.id] = designation

    votes = {}  # vote rules: who may vote, and so who counts towards a quorum of members
    for i in range(draw(st.sampled_from((0, 1, 1, 2)))):
        votes[f"v{i}"] = Vote(
            id=f"v{i}",
            applies_to=draw(selector_lists(bodies)),
            vote=draw(st.booleans()),
            co_opted=draw(st.sampled_from((None, True, False))),
            members=draw(st.one_of(st.just(()), selector_lists(bodies))),
            functions=draw(st.one_of(st.none(), rule_functions(known).map(lambda fe: fe[0]))),
            valid=draw(validities(often=0.15)),
            disapplies=("v0",) if i and draw(st.booleans()) else (),
            source=draw(sources()),
        )

    reservations = {}
    for i in range(draw(st.sampled_from((0, 0, 1, 2)))):
        except_via = ()
        if delegations and draw(st.booleans()):
            written_ids = sorted({d.rule_id for d in delegations.values()})
            via = st.lists(st.sampled_from(written_ids), min_size=1, max_size=2, unique=True)
            except_via = tuple(draw(via))
        reservations[f"r{i}"] = Reservation(
            id=f"r{i}",
            body=draw(st.one_of(st.sampled_from(ids).map(lambda b: (Selector(body=(b,)),)), selector_lists(bodies))),
            functions=draw(rule_functions(known))[0],
            except_via=except_via,
            source=draw(sources()),
        )

    prohibitions = {}
    for i in range(draw(st.sampled_from((0, 0, 0, 0, 1, 2)))):
        prohibitions[f"x{i}"] = Prohibition(
            id=f"x{i}",
            applies_to=draw(selector_lists(bodies)),
            functions=draw(rule_functions(known))[0],
            where=draw(wheres(often=0.4)),
            reason=draw(st.sampled_from((None, "the MOU forbids it"))),
            source=draw(sources()),
        )

    requirements = {}
    for i in range(draw(st.sampled_from((0, 0, 1, 2)))):
        requirements[f"q{i}"] = Requirement(
            id=f"q{i}",
            applies_to=draw(selector_lists(bodies)),
            conditions=tuple(draw(st.lists(conditions(bodies), min_size=1, max_size=2))),
            functions=draw(st.one_of(st.none(), rule_functions(known).map(lambda fe: fe[0]))),
            where=draw(wheres(often=0.3)),
            valid=draw(validities(often=0.2)),
            source=draw(sources()),
        )

    placements = {}
    for i in range(draw(st.sampled_from((0, 0, 0, 1, 1, 2)))):
        placements[f"pl{i}"] = Placement(
            id=f"pl{i}",
            functions=draw(rule_functions(known))[0],
            of=draw(st.one_of(st.just(()), selector_lists(bodies))),
            exercised_by=draw(selector_lists(bodies)),
            source=draw(sources()),
        )

    not_conferred = {}  # as in real packs, of a function no power grants (when there is one)
    ungranted = [f for f in known if not any(covers(p.functions, (), f) for p in powers.values())]
    if ungranted and draw(st.floats(0, 1)) < 0.3:
        absent = (draw(st.sampled_from(ungranted)),)
        not_conferred["nc0"] = NotConferred(id="nc0", functions=absent, source=draw(sources()))

    return Pack(
        packs=(PackInfo(id="random", title="Random pack", root="<hypothesis>"),),
        sources={
            d: Document(id=d, title=f"The {d.title()}", kind="statute" if d == "act" else "scheme") for d in DOCUMENTS
        },
        bodies={b.id: b for b in bodies},
        functions=functions,
        powers=powers,
        delegations=delegations,
        reservations=reservations,
        prohibitions=prohibitions,
        requirements=requirements,
        placements=placements,
        not_conferred=not_conferred,
        votes=votes,
    )


# ---- questions -------------------------------------------------------------------------------


def _dates(pack: Pack) -> list[dt.date]:
    """BASE and every validity bound and dated limit's start in the pack, with the days either side."""
    bounds = {BASE}
    periods = [b.valid for b in pack.bodies.values()]
    periods += [r.valid for r in list(pack.powers.values()) + list(pack.delegations.values())]
    periods += [r.valid for r in pack.requirements.values()]
    for rule in pack.rules():
        todo = list(getattr(rule, "conditions", ()))
        while todo:
            condition = todo.pop()
            periods.append(condition.valid)
            todo.extend(condition.alternatives())
    starts = [e.start for r in list(pack.powers.values()) + list(pack.delegations.values()) for e in r.limits]
    for bound in [b for period in periods for b in (period.start, period.until)] + starts:
        if bound is not None:
            bounds |= {bound - dt.timedelta(days=1), bound, bound + dt.timedelta(days=1)}
    return sorted(bounds)


def _reaching(pack: Pack, function: str) -> list[str]:
    """Bodies some power gives `function` to, and those reached from them by delegations of it (a rough
    reachability, ignoring everything else: it only steers questions towards bodies worth asking)."""
    bodies = pack.bodies
    reached = {
        b
        for p in pack.powers.values()
        if covers(p.functions, p.except_, function)
        for b, body in bodies.items()
        if matches_any(p.holder, body, bodies)
    }
    passing = [d for d in pack.delegations.values() if covers(d.functions, d.except_, function)]
    grown = True
    while grown:
        grown = False
        for d in passing:
            if d.from_ in reached and d.to not in reached:
                reached.add(d.to)
                grown = True
    return sorted(reached)


def _amounts(pack: Pack) -> list[int]:
    rules = list(pack.powers.values()) + list(pack.delegations.values())
    limits = {r.limit for r in rules if r.limit is not None} | {e.amount for r in rules for e in r.limits}
    return sorted({0, 500} | limits | {limit + 1 for limit in limits} | {limit - 1 for limit in limits})


@st.composite
def questions(draw, pack: Pack) -> Question:
    """A question on `pack`: mostly a function some power covers, asked of a body some rule gives it to."""
    declared = [f for f, function in pack.functions.items() if function.declared]
    granted = [f for f in declared if any(covers(p.functions, p.except_, f) for p in pack.powers.values())]
    decision = (
        draw(st.sampled_from(granted)) if granted and draw(st.floats(0, 1)) < 0.9 else draw(st.sampled_from(declared))
    )
    reached = _reaching(pack, decision)
    body = (
        draw(st.sampled_from(reached))
        if reached and draw(st.floats(0, 1)) < 0.9
        else draw(st.sampled_from(sorted(pack.bodies)))
    )
    amount = draw(st.one_of(st.none(), st.sampled_from(_amounts(pack))))
    date = draw(st.sampled_from(_dates(pack))) if draw(st.floats(0, 1)) < 0.5 else BASE
    roots = sorted({organisation(b, pack.bodies) for b in pack.bodies if pack.bodies[b].part_of is None})
    return Question(
        body=body,
        decision=decision,
        amount=amount,
        date=date,
        facts=draw(facts(pack, date)),
        include_proposed=draw(st.booleans()),
        organisation=draw(st.sampled_from(roots)) if roots and draw(st.floats(0, 1)) < 0.15 else None,
    )


@st.composite
def facts(draw, pack: Pack, date: dt.date) -> dict[str, tuple]:
    """Facts a question may carry: the `where` facts and what conditions look for, each often absent."""
    ids = sorted(pack.bodies)
    found: dict[str, tuple] = {}

    def maybe(name: str, values, often: float = 0.5) -> None:
        if draw(st.floats(0, 1)) < often:
            found[name] = draw(values)

    maybe(
        "area",
        st.lists(st.sampled_from(AREAS), min_size=1, max_size=2, unique=True).map(
            lambda vs: tuple((TEXT, v) for v in vs)
        ),
        0.6,
    )
    maybe(
        "actions",
        st.lists(st.integers(1, 5), min_size=1, max_size=2, unique=True).map(lambda vs: tuple(_number(v) for v in vs)),
        0.6,
    )
    maybe(
        "consulted",
        st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True).map(
            lambda vs: tuple((TEXT, v) for v in vs)
        ),
    )
    maybe(
        "informed",
        st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True).map(
            lambda vs: tuple((TEXT, v) for v in vs)
        ),
        0.3,
    )
    maybe(
        "approved_by",
        st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True).map(
            lambda vs: tuple((TEXT, v) for v in vs)
        ),
        0.3,
    )
    maybe(
        "notice_given",
        st.sampled_from((1, 3, 7, 9, 30, 40)).map(lambda days: ((DATE, date - dt.timedelta(days=days)),)),
        0.4,
    )
    if draw(st.booleans()):
        maybe("present", st.integers(1, 6).map(lambda n: (_number(n),)), 0.4)
    else:  # the members present, by name (used where the deciding body lists its members)
        maybe("present", st.lists(st.sampled_from(ids), min_size=1, max_size=4, unique=True).map(_bodies), 0.5)
    maybe("withdrawn", st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True).map(_bodies), 0.3)
    officers = sorted({d.from_ for d in pack.delegations.values() if d.kind == "designation"}) or ids
    maybe("unavailable", st.lists(st.sampled_from(officers), min_size=1, max_size=2, unique=True).map(_bodies), 0.6)
    maybe("in_public", st.booleans().map(lambda b: ((BOOLEAN, b),)), 0.3)
    maybe("within_budget", st.booleans().map(lambda b: ((BOOLEAN, b),)), 0.3)
    usable = catalogue.facts(pack)  # a fact no rule of the pack tests is refused, so never asked
    return {
        name: values
        for name, values in found.items()
        if name in usable and all(tag in usable[name].types or "body" in usable[name].types for tag, _ in values)
    }


def _bodies(ids: list[str]) -> tuple:
    return tuple((TEXT, b) for b in ids)
