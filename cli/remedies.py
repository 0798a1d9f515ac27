"""Remedies in command-line words: the library names what to give (`Diagnostic.remedy`), the CLI says how."""

from __future__ import annotations

import attrs

from vires.errors import Diagnostic

REMEDIES = {
    "amount": "give the amount with --amount (2400000, 2.4m, £250k), not as a fact",
    "date": "give the date with --date YYYY-MM-DD, not as a fact",
    "ask-proposed": "ask with `vires ask --include-proposed` to see what a proposal would allow",
    "engine-native": "run with `--engine native` (or VIRES_ENGINE=native), which derives the same chains in "
    "plain Python",
    "head": "give the head `vires register verify` printed (at least its first 8 characters)",
    "override": 'if it was decided all the same, record that with --override "reason"',
    "override-conditional": "add the facts that show it was done (--fact notice_given=…, --fact informed=…, …); or, "
    'if it was decided all the same, record that with --override "reason"',
    "override-reason": 'give the reason, e.g. --override "urgency: chair\'s action"',
    "ref": 'say where the decision was taken, e.g. --ref "Board 12 Mar 2026, item 7"',
    "register": "name the register file with --register or VIRES_REGISTER",
    "register-first": "record a decision first with `vires record`, or name the register with --register or "
    "VIRES_REGISTER",
    "register-folder": "create the folder first, or name another file with --register",
    "register-record": "record a decision into it with `vires record --register`",
    "verify-changes": "run `vires register verify` to see what changed",
    "verify-name": "run `vires register verify` to name it",
    "verify-restored": "restore it from a backup, then run `vires register verify` on it",
}


def in_cli_words(diagnostic: Diagnostic) -> Diagnostic:
    """The diagnostic with its remedy worded for the command line (unchanged where it names none)."""
    if diagnostic.remedy is None:
        return diagnostic
    return attrs.evolve(diagnostic, hint=REMEDIES[diagnostic.remedy])
