"""What `vires init` wrote, in words for people."""

from __future__ import annotations

import os

ROLES = {  # a starter file's path within the folder -> what it holds
    "rules/pack.yaml": "the pack: its id, the packs it builds on, the documents it cites",
    "rules/scheme.yaml": "the bodies, functions, a power, a reservation and a delegation",
    ".vscode/settings.json": "for editors: which schema checks the files of rules/ and of cases/",
}


def starter_summary(folder: str, written: list[str], name: str) -> str:
    """The files written, each with what it holds."""
    shown = [os.path.normpath(path) for path in written]
    width = max(len(path) for path in shown)
    lines = [f"A starter pack for {name} is in {os.path.normpath(folder)}:"]
    for path in shown:
        role = ROLES.get(os.path.relpath(path, folder).replace(os.sep, "/"), "decision cases that test the pack")
        lines.append(f"  {path.ljust(width)}  {role}")
    return "\n".join(lines) + "\n"
