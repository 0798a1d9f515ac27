"""A body's box: its name, its kind, the powers it holds and the matters reserved to it; and the tooltips
that give every citation in full (SVG only: paper shows the short citations in the boxes and labels)."""

from __future__ import annotations

from collections import defaultdict

from vires.outputs.diagram.dot_language import Html, attributes, quote, wrap
from vires.outputs.diagram.drawing import Drawing
from vires.outputs.diagram.select import bears_on
from vires.outputs.diagram.style import INK, KINDS, MAX_POWERS, OUTSIDE, SIZE
from vires.outputs.diagram.words import body_name, functions_phrase, kind_words, short_cite
from vires.outputs.wording import cite, condition_words, long_date, safe_url
from vires.pack.model import Body
from vires.values import format_amount


def node(drawing: Drawing, body: Body, width: int) -> str:
    """A body as a DOT node: shaped by kind, its name in words, the powers it holds in gold and the
    matters reserved to it (every one; past four lines in all, the powers are counted); grey when a
    question is drawn and it is not on the chosen chain. Its
    smaller text runs to `width` characters a line, its name (larger) to three quarters of that."""
    pack = drawing.pack
    outside = body.id in drawing.outside
    style = dict(OUTSIDE if outside else KINDS.get(body.kind, KINDS["group"]))
    greyed = drawing.answer is not None and body.id not in drawing.chain_bodies
    if greyed:
        style.update(fillcolor="#ffffff", color=INK["grey"], fontcolor=INK["grey-text"])
    elif drawing.answer is not None:
        style.update(color=INK["chain"], penwidth="2.4")
    name = body.name if body.kind == "holder" else body_name(pack, body.id)
    small = lambda text, colour, bold=False: _small(text, colour, width, bold)  # noqa: E731
    lines = [
        wrap(name, width * 3 // 4),
        small(" · ".join(_details(drawing, body)), INK["grey-text" if greyed else "note"]),
    ]
    held = [] if outside else [small(*power) for power in _powers(drawing, body, greyed)]
    reserved = [] if outside else [small(*matter) for matter in _reserved(drawing, body, greyed)]
    room = max(MAX_POWERS - len(reserved), 2)  # a reserved matter is never left out to make room
    if len(held) > room:
        held = held[: room - 1] + [small(f"+{len(held) - room + 1} more powers", INK["note"])]
    rights = held + reserved
    powers = drawing.powers.get(body.id, [])
    urls = sorted({u for p in powers if (d := pack.sources.get(p.source.ref)) and (u := safe_url(d.url))})
    tooltip = "\n\n".join(
        [body_tooltip(drawing, body)]
        + [rule_tooltip(drawing, p) for p in powers]
        + [rule_tooltip(drawing, r) for r in drawing.reserved.get(body.id, [])]
    )
    return (
        f"{quote(body.id)} "
        + attributes(label=Html("<BR/>".join(lines + rights)), tooltip=tooltip, URL=urls[0] if urls else None, **style)
        + ";"
    )


def _small(text: str, colour: str, width: int, bold: bool = False) -> str:
    """Text in a box below the name: the smaller size, wrapped to `width`, in `colour`."""
    line = wrap(text, width)
    return f'<FONT POINT-SIZE="{SIZE["text"]}" COLOR="{colour}">' + (f"<B>{line}</B>" if bold else line) + "</FONT>"


def _details(drawing: Drawing, body: Body) -> list[str]:
    """The kind of body and what sets it apart: statutory or not, its period, its members."""
    if body.kind == "holder":
        return ["granted powers by law"]
    details = [kind_words(body.kind)]
    if body.id in drawing.outside:
        return details
    if body.statutory != (body.kind not in ("partnership", "group")):
        details.append("statutory" if body.statutory else "non-statutory")
    if body.valid.start or body.valid.until:
        details.append(period(body.valid))
    forming = [seat.body for seat in body.seats if not seat.co_opted]  # the organisations the body is of
    if forming and body.kind in ("partnership", "joint-committee", "committees-in-common", "group"):
        names = [body_name(drawing.pack, m) for m in forming]
        details.append("of " + " and ".join(names) if len(names) <= 2 else f"{len(names)} members")
    count = drawing.within.get(body.id, 1) - 1
    if count:
        details.append(f"{count} {'body' if count == 1 else 'bodies'} within")
    return details


def _powers(drawing: Drawing, body: Body, greyed: bool) -> list[tuple[str, str, bool]]:
    """The powers a body holds, one for each source: functions, limit and short citation (text, colour, bold).

    Those the chosen chain starts from, then those the body passes on by a line drawn, come first, so
    that what is counted away ("+2 more powers") is what explains no line of the drawing.
    """
    by_source = defaultdict(list)
    for power in drawing.powers.get(body.id, []):
        by_source[short_cite(drawing.pack, power.source)].append(power)
    passed_on = [f for d in drawing.delegations if d.from_ == body.id for f in d.functions]

    def order(item) -> tuple:
        source, held = item
        on_chain = any((p.id, body.id) == drawing.chain_grant for p in held)
        explains = any(bears_on(p.functions, p.except_, f) for p in held for f in passed_on)
        return (not on_chain, not explains, source)

    lines = []
    for source, held in sorted(by_source.items(), key=order):
        on_chain = any((p.id, body.id) == drawing.chain_grant for p in held)
        colour = INK["chain"] if on_chain else INK["grey-text"] if greyed else INK["power"]
        text = functions_phrase(drawing.pack, sorted({f for p in held for f in p.functions}))
        limits = {p.limit for p in held}
        if len(limits) == 1 and None not in limits:
            text += f" up to {format_amount(limits.pop(), exact=False)}"
        lines.append((f"{text} ({source})", colour, on_chain))
    return lines


def _reserved(drawing: Drawing, body: Body, greyed: bool) -> list[tuple[str, str, bool]]:
    """The matters reserved to a body, which it may not delegate (text, colour, bold)."""
    return [
        (
            f"reserved to it: {functions_phrase(drawing.pack, r.functions)} ({short_cite(drawing.pack, r.source)})",
            INK["grey-text"] if greyed else INK["reserved"],
            False,
        )
        for r in drawing.reserved.get(body.id, [])
    ]


def body_tooltip(drawing: Drawing, body: Body) -> str:
    """A body in full: name and id, kind and level, what it is part of, members, accountability, quorum."""
    if body.kind == "holder":
        return body.name
    name = lambda b: drawing.pack.bodies[b].name if b in drawing.pack.bodies else b  # noqa: E731
    lines = [f"{body.name} ({body.id})", f"{body.kind}, {body.level} level" + (f", {body.type}" if body.type else "")]
    if body.part_of:
        lines.append(f"part of {name(body.part_of)}")
    if body.members:
        lines.append("members: " + ", ".join(name(m) for m in body.members))
    if body.accountable_to:
        lines.append("accountable to " + ", ".join(name(b) for b in body.accountable_to))
    if body.quorum is not None:
        lines.append(f"quorum {body.quorum}")
    if body.decides_by:
        lines.append(f"decides by {body.decides_by}")
    return "\n".join(lines)


def rule_tooltip(drawing: Drawing, rule) -> str:
    """A power, delegation or reservation in full: functions, limit, period, facts, conditions, citation, quote."""
    pack = drawing.pack
    name = lambda b: pack.bodies[b].name if b in pack.bodies else b  # noqa: E731
    if rule.kind == "designation":
        head = f"designation {rule.id}: {name(rule.to)} acts as {name(rule.acts_as)}"
        head += f" ({rule.status})" if rule.status != "in-force" else ""
    elif rule.kind == "delegation":
        original = pack.delegations.get(rule.id, rule)  # an overview draws it between organisations
        head = f"delegation {original.rule_id}: {name(original.from_)} → {name(original.to)}"
        head += f" ({original.status})" if original.status != "in-force" else ""
    else:
        head = f"{rule.kind} {rule.id}"
    lines = [head, "functions: " + ", ".join(rule.functions)]
    if getattr(rule, "except_", ()):
        lines.append("except: " + ", ".join(rule.except_))
    if rule.kind != "reservation":
        lines.append("limit: " + format_amount(rule.limit))
        if rule.valid.start or rule.valid.until:
            lines.append("valid " + period(rule.valid))
        if rule.where:
            lines.append("only where " + "; ".join(t.describe() for t in rule.where.tests))
        words = condition_words(pack, rule.conditions)
        if words:
            lines.append("conditions: " + "; ".join(words))
    if rule.id in drawing.inactive and drawing.view.date is not None:
        lines.append(f"confers nothing on {long_date(drawing.view.date.isoformat())}: {drawing.inactive[rule.id]}")
    lines.append("source: " + cite(pack, rule.source))
    if rule.source.quote:
        lines.append(f"“{' '.join(rule.source.quote.split())}”")
    return "\n".join(lines)


def period(valid) -> str:
    """A period in words: "1 Feb 2026 to 31 Jan 2027", "from 1 Jul 2022"."""
    show = lambda d: f"{d.day} {d:%b %Y}"  # noqa: E731
    if valid.start and valid.until:
        return f"{show(valid.start)} to {show(valid.until)}"
    return f"from {show(valid.start)}" if valid.start else f"until {show(valid.until)}"
