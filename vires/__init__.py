"""vires: may this body take this decision, and by what authority?

The public API is `open_rules(paths)`, which loads rule packs and derives them once, giving `Rules`
whose `ask` and `who` answer a `Question`. These names are imported on first use (PEP 562), so
that `import vires` (and `vires --help`) stays instant.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_PUBLIC = {
    "open_rules": "vires.api",
    "derive": "vires.api",
    "Rules": "vires.api",
    "Question": "vires.engine.question",
    "ViresError": "vires.errors",
    "Diagnostic": "vires.errors",
}
__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'vires' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
