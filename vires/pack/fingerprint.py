"""A pack's fingerprint: sha256 over a canonical form of everything loaded, independent of file order.

The canonical form is built from the model, not from the files: every section is keyed and sorted
by id, every attrs instance becomes a mapping of its fields, and where the rules were found is
left out (`location`, a pack's `root`, the list of files). So the same rules split across other
files, loaded in another order or from another folder give the same fingerprint, and a change to
any rule, body, function, source or pack's metadata gives another. A rule that another loaded
rule supersedes is not in the pack (`Pack.superseded` names it), so it does not count. The
register records it; `diff` and others may reuse `canonical` and `canonical_json`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

import attrs

from vires.pack.model import RULE_SECTIONS, Pack

# Fields that say where something was loaded from, not what it says.
WHERE_LOADED = frozenset({"location", "root"})
SECTIONS = ("sources", "bodies", "functions", *RULE_SECTIONS)


def canonical(pack: Pack) -> dict:
    """The pack as plain JSON-ready data: sections by id, packs by id, no locations or files."""
    form: dict[str, Any] = {"packs": sorted((_plain(info) for info in pack.packs), key=lambda info: info["id"])}
    for section in SECTIONS:
        entries = getattr(pack, section)
        form[section] = {key: _plain(entries[key]) for key in sorted(entries)}
    return form


def fingerprint(pack: Pack) -> str:
    """sha256 (hex) of the canonical JSON of `canonical(pack)`."""
    return sha256_hex(canonical(pack))


def canonical_json(data) -> bytes:
    """One byte string per value: keys sorted, no spaces, ASCII only (so any text encodes)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode("ascii")


def sha256_hex(data) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def _plain(value):
    """attrs instances, mappings, tuples, dates and Decimals as JSON values, recursively."""
    if attrs.has(type(value)):
        plain = {
            field.name: _plain(getattr(value, field.name))
            for field in attrs.fields(type(value))
            if field.name not in WHERE_LOADED
        }
        base = next((c for c in type(value).__mro__[1:] if attrs.has(c)), None)
        if base is not None and getattr(base, "kind", None) != getattr(value, "kind", None):
            plain["kind"] = value.kind  # a rule of another kind with its base's fields (a designation)
        return plain
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(key): _plain(value[key]) for key in sorted(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 5, 5.0 and 5.00 are one number
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value
