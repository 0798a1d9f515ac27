"""A starter pack for one's own scheme of delegation (`vires init`): files that check clean and whose cases pass.

The starter holds one of each thing a scheme is made of: a council and an officer (a delegation
needs a body to come from and one to go to), a power, a reservation and a delegation, with a
decision-case file that tests them. Built on `@england`, the council is given a legal type so that
it inherits the law, and a case shows it.

Every YAML file starts with an editor header naming the installed schema by its absolute `file:`
address, which resolves wherever the folder is put (a relative path resolves only inside the
vires source folder), and `.vscode/settings.json` maps the same schemas to the folders, for
editors that read `yaml.schemas` rather than the header.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from string import Template

from vires.errors import Location, StarterError
from vires.pack.load import load

RULES, CASES = "rules", "cases"  # the folders of the starter: the pack, and its decision cases beside it

PACK = Template("""\
# yaml-language-server: $$schema=$rulepack
# $name: scheme of delegation, from a starter pack.
# Every YAML file in this folder is part of the pack; its decision cases are in ../$cases.$check
pack:
  id: $id
  title: $name — scheme of delegation
  status: draft
  version: "0.1"
  requires: [$requires]

sources:
  - id: $id-constitution
    title: $name Constitution
    kind: constitution
""")

SCHEME = Template("""\
# yaml-language-server: $$schema=$rulepack
# The scheme itself. Replace the examples with your own; every rule cites a source.
bodies:
  - id: $id-council
    name: $name
    kind: statutory-body$typed
    level: place
  - id: $id-chief-executive
    name: Chief Executive
    kind: officer
    part_of: $id-council
    level: place

# Functions are kinds of decision; a dotted id sits under its parent, and a rule naming the parent
# covers everything under it. They start with `$id-` so that they never share a parent with the
# functions of a pack this one builds on.
functions:
  - {id: $id-finance.budget.approve, name: Approve the annual budget}
  - {id: $id-finance.contracts.award, name: Award a contract}

powers:
  - id: $id-council-functions
    holder: $id-council
    functions: [$id-finance]
    source:
      ref: $id-constitution
      section: "1"
      quote: The Council's functions are exercised by Full Council, except as this Part provides.

reservations:
  - id: $id-budget-reserved
    body: $id-council
    functions: [$id-finance.budget.approve]
    source:
      ref: $id-constitution
      section: "2"
      quote: Approving the annual budget is reserved to Full Council.

delegations:
  - id: $id-finance-to-chief-executive
    from: $id-council
    to: $id-chief-executive
    # All of finance: the reservation keeps the budget back. The limit is per decision, inclusive.
    functions: [$id-finance]
    limit: 500k
    source:
      ref: $id-constitution
      section: "3"
      quote: The Chief Executive exercises the Council's financial functions up to £500,000 a decision.
""")

CASES_FILE = Template("""\
# yaml-language-server: $$schema=$cases_schema
# Decision cases: questions, each with the answer expected. Each case gives its date, so that it
# means the same next year.$test
rules: [../$rules]
cases:
  - name: Full Council approves the budget (1)
    ask: {body: $id-council, decision: $id-finance.budget.approve, date: $date}
    expect: {outcome: permitted, chain: [$id-council-functions]}

  - name: the Chief Executive may not approve the budget (reserved, 2)
    ask: {body: $id-chief-executive, decision: $id-finance.budget.approve, date: $date}
    expect: {outcome: denied, reasons: [{code: reserved, rule: $id-budget-reserved}]}

  - name: the Chief Executive awards a £400,000 contract (3)
    ask: {body: $id-chief-executive, decision: $id-finance.contracts.award, amount: 400k, date: $date}
    expect: {outcome: permitted, limit: 500000}

  - name: but not a £750,000 one
    ask: {body: $id-chief-executive, decision: $id-finance.contracts.award, amount: 750k, date: $date}
    expect: {outcome: denied, reasons: [exceeds-limit]}
$law""")

LAW_CASE = Template("""
  - name: Full Council sets the council tax, by the Local Government Act 1972 in @england
    ask: {body: $id-council, decision: council-tax.set, date: $date}
    expect: {outcome: permitted, chain: [lga-s101-6-council-tax]}
