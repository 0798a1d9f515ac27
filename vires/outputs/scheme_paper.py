"""A scheme of delegation written for a board paper: one table a body, names where a reader looks.

Each row says what a body may decide, by what chain, within what limit, on what conditions, and cites
its sources. A body that decides nothing in its own right gets a sentence saying so, and what it does
instead (`body_roles`). The diagram, when given as DOT, closes the paper on a page of its own.
"""

from __future__ import annotations

from vires.outputs.body_roles import roles
from vires.outputs.paper import Block, Cell, Figure, Heading, Line, Paper, Para, Run, Table, line
from vires.outputs.paper_words import Words
from vires.outputs.scheme import Row, Scheme
from vires.outputs.wording import entry_words, long_date
from vires.pack.model import Source, matches_any
from vires.values import format_amount

COLUMNS = ("Decision", "Who decides", "Limit", "Conditions", "Source")
WIDTHS = (22, 24, 9, 28, 17)


def scheme_paper(scheme: Scheme, dot: str | None = None, ids: bool = False) -> Paper:
    """The scheme as a landscape paper: a note on its date and rules, a section a body, then the diagram."""
    words = Words(scheme.pack, ids)
    pack, date = scheme.pack, long_date(scheme.date.isoformat())
    title = "Scheme of delegation" + (f": {pack.bodies[scheme.body].name}" if scheme.body else "")
    blocks: list[Block] = [Para(_note(scheme), note=True)]
    for body in scheme.bodies():
        if scheme.body is None:
            blocks.append(Heading(1, pack.bodies[body].name + (f" ({body})" if ids else "")))
        rows = scheme.rows_of(body)
        if rows:
            blocks.append(Table(COLUMNS, tuple(_cells(words, row) for row in rows), WIDTHS))
            continue
        blocks.append(Para(line(f"The scheme delegates no decision to this body on {date}, and it holds no power.")))
        blocks += [Para(text) for text in roles(words, body, scheme.date, scheme.include_proposed)]
    if dot is not None:
        of = f" of {pack.bodies[scheme.body].name}" if scheme.body else ""
        blocks.append(
            Figure(
                dot,
                f"The delegations{of} as at {date}",
                "The diagram of these delegations is left out: Graphviz, which draws it, is not installed "
                "where this paper was written.",
            )
        )
    return Paper(title=title, blocks=tuple(blocks), landscape=True)


def _note(scheme: Scheme) -> Line:
    """The date, the rules and what a row means, with the bodies left out because they do not exist then."""
    pack = scheme.pack
    rules = "; ".join(p.title + (f" (version {p.version})" if p.version else "") for p in pack.packs)
    proposed = (
        "proposed delegations are treated as adopted and marked (proposed)"
        if scheme.include_proposed
        else "proposed delegations are not included"
    )
    text = (
        f"As at {long_date(scheme.date.isoformat())}; {proposed}. Rules: {rules or 'as loaded'}. Limits are per "
        "decision. Each row is what vires answers for that body and decision on that date, asked without an "
        "amount or facts."
    )
    gone = scheme.left_out()
    if gone:
        names = "; ".join(pack.bodies[b].name for b in gone)
        text += f" Bodies that do not exist on that date are left out: {names}."
    return line(text)


def _cells(words: Words, row: Row) -> tuple[Cell, ...]:
    """A row's cells: the decision, who decides by what chain, the limit, the conditions, the sources."""
    limit = format_amount(row.limit) if row.limit is not None else "no limit"
    return (_decision(words, row), (_who(words, row),), (line(limit),), _conditions(words, row), _sources(words, row))


def _decision(words: Words, row: Row) -> Cell:
    """The function by name; a function implied by dotted ids stands for the declared functions under it."""
    pack = words.pack
    function = pack.functions[row.function]
    if function.declared:
        own_id = line(" (", Run(row.function, code=True), ")") if words.ids else ()
        cell: list[Line] = [line(Run(function.name, strong=True), own_id)]
    else:
        parts = [
            f
            for f in pack.functions
            if f.startswith(row.function + ".") and pack.functions[f].declared and f not in row.except_
        ]
        cell = [line(Run("All of:", strong=True), " ", "; ".join(words.named(pack, f) for f in parts) or row.function)]
    if row.except_:
        elsewhere = dict(row.reserved_elsewhere)
        cell.append(line("except " + "; ".join(_excepted(words, f, elsewhere.get(f)) for f in row.except_)))
    for reservation_id in row.reserved:
        cell.append(_reserved(words, row, pack.reservations[reservation_id]))
    return tuple(cell)


