"""The public face of vires: load rules, derive authority once, answer questions."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from vires.engine.answer import Authority
from vires.engine.chains import Chain
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

    def ask(self, question: Question) -> dict:
        return self.authority.ask(question)

    def who(self, question: Question) -> dict:
        return self.authority.who(question)


def derive(pack: Pack, engine: str | None = None) -> Rules:
    """Compile `pack` and derive every chain with the engine named (SPEC 3.3)."""
    from vires.engine.choose import get_engine

    chosen = get_engine(engine)
    compiled = build_graph(pack)
    chains = chosen.derive(compiled)
    return Rules(pack, compiled, chains, chosen.name, Authority(compiled, chains))


def open_rules(paths: Sequence[str], engine: str | None = None) -> Rules:
    """Load the rule packs at `paths` (files, folders, `@NAME`) and derive them."""
    from vires.pack.load import load

    return derive(load(paths), engine)
