"""The public face of vires: load rules, derive authority once, answer questions."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from vires.engine.answer import Authority
from vires.engine.chains import Chain
from vires.engine.citing import cite_as_written
from vires.engine.collector import building
from vires.engine.graph import AuthorityGraph, build_graph
from vires.engine.question import Question
from vires.pack.model import Pack


@attrs.frozen
class Rules:
    """Rules loaded together and derived by one engine; ask and who answer questions on them."""

    pack: Pack
    compiled: AuthorityGraph
    chains: tuple[Chain, ...]
    engine: str
    authority: Authority = attrs.field(eq=False, repr=False)
    several_recipients: bool = attrs.field(eq=False, repr=False, default=False)  # a delegation has several links

    def ask(self, question: Question) -> dict:
        answer = self.authority.ask(question)
        return cite_as_written(answer, self.pack) if self.several_recipients else answer

    def who(self, question: Question) -> dict:
        result = self.authority.who(question)
        return cite_as_written(result, self.pack) if self.several_recipients else result


def derive(pack: Pack, engine: str | None = None) -> Rules:
    """Compile `pack` and derive every chain with the engine named (SPEC 3.3)."""
    from vires.engine.choose import get_engine

    chosen = get_engine(engine)
    with building():
        compiled = build_graph(pack)
    chains = chosen.derive(compiled)  # native derives with the collector off, durable with it on (`building`)
    several = any(d.id != d.rule_id for d in pack.delegations.values())
    with building():
        return Rules(pack, compiled, chains, chosen.name, Authority(compiled, chains), several)


def open_rules(paths: Sequence[str], engine: str | None = None) -> Rules:
    """Load the rule packs at `paths` (files, folders, `@NAME`) and derive them."""
    from vires.pack.load import load

    return derive(load(paths), engine)