def _excepted(words: Words, function: str, reservation_id: str | None) -> str:
    """A function left out of a row, and to whom it is reserved when a reservation keeps it elsewhere."""
    named = words.named(words.pack, function)
    if reservation_id is None:
        return named
    return f"{named} (reserved to {_holders(words, words.pack.reservations[reservation_id])})"


def _reserved(words: Words, row: Row, reservation) -> Line:
    """`Reserved to Full Council, which may not delegate it: Constitution, 3.2` (naming the part, for a wider row)."""
    pack = words.pack
    part = [f for f in reservation.functions if f != row.function and f.startswith(row.function + ".")]
    what = "; ".join(words.named(pack, f) for f in part) + " is reserved" if part else "Reserved"
    cited = words.citation(reservation.source.ref, reservation.source.place, reservation.source.confirmed)
    text = f"{what} to {_holders(words, reservation)}, which may not delegate it: "
    return line(text, cited, words.rule(reservation.id))


def _holders(words: Words, reservation) -> str:
    """The bodies a reservation keeps its matter with, by name."""
    pack = words.pack
    held = [b for b, body in pack.bodies.items() if matches_any(reservation.body, body, pack.bodies)]
    return " and ".join(words.named(pack, b) for b in held) or "the body it names"


def _who(words: Words, row: Row) -> Line:
    """`Director, by delegation: Council (power) → Cabinet → Director`."""
    pack = words.pack
    steps: list[Line] = []
    for link in row.links:
        if link["kind"] == "power":
            steps.append(line(words.of(link["holder"]), " (power)"))
        else:
            proposed = pack.rule(link["rule"]).status == "proposed"
            designated = link["kind"] == "designation"
            acting = line(" (acting as ", words.of(link["from"]), ", by designation)") if designated else ()
            steps.append(line(words.of(link["to"]), acting, " (proposed)" if proposed else ""))
    who = line(Run(words.named(pack, row.body), strong=True))
    if row.organisation and row.organisation != row.body:
        who = line(who, ", on behalf of ", words.of(row.organisation))
    if len(steps) == 1:
        return line(who, ", by its own power")
    chain: Line = ()
    for number, step in enumerate(steps):
        chain = line(chain, " → " if number else "", step)
    return line(who, ", by delegation: ", chain)


def _conditions(words: Words, row: Row) -> Cell:
    """What to do before deciding and after, in words; `none` where there is nothing."""
    cell = []
    for lead, entries in (("Before deciding: ", row.before), ("After or in deciding: ", row.after)):
        if entries:
            text: Line = line(lead)
            for number, entry in enumerate(entries):
                said = entry_words(words.pack, entry, words.named)
                text = line(text, "; " if number else "", said, words.rule(entry["rule"]))
            cell.append(text)
    return tuple(cell) or (line("none"),)


def _sources(words: Words, row: Row) -> Cell:
    """Each document the chain cites, once, with the places cited in it in chain order."""
    places: dict[str, list[str]] = {}  # document -> the places cited in it
    unconfirmed: set[str] = set()
    for link in row.links:
        sources = [words.pack.rule(link["rule"]).source]
        if link.get("limit_source"):  # a dated limit cites the entry in force on the scheme's date
            limit = link["limit_source"]
            place = limit.get("section") or (f"clause {limit['clause']}" if limit.get("clause") else None)
            sources.append(Source(ref=limit["ref"], section=place, confirmed=limit.get("confirmed") is not False))
        for source in sources:
            cited = places.setdefault(source.ref, [])
            if source.place and source.place not in cited:
                cited.append(source.place)
            if not source.confirmed:
                unconfirmed.add(source.ref)
    return tuple(words.citation(ref, "; ".join(cited) or None, ref not in unconfirmed) for ref, cited in places.items())
