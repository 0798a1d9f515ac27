"""Names and citations for papers, as runs: names for people, ids only when asked, sources linked."""

from __future__ import annotations

import attrs

from vires.outputs.paper import Line, Run, line
from vires.outputs.wording import citation, name, safe_url
from vires.pack.model import Pack


def capital(text: str) -> str:
    """The text with its first letter in capitals, for a list item or a sentence."""
    return text[:1].upper() + text[1:]


@attrs.frozen
class Words:
    """Names things of `pack` for a paper: by name alone, or with their ids after them when `ids` is set."""

    pack: Pack
    ids: bool = False

    def named(self, pack: Pack, ref: str) -> str:
        """A body, function or source as plain text (the `named` that `wording.phrase` takes)."""
        return name(pack, ref) + (f" ({ref})" if self.ids and name(pack, ref) != ref else "")

    def of(self, ref: str) -> Line:
        """A body, function or source by name, its id after it in code when ids are asked for."""
        text = name(self.pack, ref)
        if self.ids and text != ref:
            return line(text, " (", Run(ref, code=True), ")")
        return line(text)

    def functions(self, function_id: str) -> list[str]:
        """A function by name; one implied by dotted ids, by the names of the declared functions under it."""
        functions = self.pack.functions
        if function_id not in functions or functions[function_id].declared:
            return [self.named(self.pack, function_id)]
        under = [f for f in functions if f.startswith(function_id + ".") and functions[f].declared]
        return [self.named(self.pack, f) for f in under] or [function_id]

    def rule(self, rule_id: str | None) -> Line:
        """` [rule-id]` after what a rule says, when ids are asked for; nothing otherwise."""
        return line(" [", Run(rule_id, code=True), "]") if self.ids and rule_id else ()

    def citation(self, ref: str, place: str | None, confirmed: bool = True) -> Line:
        """`Title, s.101(2)`, the title linked to the document where the pack gives its URL."""
        document = self.pack.sources.get(ref)
        title = document.title if document else ref
        text = citation(title, place, confirmed)
        rest = text[len(title) :]
        return line(Run(title, link=safe_url(document.url) if document else None), rest)

    def source(self, source: dict) -> Line:
        """A citation as an answer gives it in JSON (`{ref, title, section|clause, confirmed}`)."""
        place = source.get("section") or (f"clause {source['clause']}" if source.get("clause") else None)
        return self.citation(source["ref"], place, source.get("confirmed") is not False)

    def rule_citation(self, rule_id: str | None) -> Line:
        """The citation of a rule of the pack; nothing where there is no such rule."""
        rule = self.pack.rule(rule_id) if rule_id else None
        if rule is None:
            return ()
        return self.citation(rule.source.ref, rule.source.place, rule.source.confirmed)
