"""Seeded synthetic national-scale rule packs, built directly as `vires.pack.model.Pack` (no YAML).

The pack is a country of regions. Each region is one ICB (place committees, a finance committee,
officers, place partnership boards and commissioning managers) and four councils (a cabinet and
cabinet members, planning, licensing and audit committees with sub-committees, a Health and
Wellbeing Board, directors, heads of service and neighbourhood groups, some of them time-limited).
The law is a statute layer granted by body type (as `@england` does), with reservations and
prohibitions by selector; each council has its own key-decision requirement. Delegations carry
limits, dates, `where`, statuses (in force, proposed, revoked), conditions, exclusivity and
residual clauses, shaped like real schemes of delegation, so every reason code of SPEC 3.1 occurs.

Regions are generated from `Random(f"{seed}-{region}")`, so a smaller pack is a prefix of a
larger one with the same seed, and the same (size, seed) always gives the same pack.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

from vires.pack.model import (
    Body,
    Condition,
    Delegation,
    Document,
    Function,
    Member,
    Pack,
    PackInfo,
    Power,
    Prohibition,
    Requirement,
    Reservation,
    Selector,
    Source,
    Validity,
)
from vires.values import NUMBER, TEXT, Where, WhereTest

D = dt.date
LEAVES = ("approve", "vary", "award", "terminate", "review")
DOMAINS = {
    "finance": ("budget", "treasury", "procurement", "capital", "grants", "write-offs"),
    "commissioning": ("community", "acute", "primary-care", "mental-health", "continuing-care", "prescribing"),
    "services": ("libraries", "leisure", "customer", "registration", "markets"),
    "planning": ("applications", "enforcement", "policy", "conservation"),
    "licensing": ("premises", "taxi", "gambling", "street-trading"),
    "population-health": ("jsna", "jhws", "pharmaceutical-needs", "prevention"),
    "governance": ("audit", "quality", "risk", "constitution"),
    "workforce": ("pay", "recruitment", "restructure"),
    "estates": ("leases", "disposals", "works"),
    "digital": ("systems", "data-sharing"),
    "housing": ("allocations", "repairs", "homelessness"),
    "social-care": ("adults", "children", "safeguarding"),
    "transport": ("highways", "parking"),
    "environment": ("waste", "parks", "climate"),
}
COUNCIL_DOMAINS = ("services", "housing", "social-care", "transport", "environment", "estates", "workforce")
ICB_DOMAINS = ("commissioning", "finance", "workforce", "estates", "digital", "governance")
PLACES = 4  # councils (and ICB places) per region

ACTS = {
    "lga-1972": "Local Government Act 1972",
    "la-2000": "Local Government Act 2000",
    "nhs-act-2006": "National Health Service Act 2006",
    "hsca-2012": "Health and Social Care Act 2012",
    "lga-2003": "Licensing Act 2003",
    "tcpa-1990": "Town and Country Planning Act 1990",
    "si-2012-2089": "Local Authorities (Executive Arrangements) Regulations 2012",
}


def function_ids() -> list[str]:
    """Every declared function (the leaves): a few hundred dotted ids."""
    return [f"{d}.{a}.{leaf}" for d, areas in DOMAINS.items() for a in areas for leaf in LEAVES]


def _eq(fact: str, value: str) -> Where:
    return Where((WhereTest(fact, "eq", ((TEXT, value),)),))


def _amount_at_least(pounds: int) -> Where:
    return Where((WhereTest("amount", "min", ((NUMBER, Decimal(pounds)),)),))


def _sel(**keys) -> tuple[Selector, ...]:
    return (Selector(**{k: v if isinstance(v, tuple) else (v,) for k, v in keys.items()}),)


class _Builder:
    """Collects one pack's entities; each region adds its own with its own random stream."""

    def __init__(self, seed: int):
        self.seed = seed
        self.bodies: dict[str, Body] = {}
        self.delegations: dict[str, Delegation] = {}
        self.powers: dict[str, Power] = {}
        self.reservations: dict[str, Reservation] = {}
        self.prohibitions: dict[str, Prohibition] = {}
        self.requirements: dict[str, Requirement] = {}
        self.sources: dict[str, Document] = {k: Document(id=k, title=t, kind="statute") for k, t in ACTS.items()}
        self.rng = random.Random(seed)

    # ---- helpers ------------------------------------------------------------------------

    def body(self, id: str, kind: str, level: str, **more) -> str:
        self.bodies[id] = Body(id=id, name=id.replace("-", " ").title(), kind=kind, level=level, **more)
        return id

    def area(self, domain: str, k: int | None = None) -> str:
        areas = DOMAINS[domain]
        return f"{domain}.{areas[(k if k is not None else self.rng.randrange(len(areas))) % len(areas)]}"

    def limit(self, low: int, high: int) -> int:
        """A round limit between `low` and `high`, log-uniform."""
        value = int(10 ** self.rng.uniform(math.log10(low), math.log10(high)))
        return max(low, min(high, int(str(value)[0]) * 10 ** (len(str(value)) - 1)))

    def validity(self) -> Validity:
        """Mostly open; some schemes start or end inside the benchmark's question dates (2024-2028)."""
        roll = self.rng.random()
        if roll < 0.82:
            return Validity()
        if roll < 0.91:
            return Validity(start=D(2025, 4, 1))
        if roll < 0.97:
            return Validity(start=D(2024, 4, 1), until=D(2027, 3, 31))
        return Validity(until=D(2025, 3, 31))  # expired, still marked in force

    def status(self) -> str:
        roll = self.rng.random()
        return "in-force" if roll < 0.92 else "proposed" if roll < 0.97 else "revoked"

    def delegate(self, id: str, from_: str, to: str, functions, scheme: str, **more) -> None:
        more.setdefault("valid", self.validity())
        more.setdefault("status", self.status())
        self.delegations[id] = Delegation(
            id=id,
            from_=from_,
            to=to,
            functions=tuple(functions),
            source=Source(ref=scheme, section=f"{len(self.delegations) % 40 + 1}"),
            **more,
        )

    # ---- the law: granted by body type, once for the whole pack --------------------------

    def statutes(self) -> None:
        def power(id, holder, functions, ref, **more):
            self.powers[id] = Power(
                id=id, holder=holder, functions=tuple(functions), source=Source(ref=ref, section="s.1"), **more
            )

        power("p-la-executive", _sel(type="local-authority"), COUNCIL_DOMAINS, "la-2000")
        power("p-la-finance", _sel(type="local-authority"), ["finance"], "lga-1972", except_=("finance.treasury",))
        power("p-la-treasury", _sel(type="local-authority"), ["finance.treasury"], "lga-1972", limit=500_000_000)
        power("p-la-planning", _sel(type="local-authority"), ["planning"], "tcpa-1990")
        power(
            "p-la-licensing",
            _sel(type="local-authority"),
            ["licensing"],
            "lga-2003",
            delegable=_sel(kind=("committee", "sub-committee", "officer")),
        )
        power("p-la-governance", _sel(type="local-authority"), ["governance"], "lga-1972", delegable=False)
        power(
            "p-hwb-core",
            _sel(type="health-and-wellbeing-board"),
            ["population-health"],
            "hsca-2012",
            delegable=_sel(kind="sub-committee", part_of="$delegator"),
        )
        power("p-icb-commissioning", _sel(type="icb"), ["commissioning"], "nhs-act-2006")
        power(
            "p-icb-corporate",
            _sel(type="icb"),
            ["finance", "workforce", "estates", "digital", "governance"],
            "nhs-act-2006",
            limit=250_000_000,
        )
        power(
            "p-icb-joint",
            _sel(type="icb"),
            ["commissioning.community", "population-health.prevention"],
            "nhs-act-2006",
            delegable=_sel(statutory=True),
            where=_eq("joint", "yes"),
        )
        self.reservations["r-la-budget"] = Reservation(
            id="r-la-budget",
            body=_sel(type="local-authority"),
            functions=("finance.budget",),
            source=Source(ref="lga-1972", section="s.101(6)"),
        )
        self.reservations["r-icb-capital"] = Reservation(
            id="r-icb-capital",
            body=_sel(type="icb"),
            functions=("finance.capital",),
            source=Source(ref="nhs-act-2006", section="sch 1B"),
        )
        self.prohibitions["x-single-member-licensing"] = Prohibition(
            id="x-single-member-licensing",
            applies_to=_sel(kind="member"),
            functions=("licensing",),
            reason="no licensing decision may be taken by a single councillor",
            source=Source(ref="lga-2003", section="s.10"),
        )
        self.prohibitions["x-partnership-budget"] = Prohibition(
            id="x-partnership-budget",
            applies_to=_sel(kind="partnership", statutory=False),
            functions=("finance",),
            reason="a non-statutory partnership may not hold a budget",
            source=Source(ref="nhs-act-2006", section="s.65Z5"),
        )

    # ---- one region: an ICB and its councils ---------------------------------------------

    def region(self, n: int) -> None:
        self.rng = random.Random(f"{self.seed}-{n}")
        councils = [self.council(f"r{n}la{p}") for p in range(1, PLACES + 1)]
        self.icb(f"r{n}icb", councils)

    def council(self, la: str) -> str:
        rng, scheme = self.rng, f"{la}-constitution"
        self.sources[scheme] = Document(id=scheme, title=f"Constitution of {la}", kind="constitution")
        self.body(la, "statutory-body", "place", type="local-authority")
        cabinet = self.body(f"{la}-cabinet", "committee", "place", part_of=la, quorum=4, decides_by="majority")
        leader = self.body(f"{la}-leader", "member", "place", part_of=la)
        scrutiny = self.body(f"{la}-scrutiny-chair", "member", "place", part_of=la)
        planning = self.body(f"{la}-planning", "committee", "place", part_of=la, quorum=5)
        planning_sub = self.body(f"{la}-planning-sub", "sub-committee", "neighbourhood", part_of=planning, quorum=3)
        licensing = self.body(f"{la}-licensing", "committee", "place", part_of=la, quorum=5)
        licensing_sub = self.body(f"{la}-licensing-sub", "sub-committee", "neighbourhood", part_of=licensing, quorum=3)
        audit = self.body(f"{la}-audit", "committee", "place", part_of=la)
        hwb = self.body(f"{la}-hwb", "committee", "place", part_of=la, type="health-and-wellbeing-board", quorum=4)
        hwb_sub = self.body(f"{la}-hwb-sub", "sub-committee", "neighbourhood", part_of=hwb)
        ceo = self.body(f"{la}-ceo", "officer", "place", part_of=la)
        wards = [f"{la}-w{k}" for k in range(1, 5)]

        self.delegate(
            f"{la}-d-cabinet",
            la,
            cabinet,
            COUNCIL_DOMAINS + ("finance",),
            scheme,
            delegable=True,
            status="in-force",
            valid=Validity(),
        )
        self.delegate(
            f"{la}-d-ceo",
            la,
            ceo,
            ["governance.risk", "workforce"],
            scheme,
            limit=self.limit(100_000, 5_000_000),
            conditions=(Condition.of(report_to=((cabinet, "quarter"),)),),
        )
        for i, domain in enumerate(rng.sample(COUNCIL_DOMAINS, 4), 1):
            member = self.body(f"{la}-cm{i}", "member", "place", part_of=la)
            extra = ["licensing.street-trading"] if i == 1 else []  # ungrounded: the cabinet holds no licensing
            self.delegate(
                f"{la}-d-cm{i}",
                cabinet,
                member,
                [domain] + extra,
                scheme,
                limit=self.limit(50_000, 2_000_000),
                conditions=(Condition.of(consult=(leader,)),),
            )
        domains = rng.sample(COUNCIL_DOMAINS + ("finance",), 4)
        for j, domain in enumerate(domains, 1):
            director = self.body(f"{la}-dir{j}", "officer", "place", part_of=la)
            self.delegate(
                f"{la}-d-dir{j}",
                cabinet,
                director,
                [domain],
                scheme,
                limit=self.limit(250_000, 5_000_000),
                delegable=True,
                exclusive=rng.random() < 0.15,
            )
            self.delegate(f"{la}-d-dir{j}-residual", la, director, [domain], scheme, residual=True)
            for k in range(1, 3):
                head = self.body(f"{la}-dir{j}-hos{k}", "officer", "neighbourhood", part_of=la)
                conditions = (Condition.of(approval_of=(director,)),) if rng.random() < 0.3 else ()
                where = _eq("area", rng.choice(wards)) if rng.random() < 0.4 else Where()
                self.delegate(
                    f"{la}-d-dir{j}-hos{k}",
                    director,
                    head,
                    [self.area(domain, k)],
                    scheme,
                    limit=self.limit(10_000, 250_000),
                    conditions=conditions,
                    where=where,
                )
        self.delegate(
            f"{la}-d-planning",
            la,
            planning,
            ["planning"],
            scheme,
            delegable=True,
            exclusive=True,
            status="in-force",
            conditions=(Condition.of(in_public=True),),
        )
        self.delegate(
            f"{la}-d-planning-sub",
            planning,
            planning_sub,
            ["planning.applications"],
            scheme,
            where=_eq("area", rng.choice(wards)),
        )
        self.delegate(
            f"{la}-d-planning-officer",
            planning,
            f"{la}-dir1",
            ["planning.applications", "planning.enforcement"],
            scheme,
            residual=_sel(kind="officer", within=la),
            limit=self.limit(100_000, 1_000_000),
        )
        self.delegate(f"{la}-d-licensing", la, licensing, ["licensing"], scheme, delegable=True)
        self.delegate(
            f"{la}-d-licensing-sub", licensing, licensing_sub, ["licensing.premises", "licensing.gambling"], scheme
        )
        self.delegate(
            f"{la}-d-licensing-officer",
            licensing,
            f"{la}-dir2",
            ["licensing.taxi"],
            scheme,
            limit=self.limit(1_000, 50_000),
        )
        self.delegate(f"{la}-d-audit", la, audit, ["governance.audit"], scheme)
        self.delegate(f"{la}-d-hwb-sub", hwb, hwb_sub, ["population-health"], scheme, delegable=True)
        self.delegate(f"{la}-d-hwb-officer", hwb, ceo, ["population-health.jsna"], scheme)  # not delegable by statute
        for k, ward in enumerate(wards[:3], 1):
            group = self.body(
                f"{la}-nbh{k}",
                "group",
                "neighbourhood",
                part_of=la,
                statutory=False,
                valid=Validity(start=D(2025, 1, 1), until=D(2027, 12, 31)) if k == 3 else Validity(),
            )
            self.delegate(
                f"{la}-d-nbh{k}",
                f"{la}-dir1-hos1",
                group,
                [self.area(domains[0], 1)],
                scheme,
                limit=self.limit(5_000, 50_000),
                where=_eq("area", ward),
                conditions=(Condition.of(notice_days=14),) if k == 2 else (),
            )
        self.delegate(f"{la}-d-old-cabinet", la, cabinet, ["finance.treasury"], scheme, status="revoked")
        self.requirements[f"{la}-key-decisions"] = Requirement(
            id=f"{la}-key-decisions",
            applies_to=_sel(within=la),
            where=_amount_at_least(rng.choice((100_000, 250_000, 500_000))),
            conditions=(
                Condition.of(
                    any=(
                        Condition.of(notice_days=28),
                        Condition.of(notice_days=5, consult=(scrutiny,)),
                        Condition.of(approval_of=(scrutiny,)),
                    )
                ),
            ),
            source=Source(ref="si-2012-2089", section="regs 9-11"),
        )
        return la

    def icb(self, icb: str, councils: list[str]) -> None:
        rng, scheme = self.rng, f"{icb}-sord"
        self.sources[scheme] = Document(
            id=scheme, title=f"Scheme of Reservation and Delegation of {icb}", kind="scheme"
        )
        self.body(icb, "statutory-body", "system", type="icb", quorum=6)
        finance = self.body(f"{icb}-finance", "committee", "system", part_of=icb, quorum=4)
        quality = self.body(f"{icb}-quality", "committee", "system", part_of=icb)
        ceo = self.body(f"{icb}-ceo", "officer", "system", part_of=icb)
        cfo = self.body(f"{icb}-cfo", "officer", "system", part_of=icb)
        self.delegate(
            f"{icb}-d-finance",
            icb,
            finance,
            ["finance", "estates"],
            scheme,
            limit=50_000_000,
            delegable=True,
            status="in-force",
        )
        self.delegate(
            f"{icb}-d-cfo",
            finance,
            cfo,
            ["finance.treasury", "finance.procurement", "estates.leases"],
            scheme,
            limit=self.limit(1_000_000, 10_000_000),
            delegable=True,
        )
        self.delegate(f"{icb}-d-quality", icb, quality, ["governance.quality", "governance.risk"], scheme)
        self.delegate(
            f"{icb}-d-ceo",
            icb,
            ceo,
            ["workforce", "digital", "governance.constitution"],
            scheme,
            limit=self.limit(500_000, 5_000_000),
            delegable=True,
        )
        self.delegate(f"{icb}-d-ceo-cfo", ceo, cfo, ["digital.systems"], scheme, limit=self.limit(50_000, 500_000))
        self.prohibitions[f"{icb}-x-place-cap"] = Prohibition(
            id=f"{icb}-x-place-cap",
            applies_to=_sel(kind="committee", level="place", within=icb),
            functions=("commissioning",),
            where=_amount_at_least(20_000_001),
            reason="place committees may not commit more than £20m",
            source=Source(ref=scheme, section="7.1"),
        )
        for p, la in enumerate(councils, 1):
            place = self.body(f"{icb}-place{p}", "committee", "place", part_of=icb, quorum=5)
            director = self.body(f"{icb}-pd{p}", "officer", "place", part_of=icb)
            board = self.body(
                f"{icb}-ppb{p}",
                "partnership",
                "place",
                statutory=False,
                seats=(Member(body=place), Member(body=f"{la}-hwb")),
                accountable_to=(place,),
                decides_by="consensus",
            )
            self.delegate(
                f"{icb}-d-place{p}",
                icb,
                place,
                ["commissioning", "finance.grants"],
                scheme,
                limit=self.limit(5_000_000, 20_000_000),
                delegable=True,
                status="in-force",
                where=_eq("place", la) if rng.random() < 0.5 else Where(),
            )
            self.delegate(
                f"{icb}-d-pd{p}",
                place,
                director,
                ["commissioning.community", "commissioning.primary-care", "finance.grants"],
                scheme,
                limit=self.limit(250_000, 2_000_000),
                delegable=True,
                conditions=(Condition.of(consult=(board,)),),
                exclusive=rng.random() < 0.2,
            )
            self.delegate(
                f"{icb}-d-ppb{p}",
                place,
                board,
                ["commissioning.community"],
                scheme,
                status="proposed",
                limit=self.limit(100_000, 1_000_000),
            )
            self.delegate(
                f"{icb}-d-joint{p}",
                icb,
                f"{la}-hwb",
                ["population-health.prevention"],
                scheme,
                conditions=(Condition.of(report_to=((icb, "year"),)),),
            )
            for k in range(1, 3):
                manager = self.body(f"{icb}-pd{p}-m{k}", "officer", "neighbourhood", part_of=icb)
                self.delegate(
                    f"{icb}-d-pd{p}-m{k}",
                    director,
                    manager,
                    [self.area("commissioning", 2 * k - 2)],
                    scheme,
                    limit=self.limit(10_000, 200_000),
                    where=_eq("area", f"{la}-w{k}"),
                )


