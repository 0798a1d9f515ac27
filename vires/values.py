"""Fact values, `where` tests and money: the normalisation of SPEC 3.2, shared by packs, cases and the CLI."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

# A value is a (type, python value) pair, so values of different types never compare equal
# (a bool is an int in Python; a tag keeps `true` apart from `1`).
NUMBER, BOOLEAN, DATE, TEXT = "number", "boolean", "date", "text"
Value = tuple  # (tag, python value)

_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_BOOLEANS = {"true": True, "yes": True, "false": False, "no": False}


def normalise(text: str) -> Value:
    """Read one fact or `where` value from its source text (SPEC 3.2)."""
    if _NUMBER.match(text):
        return (NUMBER, Decimal(text))
    lowered = text.lower()
    if lowered in _BOOLEANS:
        return (BOOLEAN, _BOOLEANS[lowered])
    if _DATE.match(text):
        try:
            return (DATE, dt.date.fromisoformat(text))
        except ValueError:
            pass
    return (TEXT, text)


def from_python(value) -> Value:
    """Normalise a value that arrived already typed (JSON input, an amount, a date)."""
    if isinstance(value, bool):
        return (BOOLEAN, value)
    if isinstance(value, (int, Decimal)):
        return (NUMBER, Decimal(value))
    if isinstance(value, float):
        return (NUMBER, Decimal(repr(value)))
    if isinstance(value, dt.date):
        return (DATE, value)
    return normalise(str(value))


def to_json(value: Value):
    """A value as plain JSON: numbers as numbers, dates as ISO text."""
    tag, python = value
    if tag == NUMBER:
        return int(python) if python == python.to_integral_value() else float(python)
    if tag == DATE:
        return python.isoformat()
    return python


def show(value: Value) -> str:
    """A value as a person would write it."""
    tag, python = value
    if tag == BOOLEAN:
        return "true" if python else "false"
    return str(to_json(value))


@attrs.frozen
class WhereTest:
    """One `where` test on a fact: `eq`, `max`, `min` or `in` (values already normalised)."""

    fact: str
    op: str
    values: tuple  # one value, or several for `in`

    def check(self, facts: Mapping[str, tuple]) -> bool | None:
        """True or False by the facts; None when the fact is missing (never assumed)."""
        given = facts.get(self.fact)
        if not given:
            return None
        if self.op in ("eq", "in"):
            return any(g == v for g in given for v in self.values)
        (bound,) = self.values
        if bound[0] not in (NUMBER, DATE):
            return False
        if self.op == "max":
            return all(g[0] == bound[0] and g[1] <= bound[1] for g in given)
        return all(g[0] == bound[0] and g[1] >= bound[1] for g in given)

    def describe(self) -> str:
        if self.op == "eq":
            return f"{self.fact} = {show(self.values[0])}"
        if self.op == "in":
            return f"{self.fact} in [{', '.join(show(v) for v in self.values)}]"
        word = "at most" if self.op == "max" else "at least"
        return f"{self.fact} {word} {show(self.values[0])}"


@attrs.frozen
class Where:
    """The facts a rule applies to; every test must hold."""

    tests: tuple = ()

    def evaluate(self, facts: Mapping[str, tuple]) -> tuple[bool, tuple[WhereTest, ...], tuple[str, ...]]:
        """(holds, failed tests, missing fact names). `holds` is False when a test failed or a fact is missing."""
        failed, missing = [], []
        for test in self.tests:
            result = test.check(facts)
            if result is None:
                if test.fact not in missing:
                    missing.append(test.fact)
            elif not result:
                failed.append(test)
        return (not failed and not missing, tuple(failed), tuple(missing))

    def __bool__(self) -> bool:
        return bool(self.tests)


# ---- money -------------------------------------------------------------------------------

_AMOUNT = re.compile(r"£?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*([kKmMbB]n?)?\Z")
_SCALE = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000}


def parse_amount(text: str) -> int:
    """Whole pounds from `2400000`, `2.4m`, `£250k`, `250,000`; ValueError otherwise."""
    match = _AMOUNT.match(text.strip())
    if not match:
        raise ValueError(f"`{text}` is not an amount; write it as 2400000, 2.4m, £250k or 250,000")
    number = Decimal(match.group(1).replace(",", ""))
    scale = _SCALE[match.group(2).lower()] if match.group(2) else 1
    pounds = number * scale
    if pounds != pounds.to_integral_value():
        raise ValueError(f"`{text}` is not a whole number of pounds")
    return int(pounds)


def format_amount(pounds: int | None, exact: bool = True) -> str:
    """`£2,400,000` (exact) or `£2.4m` (short, for diagrams); `no limit` for None."""
    if pounds is None:
        return "no limit"
    if exact:
        return f"£{pounds:,}"
    for suffix, scale in (("bn", 1_000_000_000), ("m", 1_000_000), ("k", 1_000)):
        if pounds >= scale:
            short = f"{pounds / scale:.2f}".rstrip("0").rstrip(".")
            return f"£{short}{suffix}"
    return f"£{pounds}"


def parse_date(text: str) -> dt.date:
    """An ISO date (YYYY-MM-DD); ValueError with a plain message otherwise."""
    try:
        if not _DATE.match(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"`{text}` is not a date; write it as YYYY-MM-DD") from None


def facts_from_pairs(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple]:
    """Facts from `k=v` pairs (a repeated key gives several values), normalised."""
    facts: dict[str, list] = {}
    for key, text in pairs:
        facts.setdefault(key, []).append(normalise(text))
    return {key: tuple(values) for key, values in facts.items()}
