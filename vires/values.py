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
    """One `where` test on a fact: `eq`, `max`, `min`, `range` or `in` (values already normalised).

    `range` holds (min, max), both inclusive: `{min: .., max: ..}` written together.
    """

    fact: str
    op: str
    values: tuple  # one value; several for `in`; (min, max) for `range`

    def check(self, facts: Mapping[str, tuple]) -> bool | None:
        """True or False by the facts; None when the fact is missing (never assumed)."""
        given = facts.get(self.fact)
        if not given:
            return None
        if self.op in ("eq", "in"):
            return any(g == v for g in given for v in self.values)
        if self.op == "range":
            low, high = self.values
            return _bounded(given, low, ">=") and _bounded(given, high, "<=")
        (bound,) = self.values
        return _bounded(given, bound, "<=" if self.op == "max" else ">=")

    def describe(self) -> str:
        if self.op == "eq":
            return f"{self.fact} = {show(self.values[0])}"
        if self.op == "in":
            return f"{self.fact} in [{', '.join(show(v) for v in self.values)}]"
        if self.op == "range":
            return f"{self.fact} from {show(self.values[0])} to {show(self.values[1])}"
        word = "at most" if self.op == "max" else "at least"
        return f"{self.fact} {word} {show(self.values[0])}"


def _bounded(given: tuple, bound: Value, op: str) -> bool:
    """Every given value is of the bound's type (a number or a date) and on the right side of it."""
    if bound[0] not in (NUMBER, DATE):
        return False
    if op == "<=":
        return all(g[0] == bound[0] and g[1] <= bound[1] for g in given)
    return all(g[0] == bound[0] and g[1] >= bound[1] for g in given)


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

# An amount as people write it: `2400000`, `2,400,000`, `£250k`, `2.4m`, `1.2bn`. One pattern for the
# command line, packs and case files; the JSON Schemas carry it too (`^` + AMOUNT_PATTERN + `$`, kept equal by
# tests/test_values.py), written so that Python's `re` and ECMA-262 read it alike.
AMOUNT_PATTERN = r"£?\s*([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?\s*(k|K|m|M|mn|Mn|MN|b|B|bn|Bn|BN)?"
_AMOUNT = re.compile(AMOUNT_PATTERN)
_SCIENTIFIC = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+")
_SCALE = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000}
AMOUNT_EXAMPLES = "2400000, 2.4m, £250k or 250,000"


class AmountError(ValueError):
    """Text that is not an amount: what is wrong with it (`problem`) and how to write it (`remedy`)."""

    def __init__(self, text: str, problem: str, remedy: str):
        super().__init__(f"`{text}` is {problem}; {remedy}")
        self.text, self.problem, self.remedy = text, problem, remedy


def parse_amount(text: str) -> int:
    """Whole pounds from `2400000`, `2.4m`, `£250k`, `250,000`; AmountError (a ValueError) otherwise.

    Scientific notation (`5e5`) is refused: money is never written so, and YAML would read it as a
    float that shows as `£500,000.0`.
    """
    written = text.strip()
    if _SCIENTIFIC.fullmatch(written):
        pounds = Decimal(written)
        if pounds >= 0 and pounds == pounds.to_integral_value():
            shown = f"{int(pounds)} or {format_amount(int(pounds), exact=False).lstrip('£')}"
            remedy = f"write {shown}"
        else:
            remedy = f"write it as {AMOUNT_EXAMPLES}"
        raise AmountError(text, "in scientific notation, which vires does not read as money", remedy)
    match = _AMOUNT.fullmatch(written)
    if not match:
        raise AmountError(text, "not an amount", f"write it as {AMOUNT_EXAMPLES}")
    number = Decimal(match.group(1).replace(",", "") + (match.group(2) or ""))
    scale = _SCALE[match.group(3).lower()] if match.group(3) else 1
    pounds = number * scale
    if pounds != pounds.to_integral_value():
        raise AmountError(text, "not a whole number of pounds", "give the amount in whole pounds")
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