""")

# `type: executive-council` puts the council under @england's law for councils with executive arrangements.
TYPED = """
    # The legal category @england grants its powers by: a council with executive arrangements.
    type: executive-council"""


def pack_id(folder: str) -> str:
    """A pack id from a folder's name: lower case, words joined by `-` (`My Scheme` gives `my-scheme`)."""
    words = re.findall(r"[a-z0-9]+", Path(folder).resolve().name.lower())
    return "-".join(words) or "my-scheme"


def starter_files(
    folder: str,
    name: str | None = None,
    requires: Sequence[str] = (),
    date: dt.date | None = None,
    commands: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The starter's files, by path relative to `folder`, as text.

    Args:
        folder: where the starter will be written (its name gives the pack id).
        name: the name of the council whose scheme it is (default: from the folder's name).
        requires: the packs it builds on, `@NAME` or paths relative to the current folder; loaded
            here, so a name that names nothing raises LoadError.
        date: the date the decision cases ask about (default today).
        commands: how the front end checks the pack (`check`) and runs its cases (`test`), from the
            starter's folder, for the files' comments to say.
    """
    commands = commands or {}
    ident = pack_id(folder)
    name = name or ident.replace("-", " ").title()
    date = date or dt.date.today()
    rules_folder = os.path.join(folder, RULES)
    specs = [
        spec if spec.startswith("@") else os.path.relpath(os.path.abspath(spec), rules_folder) for spec in requires
    ]
    law = bool(requires) and "england" in {info.id for info in load(list(requires)).packs}
    schemas = _schemas()
    values = {
        "id": ident,
        "name": name,
        "rules": RULES,
        "cases": CASES,
        "date": date.isoformat(),
        "rulepack": schemas["rulepack"],
        "cases_schema": schemas["cases"],
        "requires": ", ".join(json.dumps(spec) for spec in specs),
        "typed": TYPED if law else "",
        "check": f"\n# From the folder above: check it with `{commands['check']}`." if "check" in commands else "",
        "test": f"\n# From the folder above: run them with `{commands['test']}`." if "test" in commands else "",
    }
    settings = {"yaml.schemas": {schemas["rulepack"]: [f"{RULES}/**/*.yaml"], schemas["cases"]: [f"{CASES}/**/*.yaml"]}}
    return {
        f"{RULES}/pack.yaml": PACK.substitute(values),
        f"{RULES}/scheme.yaml": SCHEME.substitute(values),
        f"{CASES}/{ident}.yaml": CASES_FILE.substitute(values, law=LAW_CASE.substitute(values) if law else ""),
        ".vscode/settings.json": json.dumps(settings, indent=2) + "\n",
    }


def _schemas() -> dict[str, str]:
    """The installed JSON Schemas of rule packs and cases, as `file:` addresses (spaces and all)."""
    from importlib.resources import files

    folder = Path(str(files("vires.schemas"))).resolve()
    return {name: (folder / f"{name}.schema.json").as_uri() for name in ("rulepack", "cases")}


def write_starter(folder: str, files: dict[str, str]) -> list[str]:
    """Write the starter's files into `folder`, which must be new or empty (a `.git` alone is left be); the
    paths written. Nothing is ever overwritten: StarterError `folder-not-empty`, or `cannot-write`."""
    there = sorted(entry for entry in os.listdir(folder) if entry != ".git") if os.path.isdir(folder) else []
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise StarterError.one(
            "folder-not-empty", f"`{folder}` is a file, not a folder", Location(folder), "name a new or empty folder"
        )
    if there:
        shown = ", ".join(f"`{entry}`" for entry in there[:3]) + (" and more" if len(there) > 3 else "")
        raise StarterError.one(
            "folder-not-empty",
            f"`{folder}` already holds {shown}; a starter pack is written only into a new or empty folder",
            Location(folder),
            "name a new folder, or empty this one first",
        )
    written = []
    for relative, text in files.items():
        path = os.path.join(folder, relative)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "x", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise StarterError.one(
                "cannot-write",
                f"cannot write this file: {error.strerror or error}",
                Location(path),
                "check the folder can be written",
            ) from None
        written.append(path)
    return written
