"""Delegation diagrams: deterministic DOT text built from derived rules, rendered apart by Graphviz's `dot`.

The DOT is laid out here rather than left to `dot`: each level is a band of ranks (national at the
top), each organisation's bodies are grouped in a cluster, delegators stand above their delegates,
and an edge's label is a node of its own in the rank below the delegator, so labels never overlap.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections import defaultdict
from typing import Iterable

import attrs

from vires.errors import RenderError
from vires.model import LEVELS, Body, covers
from vires.question import Question, require_declared
from vires.scheme import cite, condition_words
from vires.values import format_amount

FORMATS = ("dot", "svg", "png", "pdf")
PAGE = "11.69,8.27"  # A4 landscape, inches: larger drawings are scaled down to fit
PNG_DPI = 150
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
INK = {"in-force": "#1f4e79", "proposed": "#b45f06", "power": "#7f6000", "accountable": "#808080",
       "chain": "#c00000", "grey": "#c8c8c8", "grey-text": "#a6a6a6", "note": "#595959"}
MAX_FUNCTIONS = 2  # functions named on a label; the tooltip names them all
ROW = 3  # leaves of one body drawn side by side before another row starts


@attrs.frozen(kw_only=True)
class View:
    """What to draw: all of it, what bears on a function, a body's neighbourhood, a chain highlighted.

    `date` leaves out rules and bodies not valid on that day; `question` highlights the chain `ask` chooses.
    """

    function: str | None = None
    body: str | None = None
    date: dt.date | None = None
    question: Question | None = None


# ---- escaping: every text from a pack passes through one of these ----------------------------

def quote(text: str) -> str:
    """A DOT quoted string, `&` written `&amp;` (Graphviz reads entities in labels and tooltips, and
    writes a URL into SVG as given, so a bare `&` would make the SVG invalid)."""
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return '"' + text.replace("\r\n", "\n").replace("\n", "\\n") + '"'


def html(text: str) -> str:
    """Text for an HTML-like label: markup characters escaped, newlines as line breaks."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return "<BR/>".join(text.replace("\r\n", "\n").split("\n"))


def wrap(text: str, width: int) -> str:
    """Text in lines of about `width` characters, broken at spaces or after a dot in an id, escaped
    for an HTML-like label."""
    lines = []
    for part in text.splitlines() or [""]:
        line = ""
        for word in re.findall(r"\.?[^\s.]+\.?|\.|\s+", part):
            if line.strip() and len(line.rstrip()) + len(word.rstrip()) > width:
                lines.append(line.rstrip())
                line = word.lstrip()
            else:
                line += word
        lines.append(line.rstrip())
    return "<BR/>".join(html(line) for line in lines)


class Html(str):
    """An HTML-like label, already escaped: written between `<` and `>`, never quoted."""


def attributes(**values: str | None) -> str:
    """`[a="x", b=<html>]`, sorted by name; None leaves an attribute out."""
    parts = []
    for key, value in sorted(values.items()):
        if value is None:
            continue
        if isinstance(value, Html):
            parts.append(f"{key}=<{value}>")
        else:
            parts.append(f"{key}={quote(value)}")
    return "[" + ", ".join(parts) + "]" if parts else ""


# ---- the diagram -------------------------------------------------------------------------------

def to_dot(rules, view: View = View()) -> str:
    """The diagram of `rules` (a `vires.api.Rules`) as DOT text: same rules and view, same bytes."""
    require_declared(rules.pack, view.body, view.function)
    answer = rules.ask(view.question) if view.question is not None else None
    return _Drawing(rules, view, answer).dot()


def bears_on(functions: Iterable[str], except_: Iterable[str], function: str) -> bool:
    """Does a rule listing `functions` bear on `function`: it covers it, or covers part of it?"""
    functions, except_ = tuple(functions), tuple(except_)
    if covers(functions, except_, function):
        return True
    return any(f.startswith(function + ".") and not covers(except_, (), f) for f in functions)


