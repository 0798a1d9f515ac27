"""Remedies in the workbench's words: the library names what to give (`Diagnostic.remedy`), a page says where."""

from __future__ import annotations

import attrs

from vires.errors import Diagnostic

REMEDIES = {
    "amount": "give the amount in the Amount field (2400000, 2.4m, £250k), not as a fact",
    "date": "give the date in the Date field, not as a fact",
    "ask-proposed": "untick “Treat proposed delegations as adopted” and ask again: decisions are recorded under "
    "the rules in force only",
    "engine-native": "start the workbench again with the native engine (vires serve --engine native), which "
    "derives the same chains in plain Python",
    "head": "give the head the Register page showed (at least its first 8 characters)",
    "override": "if it was decided all the same, give the reason in the Override field and record it again",
    "override-conditional": "fill in the facts that show it was done (notice given, consulted, …) and ask again; "
    "or, if it was decided all the same, give the reason in the Override field",
    "override-reason": "give the reason in the Override field, e.g. “urgency: chair's action”",
    "ref": "say where the decision was taken in the Meeting reference field, e.g. “Board 12 Mar 2026, item 7”",
    "register": "start the workbench again naming the register file (vires serve --register FILE)",
    "register-first": "record a decision from an Ask answer first: the register is created then",
    "register-folder": "create the folder first, or start the workbench again naming another register file",
    "register-record": "record a decision into it from an Ask answer",
    "verify-changes": "see what changed on the Register page, which verifies the register",
    "verify-name": "the Register page verifies the register and names it",
    "verify-restored": "restore it from a backup, then open the Register page, which verifies it",
}


def in_web_words(diagnostic: Diagnostic) -> Diagnostic:
    """The diagnostic with its remedy worded for a page (unchanged where it names none)."""
    if diagnostic.remedy is None:
        return diagnostic
    return attrs.evolve(diagnostic, hint=REMEDIES[diagnostic.remedy])
