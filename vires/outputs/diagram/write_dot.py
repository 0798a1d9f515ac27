"""Writing a delegation diagram as DOT text: bodies, powers, delegation lines, labels and a key, every text escaped.

`write(drawing)` gives the DOT of what `vires.outputs.diagram.view` chose to draw; the ranks come from
`vires.outputs.diagram.layout`. Same drawing, same bytes: everything is written in a sorted order.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from vires.outputs.diagram.dot_language import Html, attributes, html, quote, wrap
from vires.outputs.diagram.layout import ancestors_within, label_id, ranks
from vires.outputs.wording import cite, condition_words
from vires.pack.model import Body, Pack
from vires.values import format_amount

if TYPE_CHECKING:
    from vires.outputs.diagram.view import View

PAGE = "11.69,8.27"  # A4 landscape, inches: larger drawings are scaled down to fit
FONT = "Helvetica"
KINDS = {  # kind -> node attributes, in the legend's order
    "statutory-body": {"shape": "box", "style": "filled,bold", "fillcolor": "#cfe2f3", "penwidth": "1.6"},
    "committee": {"shape": "box", "style": "rounded,filled", "fillcolor": "#d9ead3"},
    "sub-committee": {"shape": "box", "style": "rounded,filled,dashed", "fillcolor": "#eef6ea"},
    "joint-committee": {"shape": "box", "style": "rounded,filled,bold", "fillcolor": "#b6d7a8"},
    "committees-in-common": {"shape": "box", "style": "filled,diagonals", "fillcolor": "#d9ead3"},
    "partnership": {"shape": "hexagon", "style": "filled", "fillcolor": "#fff2cc"},
    "officer": {"shape": "ellipse", "style": "filled", "fillcolor": "#e8e0f3"},
    "member": {"shape": "ellipse", "style": "filled", "fillcolor": "#f9dde6"},
    "group": {"shape": "note", "style": "filled", "fillcolor": "#eeeeee"},
    "holder": {"shape": "box", "style": "rounded,dashed", "fillcolor": "#ffffff"},  # a selector, not a body
}
KEY_WORDS = {"holder": "bodies a law\ngrants powers to"}
WRAP = {"box": 12, "note": 12, "ellipse": 12, "hexagon": 14}  # characters a line in a body's name
INK = {
    "in-force": "#1f4e79",
    "proposed": "#b45f06",
    "power": "#7f6000",
    "accountable": "#808080",
    "chain": "#c00000",
    "grey": "#c8c8c8",
    "grey-text": "#a6a6a6",
    "note": "#595959",
}
MAX_FUNCTIONS = 2  # functions named on a label; the tooltip names them all


@attrs.frozen(kw_only=True, eq=False)
class Drawing:
    """What a diagram shows, as `vires.outputs.diagram.view` chose it.

    `edges` holds the delegations drawn as one line, by (from, to, status); `powers` the powers
    written in each holder's box; `chain_*` the chain an answer chose (empty without a question).
    """

    pack: Pack
    view: View
    answer: dict | None
    bodies: list[Body]
    delegations: list
    powers: Mapping[str, list]
    edges: Mapping[tuple[str, str, str], list]
    chain_rules: frozenset = frozenset()
    chain_bodies: frozenset = frozenset()
    chain_grant: tuple[str, str] | None = None  # (power, holder) that starts the chosen chain


def write(drawing: Drawing) -> str:
    """The DOT text of `drawing`."""
    return _Writer(drawing).dot()


class _Writer:
    """One DOT text being written; the ranks of its nodes grow as the key is added."""

    def __init__(self, drawing: Drawing):
        self.pack, self.view, self.answer = drawing.pack, drawing.view, drawing.answer
        self.bodies, self.delegations = drawing.bodies, drawing.delegations
        self.powers, self.edges = drawing.powers, drawing.edges
        self.chain_rules, self.chain_bodies = drawing.chain_rules, drawing.chain_bodies
        self.chain_grant = drawing.chain_grant
        self.ranks: dict[str, int] = {}

    def dot(self) -> str:
        self.ranks = ranks(self.bodies, self.delegations, self.edges, self.powers)
        kept = {b.id for b in self.bodies}
        children = defaultdict(list)
        for body in self.bodies:
            children[body.part_of if body.part_of in kept and body.part_of != body.id else None].append(body)
        labels = defaultdict(list)  # the innermost cluster holding both ends -> the edge labels drawn in it
        by_id = {b.id: b for b in self.bodies}
        for key in sorted(self.edges):
            around_head = set(ancestors_within(key[1], by_id))
            common = [a for a in ancestors_within(key[0], by_id) if a in around_head and children[a]]
            labels[common[0] if common else None].append(key)
        out = [
            "digraph vires {",
            "  graph "
            + attributes(
                rankdir="TB",
                newrank="true",
                fontname=FONT,
                fontsize="12",
                labelloc="t",
                labeljust="l",
                label=self._title(),
                nodesep="0.15",
                ranksep="0.2",
                splines="true",
                pad="0.2",
                margin="0",
                size=PAGE,
                outputorder="edgesfirst",
                remincross="true",
                tooltip=self._plain_title(),
            )
            + ";",
            "  node " + attributes(fontname=FONT, fontsize="9", margin="0.05,0.02") + ";",
            "  edge " + attributes(fontname=FONT, fontsize="7", arrowsize="0.6") + ";",
        ]
        seen: set[str] = set()
        for body in children[None]:
            out += self._tree(body, children, labels, seen, "  ")
        for body in self.bodies:  # bodies in a part_of cycle, drawn outside any cluster
            if body.id not in seen:
                out.append("  " + self._node(body))
        out += ["  " + self._label(key) for key in labels[None]]
        out += self._delegation_edges()
        out += self._accountability_edges(kept)
        out += self._legend()
        out += self._rank_groups()
        return "\n".join(out + ["}"]) + "\n"

    def _title(self) -> Html:
        lines = [f"<B>{html(self._pack_title())}</B>"] + [html(line) for line in self._subtitles()]
        return Html('<BR ALIGN="LEFT"/>'.join(lines) + '<BR ALIGN="LEFT"/>')

    def _plain_title(self) -> str:
        return "\n".join([self._pack_title(), *self._subtitles()])

    def _pack_title(self) -> str:
        return "; ".join(p.title for p in self.pack.packs) or "Delegations"

    def _subtitles(self) -> list[str]:
        view, pack, lines = self.view, self.pack, []
        if view.function is not None:
            lines.append(f"Only what bears on {view.function}: {pack.functions[view.function].name}")
        if view.body is not None:
            lines.append(f"Around {pack.bodies[view.body].name}: where its authority comes from and where it goes")
        if view.date is not None:
            lines.append(f"Rules and bodies valid on {view.date.isoformat()}")
        if self.answer is None:
            return lines
        q = self.answer["question"]
        amount = f" for {format_amount(q['amount'])}" if q["amount"] is not None else ""
        text = f"May {pack.bodies[q['body']].name} decide {q['decision']}{amount} on {q['date']}? "
        if self.answer["chains"]:
            chain = self.answer["chains"][0]
            limit = "no financial limit" if chain["limit"] is None else f"limit {format_amount(chain['limit'])}"
            text += f"{self.answer['outcome'].capitalize()}: the chosen chain is drawn in red ({limit})"
            if chain["outstanding"]:
                text += f"; {len(chain['outstanding'])} condition(s) outstanding"
        else:
            text += "Denied: " + ", ".join(sorted({r["code"] for r in self.answer["reasons"]}))
        return lines + [text + ("; proposed delegations treated as adopted" if q["include_proposed"] else "")]

    def _tree(self, body: Body, children, labels, seen: set, indent: str) -> list[str]:
        """A body; with whatever is part of it, a cluster, holding the labels of the lines within it."""
        seen.add(body.id)
        kids = [k for k in children[body.id] if k.id not in seen]
        if not kids:
            return [indent + self._node(body)]
        grey = self.answer is not None
        out = [
            f"{indent}subgraph {quote('cluster_' + body.id)} {{",
            indent
            + "  graph "
            + attributes(
                label="",
                style="rounded,filled",
                penwidth="0.8",
                color="#d0d0d0" if grey else "#a6a6a6",
                fillcolor="#fbfbfb" if grey else "#f3f3f3",
                tooltip=body.name,
            )
            + ";",
            indent + "  " + self._node(body),
        ]
        for kid in kids:
            out += self._tree(kid, children, labels, seen, indent + "  ")
        out += [indent + "  " + self._label(key) for key in labels[body.id]]
        return out + [indent + "}"]

    def _node(self, body: Body) -> str:
        """A body: its name, its kind in small grey, and the powers it holds in gold (source in short,
        functions, limit); the tooltip and the link give the citations in full."""
        style = dict(KINDS.get(body.kind, KINDS["group"]))
        width = WRAP[style["shape"]]
        detail = [body.kind.replace("-", " ") if body.kind != "holder" else "granted powers by law"]
        if body.statutory != (body.kind not in ("partnership", "group", "holder")):
            detail.append("statutory" if body.statutory else "non-statutory")
        if body.valid.start or body.valid.until:
            detail.append(_period(body.valid))
        if body.members:
            names = [self.pack.bodies[m].name if m in self.pack.bodies else m for m in body.members]
            detail.append("members: " + ", ".join(names) if len(names) <= 2 else f"{len(names)} members")
        greyed = self.answer is not None and body.id not in self.chain_bodies
        if greyed:
            style.update(fillcolor="#ffffff", color=INK["grey"], fontcolor=INK["grey-text"])
        elif self.answer is not None:
            style.update(color=INK["chain"], penwidth="2.4")
        small = f'<FONT POINT-SIZE="7" COLOR="{INK["grey-text"] if greyed else INK["note"]}">'
        lines = [wrap(body.name, width), small + wrap(" · ".join(detail), width + 8) + "</FONT>"]
        powers = self.powers.get(body.id, [])
        by_source = defaultdict(list)
        for power in powers:
            by_source[short_cite(self.pack, power.source, place=False)].append(power)
        for source, held in sorted(by_source.items()):
            on_chain = any((p.id, body.id) == self.chain_grant for p in held)
            colour = INK["chain"] if on_chain else INK["grey-text"] if greyed else INK["power"]
            text = f"power: {source}: {short_functions(sorted({f for p in held for f in p.functions}))}"
            limits = {p.limit for p in held}
            if len(limits) == 1 and None not in limits:
                text += f" up to {format_amount(limits.pop(), exact=False)}"
            line = wrap(text, width + 10)
            lines.append(
                f'<FONT POINT-SIZE="7" COLOR="{colour}">' + (f"<B>{line}</B>" if on_chain else line) + "</FONT>"
            )
        urls = sorted({d.url for p in powers if (d := self.pack.sources.get(p.source.ref)) and d.url})
        tooltip = "\n\n".join([self._body_tooltip(body)] + [self._rule_tooltip(p) for p in powers])
        return (
            f"{quote(body.id)} "
            + attributes(label=Html("<BR/>".join(lines)), tooltip=tooltip, URL=urls[0] if urls else None, **style)
            + ";"
        )

    def _body_tooltip(self, body: Body) -> str:
        if body.kind == "holder":
            return body.name
        name = self._name
        lines = [
            f"{body.name} ({body.id})",
            f"{body.kind}, {body.level} level" + (f", {body.type}" if body.type else ""),
        ]
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

    def _rule_tooltip(self, rule) -> str:
        """A power or delegation in full: functions, limit, period, facts, conditions, citation, quote."""
        if rule.kind == "power":
            head = f"power {rule.id}"
        else:
            head = f"delegation {rule.id}: {self._name(rule.from_)} → {self._name(rule.to)}"
            head += f" ({rule.status})" if rule.status != "in-force" else ""
        lines = [head, "functions: " + ", ".join(rule.functions)]
        if rule.except_:
            lines.append("except: " + ", ".join(rule.except_))
        lines.append("limit: " + format_amount(rule.limit))
        if rule.valid.start or rule.valid.until:
            lines.append("valid " + _period(rule.valid))
        if rule.where:
            lines.append("only where " + "; ".join(t.describe() for t in rule.where.tests))
        words = condition_words(self.pack, rule.conditions)
        if words:
            lines.append("conditions: " + "; ".join(words))
        lines.append("source: " + cite(self.pack, rule.source))
        if rule.source.quote:
            lines.append(f"“{' '.join(rule.source.quote.split())}”")
        return "\n".join(lines)

    def _name(self, body_id: str) -> str:
        return self.pack.bodies[body_id].name if body_id in self.pack.bodies else body_id

    # ---- delegations: a label node between two lines ---------------------------------------

    def _label(self, key: tuple[str, str, str]) -> str:
        delegations = self.edges[key]
        prefix = "proposed: " if key[2] == "proposed" else ""
        lines = []
        for d in delegations:
            text = prefix + short_functions(d.functions)
            text += " except " + short_functions(d.except_) if d.except_ else ""
            text += f" up to {format_amount(d.limit, exact=False)}" if d.limit is not None else ""
            flags = [f for f in ("exclusive", "residual") if getattr(d, f) is not False]
            text += f" ({', '.join(flags)})" if flags else ""
            line = wrap(text, 16)
            lines.append(f"<B>{line}</B>" if d.id in self.chain_rules else line)
        colour, fontcolor, _ = self._ink(key)
        urls = sorted({doc.url for d in delegations if (doc := self.pack.sources.get(d.source.ref)) and doc.url})
        return (
            f"{quote(label_id(key))} "
            + attributes(
                label=Html("<BR/>".join(lines)),
                shape="plaintext",
                fontsize="7",
                fontcolor=fontcolor,
                height="0",
                margin="0.02,0",
                tooltip="\n\n".join(self._rule_tooltip(d) for d in delegations),
                URL=urls[0] if urls else None,
            )
            + ";"
        )

    def _ink(self, key) -> tuple[str, str, str | None]:
        """Line colour, text colour and pen width for the delegations between two bodies."""
        on_chain = any(d.id in self.chain_rules for d in self.edges[key])
        kind = "proposed" if key[2] == "proposed" else "in-force"
        if on_chain:
            return INK["chain"], INK["chain"], "2.4"
        if self.answer is not None:
            return INK["grey"], INK["grey-text"], None
        return INK[kind], INK[kind], None

    def _delegation_edges(self) -> list[str]:
        out = []
        for key in sorted(self.edges):
            tail, head, status = key
            colour, _, pen = self._ink(key)
            tooltip = "\n\n".join(self._rule_tooltip(d) for d in self.edges[key])
            style = {"proposed": "dashed", "revoked": "dotted"}.get(status)
            label = label_id(key)
            for a, b, arrow in ((tail, label, "none"), (label, head, None)):
                out.append(
                    f"  {quote(a)} -> {quote(b)} "
                    + attributes(
                        color=colour,
                        penwidth=pen,
                        style=style,
                        arrowhead=arrow,
                        tooltip=tooltip,
                        constraint="false" if self.ranks[b] <= self.ranks[a] else None,
                    )
                    + ";"
                )
        return out

    def _accountability_edges(self, kept: set[str]) -> list[str]:
        colour = INK["grey"] if self.answer is not None else INK["accountable"]
        return [
            f"  {quote(body.id)} -> {quote(target)} "
            + attributes(
                style="dotted",
                color=colour,
                arrowhead="onormal",
                constraint="false",
                tooltip=f"{body.name} is accountable to {self._name(target)}",
            )
            + ";"
            for body in self.bodies
            for target in sorted(body.accountable_to)
            if target in kept and target != body.id
        ]

    def _legend(self) -> list[str]:
        """A key to the kinds of body and of line drawn, in the ranks below everything else."""
        out = [
            "  subgraph cluster_key {",
            "    graph "
            + attributes(label="Key", fontsize="10", style="rounded", color="#a6a6a6", labeljust="l")
            + ";",
        ]
        kinds = [k for k in KINDS if any(b.kind == k for b in self.bodies)]
        out += [
            f"    {quote('key:' + k)} "
            + attributes(label=KEY_WORDS.get(k, k.replace("-", " ")), fontsize="8", height="0.3", **KINDS[k])
            + ";"
            for k in kinds
        ]
        if self.powers:
            kinds.append("power")
            out.append(
                f"    {quote('key:power')} "
                + attributes(
                    shape="box",
                    style="filled",
                    fillcolor="#ffffff",
                    color="#a6a6a6",
                    fontsize="8",
                    label=Html(
                        f'a body<BR/><FONT POINT-SIZE="7" COLOR="{INK["power"]}">power: its source:<BR/>'
                        "functions up to limit</FONT>"
                    ),
                )
                + ";"
            )
        samples = []
        if any(d.status == "in-force" for d in self.delegations):
            samples.append(("delegation", "delegation:\nfunctions up to limit", {"color": INK["in-force"]}))
        if any(d.status == "proposed" for d in self.delegations):
            samples.append(("proposed", "proposed delegation", {"color": INK["proposed"], "style": "dashed"}))
        if any(b.accountable_to for b in self.bodies):
            samples.append(
                (
                    "accountable",
                    "accountable to",
                    {"color": INK["accountable"], "style": "dotted", "arrowhead": "onormal"},
                )
            )
        if self.answer is not None:
            samples.append(("chain", "the chosen chain", {"color": INK["chain"], "penwidth": "2.4"}))
        out.append(
            f"    {quote('key:note')} "
            + attributes(
                shape="plaintext",
                fontsize="8",
                label="Levels run from national (top) to\nneighbourhood (bottom). "
                "A grey box holds\na body with its committees and officers.\nPoint at a line or box for its "
                "citations.",
            )
            + ";"
        )
        for name, text, style in samples:
            tail, head = f"key:{name}:from", f"key:{name}:to"
            out += [
                f"    {quote(n)} " + attributes(shape="point", width="0.05", color="#808080") + ";"
                for n in (tail, head)
            ]
            out.append(
                f"    {quote(tail)} -> {quote(head)} "
                + attributes(label=Html(html(text)), fontsize="7", fontcolor=style.get("color"), **style)
                + ";"
            )
        bottom = max(self.ranks.values(), default=-1) + 1
        self.ranks.update({f"key:{k}": bottom for k in kinds} | {"key:note": bottom + 1})
        self.ranks.update(
            {f"key:{n}:{end}": bottom + 1 + (end == "to") for n, _, _ in samples for end in ("from", "to")}
        )
        return out + ["  }"]

    def _rank_groups(self) -> list[str]:
        """Each rank a `rank=same` group with an invisible marker; the markers, chained, keep the ranks in order."""
        by_rank = defaultdict(list)
        for node, rank in self.ranks.items():
            by_rank[rank].append(node)
        out = []
        for rank in range(max(by_rank, default=-1) + 1):
            marker = quote(f"rank:{rank}")
            out.append(f"  {marker} " + attributes(style="invis", shape="point", width="0", label="") + ";")
            if rank:
                out.append(f"  {quote(f'rank:{rank - 1}')} -> {marker} " + attributes(style="invis") + ";")
            out.append(f"  {{rank=same; {marker}; " + " ".join(quote(n) + ";" for n in sorted(by_rank[rank])) + "}")
        return out


def short_functions(functions: Iterable[str]) -> str:
    """Function ids in few words: siblings share their parent (`nhp.develop, .deliver`); at most
    MAX_FUNCTIONS named and the rest counted."""
    parts, parent = [], None
    for function in functions:
        head, _, tail = function.rpartition(".")
        parts.append("." + tail if head and head == parent else function)
        parent = head or None
    shown = ", ".join(parts[:MAX_FUNCTIONS])
    return shown + (f" +{len(parts) - MAX_FUNCTIONS} more" if len(parts) > MAX_FUNCTIONS else "")


def short_cite(pack, source, place: bool = True) -> str:
    """A source in few words: `LGA 1972 s.101`, `SI 2013/218 reg 3`, the title when short, or its
    first words; `place` adds the section or clause."""
    document = pack.sources.get(source.ref)
    title = " ".join((document.title if document else source.ref).split())
    statutory_instrument = re.search(r"\((SI \d{4}/\d+)\)", title)
    act = re.fullmatch(r"(.+) Act (\d{4})", title)
    if statutory_instrument:
        title = statutory_instrument.group(1)
    elif act and len(title) > 24:
        words = [w for w in re.split(r"[\s,()-]+", act.group(1)) if w[:1].isupper()]
        title = "".join(w[0] for w in words) + "A " + act.group(2)
    elif len(title) > 28:
        head = title.split(": ")[0]
        title = head if len(head) <= 28 else title[:27].rsplit(" ", 1)[0].rstrip(",:;") + "…"
    return title + (f" {source.place}" if place and source.place else "")


def _period(valid) -> str:
    if valid.start and valid.until:
        return f"{valid.start.isoformat()} to {valid.until.isoformat()}"
    return f"from {valid.start.isoformat()}" if valid.start else f"until {valid.until.isoformat()}"