class _Drawing:
    """One diagram: picks the rules and bodies the view keeps, lays them out, writes them as DOT."""

    def __init__(self, rules, view: View, answer: dict | None):
        self.pack, self.view, self.answer = rules.pack, view, answer
        self.chain_rules: set[str] = set()
        self.chain_bodies: set[str] = set()
        self.chain_grant: tuple[str, str] | None = None  # (power, holder) that starts the chosen chain
        if answer is not None:
            self.chain_bodies.add(answer["question"]["body"])
            for link in answer["chains"][0]["links"] if answer["chains"] else ():
                self.chain_rules.add(link["rule"])
                self.chain_bodies.update(link[k] for k in ("holder", "from", "to") if k in link)
                if link["kind"] == "power":
                    self.chain_grant = (link["rule"], link["holder"])
        grants, self.delegations = self._select(rules)
        self.bodies = self._bodies(grants)
        kept = {b.id for b in self.bodies}
        self.delegations = [d for d in self.delegations if d.from_ in kept and d.to in kept]
        self.powers = defaultdict(list)  # holder -> the powers it holds, written in its box
        for power_id, holder in grants:
            if holder in kept:
                self.powers[holder].append(self.pack.powers[power_id])
        if not self.bodies:  # law without bodies: draw the kinds of body its powers are granted to
            for power in self.pack.powers.values():
                if self._keeps(power):
                    name = "Any body with " + "; or ".join(_selector_words(s) for s in power.holder)
                    self.powers["holder:" + name].append(power)
            self.bodies = [Body(id=h, name=h.removeprefix("holder:"), kind="holder", level="national",
                                statutory=False) for h in sorted(self.powers)]
        self.edges = defaultdict(list)  # (from, to, status) -> delegations, drawn as one line
        for delegation in self.delegations:
            self.edges[(delegation.from_, delegation.to, delegation.status)].append(delegation)

    def _keeps(self, rule) -> bool:
        if rule.id in self.chain_rules:
            return True
        if getattr(rule, "status", "in-force") == "revoked":
            return False
        if self.view.date is not None and rule.valid.check(self.view.date):
            return False
        return self.view.function is None or bears_on(rule.functions, rule.except_, self.view.function)

    def _select(self, rules) -> tuple[list[tuple[str, str]], list]:
        pack, body = self.pack, self.view.body
        grants = sorted({(g.power, g.holder) for g in rules.compiled.grants if self._keeps(pack.powers[g.power])})
        delegations = [d for d in pack.delegations.values() if self._keeps(d)]
        if body is not None:  # what reaches the body and what it passes on: the chains through it
            near = {link for c in rules.chains if body in c.bodies for link in c.links[1:]}
            near_grants = {(c.links[0], c.holder) for c in rules.chains if body in c.bodies}
            grants = [g for g in grants if g in near_grants or body == g[1] or g == self.chain_grant]
            delegations = [d for d in delegations
                           if d.id in near or body in (d.from_, d.to) or d.id in self.chain_rules]
        return grants, sorted(delegations, key=lambda d: d.id)

    def _bodies(self, grants) -> list[Body]:
        pack, view = self.pack, self.view
        wanted = set(pack.bodies)
        if view.function is not None or view.body is not None:
            wanted = {h for _, h in grants} | {b for d in self.delegations for b in (d.from_, d.to)}
            if view.body is not None:
                wanted |= {view.body, *pack.bodies[view.body].accountable_to}
            for body_id in list(wanted):  # the organisations they belong to, for context
                wanted.update(_ancestors(body_id, pack.bodies))
        if view.date is not None:
            wanted = {b for b in wanted if not pack.bodies[b].valid.check(view.date)}
        wanted |= self.chain_bodies
        return [pack.bodies[b] for b in sorted(wanted) if b in pack.bodies]

    # ---- the DOT text ----------------------------------------------------------------------

    def dot(self) -> str:
        self.ranks = self._ranks()
        kept = {b.id for b in self.bodies}
        children = defaultdict(list)
        for body in self.bodies:
            children[body.part_of if body.part_of in kept and body.part_of != body.id else None].append(body)
        labels = defaultdict(list)  # the innermost cluster holding both ends -> the edge labels drawn in it
        by_id = {b.id: b for b in self.bodies}
        for key in sorted(self.edges):
            around_head = set(_ancestors(key[1], by_id))
            common = [a for a in _ancestors(key[0], by_id) if a in around_head and children[a]]
            labels[common[0] if common else None].append(key)
        out = ["digraph vires {",
               "  graph " + attributes(
                   rankdir="TB", newrank="true", fontname=FONT, fontsize="12", labelloc="t", labeljust="l",
                   label=self._title(), nodesep="0.15", ranksep="0.2", splines="true", pad="0.2", margin="0",
                   size=PAGE, outputorder="edgesfirst", remincross="true", tooltip=self._plain_title()) + ";",
               "  node " + attributes(fontname=FONT, fontsize="9", margin="0.05,0.02") + ";",
               "  edge " + attributes(fontname=FONT, fontsize="7", arrowsize="0.6") + ";"]
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
        return Html("<BR ALIGN=\"LEFT\"/>".join(lines) + "<BR ALIGN=\"LEFT\"/>")

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
        out = [f"{indent}subgraph {quote('cluster_' + body.id)} {{",
               indent + "  graph " + attributes(label="", style="rounded,filled", penwidth="0.8",
                                                color="#d0d0d0" if grey else "#a6a6a6",
                                                fillcolor="#fbfbfb" if grey else "#f3f3f3", tooltip=body.name) + ";",
               indent + "  " + self._node(body)]
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
        small = f"<FONT POINT-SIZE=\"7\" COLOR=\"{INK['grey-text'] if greyed else INK['note']}\">"
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
            lines.append(f"<FONT POINT-SIZE=\"7\" COLOR=\"{colour}\">"
                         + (f"<B>{line}</B>" if on_chain else line) + "</FONT>")
        urls = sorted({d.url for p in powers if (d := self.pack.sources.get(p.source.ref)) and d.url})
        tooltip = "\n\n".join([self._body_tooltip(body)] + [self._rule_tooltip(p) for p in powers])
        return f"{quote(body.id)} " + attributes(label=Html("<BR/>".join(lines)), tooltip=tooltip,
                                                 URL=urls[0] if urls else None, **style) + ";"

    def _body_tooltip(self, body: Body) -> str:
        if body.kind == "holder":
            return body.name
        name = self._name
        lines = [f"{body.name} ({body.id})",
                 f"{body.kind}, {body.level} level" + (f", {body.type}" if body.type else "")]
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
        return f"{quote(_label_id(key))} " + attributes(
            label=Html("<BR/>".join(lines)), shape="plaintext", fontsize="7", fontcolor=fontcolor, height="0",
            margin="0.02,0", tooltip="\n\n".join(self._rule_tooltip(d) for d in delegations),
            URL=urls[0] if urls else None) + ";"

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
            label = _label_id(key)
            for a, b, arrow in ((tail, label, "none"), (label, head, None)):
                out.append(f"  {quote(a)} -> {quote(b)} " + attributes(
                    color=colour, penwidth=pen, style=style, arrowhead=arrow, tooltip=tooltip,
                    constraint="false" if self.ranks[b] <= self.ranks[a] else None) + ";")
        return out

    def _accountability_edges(self, kept: set[str]) -> list[str]:
        colour = INK["grey"] if self.answer is not None else INK["accountable"]
        return [f"  {quote(body.id)} -> {quote(target)} " + attributes(
                    style="dotted", color=colour, arrowhead="onormal", constraint="false",
                    tooltip=f"{body.name} is accountable to {self._name(target)}") + ";"
                for body in self.bodies for target in sorted(body.accountable_to)
                if target in kept and target != body.id]

    def _legend(self) -> list[str]:
        """A key to the kinds of body and of line drawn, in the ranks below everything else."""
        out = ["  subgraph cluster_key {",
               "    graph " + attributes(label="Key", fontsize="10", style="rounded", color="#a6a6a6",
                                         labeljust="l") + ";"]
        kinds = [k for k in KINDS if any(b.kind == k for b in self.bodies)]
        out += [f"    {quote('key:' + k)} " + attributes(label=KEY_WORDS.get(k, k.replace("-", " ")), fontsize="8",
                                                         height="0.3", **KINDS[k]) + ";" for k in kinds]
        if self.powers:
            kinds.append("power")
            out.append(f"    {quote('key:power')} " + attributes(
                shape="box", style="filled", fillcolor="#ffffff", color="#a6a6a6", fontsize="8", label=Html(
                    f"a body<BR/><FONT POINT-SIZE=\"7\" COLOR=\"{INK['power']}\">power: its source:<BR/>"
                    "functions up to limit</FONT>")) + ";")
        samples = []
        if any(d.status == "in-force" for d in self.delegations):
            samples.append(("delegation", "delegation:\nfunctions up to limit", {"color": INK["in-force"]}))
        if any(d.status == "proposed" for d in self.delegations):
            samples.append(("proposed", "proposed delegation", {"color": INK["proposed"], "style": "dashed"}))
        if any(b.accountable_to for b in self.bodies):
            samples.append(("accountable", "accountable to", {"color": INK["accountable"], "style": "dotted",
                                                             "arrowhead": "onormal"}))
        if self.answer is not None:
            samples.append(("chain", "the chosen chain", {"color": INK["chain"], "penwidth": "2.4"}))
        out.append(f"    {quote('key:note')} " + attributes(
            shape="plaintext", fontsize="8", label="Levels run from national (top) to\nneighbourhood (bottom). "
            "A grey box holds\na body with its committees and officers.\nPoint at a line or box for its "
            "citations.") + ";")
        for name, text, style in samples:
            tail, head = f"key:{name}:from", f"key:{name}:to"
            out += [f"    {quote(n)} " + attributes(shape="point", width="0.05", color="#808080") + ";"
                    for n in (tail, head)]
            out.append(f"    {quote(tail)} -> {quote(head)} " + attributes(
                label=Html(html(text)), fontsize="7", fontcolor=style.get("color"), **style) + ";")
        bottom = max(self.ranks.values(), default=-1) + 1
        self.ranks.update({f"key:{k}": bottom for k in kinds} | {"key:note": bottom + 1})
        self.ranks.update({f"key:{n}:{end}": bottom + 1 + (end == "to")
                           for n, _, _ in samples for end in ("from", "to")})
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

    # ---- layout: a rank for every node -----------------------------------------------------

    def _ranks(self) -> dict[str, int]:
        """Ranks: each level a band, national at the top. In a band each unit (a group's bodies at
        that level) is laid out on its own, beside the others, below any unit of the band that
        delegates to it. Each delegation's label takes the rank after its delegator's."""
        kept = {b.id: b for b in self.bodies}
        level = {b.id: b.level for b in self.bodies}
        group = self._groups(kept)
        unit = {n: (level[n], group[n]) for n in level}
        depth, before = self._unit_depths(kept, unit)
        later = defaultdict(set)
        for u, delegators in before.items():
            for v, _, _ in delegators:
                later[v].add(u)
        order = _topological(later, sorted(set(unit.values()), key=lambda u: (-LEVELS.index(u[0]), u[1])))
        offset, start = {}, 0
        for band in reversed(LEVELS):
            end = start
            for u in (u for u in order if u[0] == band):
                offset[u] = max([start] + [offset[v] + depth[n] + 1 - depth[a] for v, n, a in before[u] if v in offset])
                end = max([end] + [offset[u] + depth[n] + 1 for n in level if unit[n] == u])
            start = end
        ranks = {n: offset[unit[n]] + depth[n] for n in level}
        with_labels = sorted({ranks[tail] for tail, _, _ in self.edges})
        ranks = {n: r + sum(1 for t in with_labels if t < r) for n, r in ranks.items()}
        return ranks | {_label_id(key): ranks[key[0]] + 1 for key in self.edges}

    def _groups(self, kept: dict) -> dict[str, str]:
        """Each body's group: its organisation (the body it is ultimately part of). A lone body that
        receives delegations from one group only joins that group; one with no delegations joins the
        other such bodies of its level."""
        tree = {n: _ancestors(n, kept)[-1] for n in kept}
        alone = {n for n in kept if tree[n] == n} - {b.part_of for b in self.bodies}
        sources = defaultdict(set)
        for d in self.delegations:
            if d.to in alone and d.from_ != d.to:
                sources[d.to].add(d.from_)
        into = {body: min(froms) for body, froms in sources.items() if len({tree[f] for f in froms}) == 1}
        delegating = {d.from_ for d in self.delegations}
        group = {n: "" for n in alone - delegating - set(sources)}  # bodies on their own share rows
        for node in set(kept) - set(group):
            seen, found = set(), tree[node]
            while found in into and found not in seen:
                seen.add(found)
                found = tree[into[found]]
            group[node] = found
        return group

    def _unit_depths(self, kept: dict, unit: dict) -> tuple[dict, dict]:
        """Depths within each unit, and for each unit the delegations into it from others of its band,
        as (delegating unit, delegator, the topmost body of this unit that must stand below it).

        Parents and delegators stand above what is part of them and what they delegate to (and the
        bodies that is part of); the leaves of one body are spread over rows: at most ROW a row, and
        those with no lines drawn to them in a column as deep as the unit already is.
        """
        succ, before = defaultdict(set), defaultdict(set)
        pairs = [(b.part_of, b.id) for b in self.bodies]
        for d in self.delegations:
            if d.from_ != d.to and unit[d.from_][0] == unit[d.to][0]:
                above = set(_ancestors(d.from_, kept))
                below = [c for c in _ancestors(d.to, kept) if c not in above and unit[c] == unit[d.to]]
                if unit[d.from_] == unit[d.to]:
                    pairs += [(d.from_, c) for c in below]
                elif below:
                    before[unit[d.to]].add((unit[d.from_], d.from_, below[-1]))
        for tail, head in pairs:
            if tail in unit and head in unit and tail != head and unit[tail] == unit[head]:
                succ[tail].add(head)
        depth = _longest(succ, sorted(unit), {})
        lined = {b for d in self.delegations for b in (d.from_, d.to)} | set(self.powers)
        lined |= {b.id for b in self.bodies if b.accountable_to} | {t for b in self.bodies for t in b.accountable_to}
        leaves = defaultdict(list)
        for node in sorted(kept, key=lambda n: (kept[n].name, n)):
            if not succ[node]:
                leaves[(unit[node], kept[node].part_of or "", depth[node], node in lined)].append(node)
        bottom = defaultdict(int)
        for node, d in depth.items():
            bottom[unit[node]] = max(bottom[unit[node]], d)
        for (where, _, start, tied), nodes in sorted(leaves.items()):
            rows = -(-len(nodes) // ROW)
            if not tied:
                rows = max(rows, min(len(nodes), bottom[where] - start + 1))
            for index, node in enumerate(nodes):
                depth[node] += index % rows
        return _longest(succ, sorted(unit), depth), before


# ---- helpers -----------------------------------------------------------------------------------

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


def _selector_words(selector) -> str:
    """A holder selector in words: `type icb, level system`."""
    parts = [f"{key.replace('_', ' ')} {' or '.join(str(v).lower() for v in values)}"
             for key, values in attrs.asdict(selector, recurse=False).items() if values is not None]
    return ", ".join(parts) or "any body"


def _label_id(key: tuple[str, str, str]) -> str:
    return "label:" + ":".join(key)


def _ancestors(body: str, bodies) -> list[str]:
    """`body` and the bodies (among `bodies`) it is part of, nearest first."""
    found = []
    while body in bodies and body not in found:
        found.append(body)
        body = bodies[body].part_of
    return found


def _longest(succ: dict, nodes: list[str], least: dict) -> dict[str, int]:
    """Longest-path depths over `succ`, at least `least`."""
    depth = {n: least.get(n, 0) for n in nodes}
    for node in _topological(succ, nodes):
        for nxt in succ.get(node, ()):
            depth[nxt] = max(depth.get(nxt, 0), depth[node] + 1)
    return depth


def _topological(succ: dict, nodes: list) -> list:
    """`nodes` in an order where every edge of `succ` runs forward, keeping the given order where the
    edges allow; an edge that closes a cycle is dropped from `succ`."""
    priority = {n: i for i, n in enumerate(nodes)}
    incoming = defaultdict(set)
    for node in nodes:
        for nxt in succ.get(node, ()):
            if nxt in priority:
                incoming[nxt].add(node)
    ready = [(priority[n], n) for n in nodes if not incoming[n]]
    heapq.heapify(ready)
    order, done = [], set()
    while len(order) < len(nodes):
        if not ready:  # a cycle: take the earliest node left and drop the edges into it
            node = min((n for n in nodes if n not in done), key=priority.get)
            for tail in incoming.pop(node):
                succ[tail].discard(node)
            heapq.heappush(ready, (priority[node], node))
        _, node = heapq.heappop(ready)
        order.append(node)
        done.add(node)
        for nxt in sorted(succ.get(node, ()), key=priority.get):
            incoming[nxt].discard(node)
            if not incoming[nxt] and nxt not in done:
                heapq.heappush(ready, (priority[nxt], nxt))
    return order


def _period(valid) -> str:
    if valid.start and valid.until:
        return f"{valid.start.isoformat()} to {valid.until.isoformat()}"
    return f"from {valid.start.isoformat()}" if valid.start else f"until {valid.until.isoformat()}"


def render(dot: str, fmt: str) -> bytes:
    """DOT text rendered by Graphviz's `dot` as `svg`, `png` or `pdf` (`dot` gives the text itself)."""
    if fmt not in FORMATS:
        raise RenderError.one("unknown-format", f"cannot draw `{fmt}`", hint="write .dot, .svg, .png or .pdf")
    if fmt == "dot":
        return dot.encode("utf-8")
    if fmt == "png":  # a sharper bitmap; SVG and PDF keep Graphviz's 72 points an inch
        dot = dot.replace("{\n", "{\n  graph " + attributes(dpi=str(PNG_DPI)) + ";\n", 1)
    import graphviz

    try:
        return graphviz.pipe("dot", fmt, dot.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound:
        raise RenderError.one(
            "graphviz-missing", f"cannot render {fmt.upper()}: Graphviz's `dot` was not found on the PATH",
            hint="install Debian's `graphviz` package (apt-get install graphviz), or write DOT with -o FILE.dot"
        ) from None
    except graphviz.CalledProcessError as error:
        detail = (error.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise RenderError.one("graphviz-failed", f"`dot` could not render {fmt.upper()}: "
                              + (detail[-1] if detail else f"exit status {error.returncode}")) from None
