"""The small place the diagram tests draw, and helpers that read a drawing's DOT as a reader sees it."""

from __future__ import annotations

import datetime as dt
import html
import re

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
    Reservation,
    Selector,
    Source,
    Validity,
)

DATE = dt.date(2026, 6, 1)


def _source(section: str, ref: str = "act") -> Source:
    return Source(ref=ref, section=section)


def board_pack(reverse: bool = False) -> Pack:
    """A small place: an ICB and a council with committees, officers and a partnership; one name full
    of markup and one with a short name; a proposed, a revoked and a time-limited delegation, and one
    that cannot be passed on; a reserved matter; accountability; a URL with `&`."""
    bodies = [
        Body(
            id="icb",
            name="Example Integrated Care Board",
            short_name="Example ICB",
            kind="statutory-body",
            type="icb",
            level="system",
        ),
        Body(
            id="place", name="Place Committee", kind="committee", part_of="icb", level="place", accountable_to=("icb",)
        ),
        Body(id="director", name="Place Director", kind="officer", part_of="icb", level="place"),
        Body(id="deputy", name="Deputy Place Director", kind="officer", part_of="icb", level="place"),
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
            seats=(Member(body="council"), Member(body="icb")),
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
        Function(id="care", name="care", declared=False),
        Function(id="care.contracts", name="Award care contracts"),
        Function(id="care.grants", name="Award small grants"),
        Function(id="health", name="health", declared=False),
        Function(id="health.strategy", name="Set the health strategy"),
        Function(id="finance.budget", name="Spend the budget"),
        Function(id="finance", name="finance", declared=False),
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
            id="d-director-deputy",
            from_="director",
            to="deputy",
            functions=("care.contracts",),
            limit=100_000,
            source=Source(ref="sord", section="4.4"),
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
    reservations = [
        Reservation(
            id="r-council-budget",
            body=(Selector(body=("council",)),),
            functions=("finance.budget",),
            except_via=("d-council-cabinet",),
            source=_source("Part 3, 2.1", "constitution"),
        )
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
        reservations=by_id(reservations),
    )


# ---- reading a drawing as its reader sees it -----------------------------------------------------


def labels(dot: str) -> list[str]:
    """The labels of a DOT text as written: HTML-like ones with their markup, quoted ones unquoted."""
    found, at = [], 0
    while (at := dot.find("label=", at)) >= 0:
        at += len("label=")
        if dot[at] == "<":  # an HTML-like label: up to the `>` that balances its first `<`
            depth, end = 0, at
            while True:
                depth += {"<": 1, ">": -1}.get(dot[end], 0)
                end += 1
                if depth == 0:
                    break
            found.append(dot[at + 1 : end - 1])
        elif dot[at] == '"':
            quoted = re.match(r'"((?:[^"\\]|\\.)*)"', dot[at:]).group(1)
            found.append(quoted.replace("\\n", "\n").replace('\\"', '"'))
    return found


def visible_texts(dot: str) -> list[str]:
    """Every text a reader of the drawing sees, a line each: the labels, markup removed and entities
    read (tooltips, URLs and the ids of nodes are not seen on paper)."""
    found = []
    for label in labels(dot):
        text = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<BR[^>]*>", "\n", label)))
        found += [line for line in text.split("\n") if line.strip()]
    return found


def node_line(dot: str, node: str) -> str:
    """The line of `dot` that declares `node`."""
    return next(line for line in dot.splitlines() if line.strip().startswith(f'"{node}" ['))