def generate(delegations: int, seed: int = 0) -> Pack:
    """A pack with exactly `delegations` delegations (regions are added until there are enough)."""
    builder = _Builder(seed)
    builder.statutes()
    region = 0
    while len(builder.delegations) < delegations:
        region += 1
        builder.region(region)
    kept = dict(list(builder.delegations.items())[:delegations])
    functions: dict[str, Function] = {}
    for leaf in function_ids():
        parts = leaf.split(".")
        for end in range(1, len(parts)):
            ancestor = ".".join(parts[:end])
            functions.setdefault(ancestor, Function(id=ancestor, name=ancestor, declared=False))
        functions[leaf] = Function(id=leaf, name=leaf.replace(".", " "))
    info = PackInfo(
        id=f"bench-{delegations}",
        title=f"Synthetic national pack, {delegations:,} delegations",
        root="<generated>",
        version=str(seed),
    )

    def ordered(found: dict) -> dict:
        return {key: found[key] for key in sorted(found)}

    return Pack(
        packs=(info,),
        sources=ordered(builder.sources),
        bodies=ordered(builder.bodies),
        functions=ordered(functions),
        powers=ordered(builder.powers),
        delegations=ordered(kept),
        reservations=ordered(builder.reservations),
        prohibitions=ordered(builder.prohibitions),
        requirements=ordered(builder.requirements),
    )


def describe(pack: Pack) -> dict:
    """Counts of what a generated pack holds, for the results table."""
    statuses: dict[str, int] = {}
    for d in pack.delegations.values():
        statuses[d.status] = statuses.get(d.status, 0) + 1
    return {
        "bodies": len(pack.bodies),
        "functions": sum(f.declared for f in pack.functions.values()),
        "powers": len(pack.powers),
        "delegations": len(pack.delegations),
        "reservations": len(pack.reservations),
        "prohibitions": len(pack.prohibitions),
        "requirements": len(pack.requirements),
        "statuses": dict(sorted(statuses.items())),
        "with_where": sum(bool(d.where) for d in pack.delegations.values()),
        "with_conditions": sum(bool(d.conditions) for d in pack.delegations.values()),
        "exclusive": sum(d.exclusive for d in pack.delegations.values()),
        "residual": sum(d.residual is not False for d in pack.delegations.values()),
    }
