"""Choosing an engine: `durable` (durable_rules) where it imports, else `native`; both derive the same chains."""

from __future__ import annotations

import os
import warnings
from typing import TYPE_CHECKING, Protocol

from vires.errors import QuestionError, ViresWarning

if TYPE_CHECKING:
    from vires.engine.chains import Chain
    from vires.engine.graph import AuthorityGraph


class Derivation(Protocol):
    """What an engine does (SPEC 3.3): derive every simple chain of the graph, once per load."""

    name: str

    def derive(self, graph: AuthorityGraph) -> tuple[Chain, ...]: ...


ENGINES = ("durable", "native")


def durable_available() -> bool:
    try:
        import durable.lang  # noqa: F401
    except Exception:  # an import that fails for any reason (Python 3.13: undefined symbol) means unavailable
        return False
    return True


def get_engine(name: str | None = None) -> Derivation:
    """The engine named (or `VIRES_ENGINE`, or the default); falls back to native with a notice."""
    name = name or os.environ.get("VIRES_ENGINE") or "durable"
    if name not in ENGINES:
        raise QuestionError.one("unknown-engine", f"there is no engine `{name}`", hint="choose `durable` or `native`")
    if name == "durable":
        if durable_available():
            from vires.engine.derive_durable import DurableEngine

            return DurableEngine()
        warnings.warn("durable_rules cannot be imported here; using the native engine", ViresWarning, stacklevel=2)
    from vires.engine.derive_native import NativeEngine

    return NativeEngine()
