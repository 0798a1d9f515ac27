"""A question from a page's query (or a form's fields), and the typed fields a page offers for facts.

Pages and the JSON API take the same parameters, named as on the command line: `body`, `decision`,
`amount` (2400000, 2.4m, £250k or 250,000), `date` (YYYY-MM-DD, default today), `include_proposed`,
`for` (the organisation on whose behalf, by id or name),
and facts either as `fact=NAME=VALUE` (as `--fact`) or as `fact-NAME=VALUE` (the typed fields of a
page, where `;` separates several values); a blank value is no value. Problems come back as
diagnostics, all of them together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from urllib.parse import parse_qsl, urlencode

import attrs

from vires.engine import catalogue
from vires.engine.question import Question
from vires.errors import Diagnostic, Location
from vires.pack.model import Pack
from vires.values import BOOLEAN, DATE, NUMBER, facts_from_pairs, parse_amount, parse_date

FACT_PREFIX = "fact-"
YES = ("on", "1", "true", "yes")
FIELD = "<the question>"  # where a problem with what was asked stands, as `<command line>` does for the CLI


@attrs.frozen
class Field:
    """A typed field for one fact: `date`, `whole` (a count), `number`, `bodies` (several), `yesno` or `text`."""

    name: str
    kind: str
    label: str
    help: str

    @property
    def param(self) -> str:
        return FACT_PREFIX + self.name


def fact_fields(pack: Pack) -> list[Field]:
    """A field for every fact the loaded rules can use (the catalogue of `vires list facts`): condition facts first."""
    fields = []
    for fact in catalogue.facts(pack).values():
        if fact.part_of_question:
            continue
        types = set(fact.types)
        if types == {"body"}:
            kind = "bodies"
        elif types == {DATE}:
            kind = "date"
        elif types == {NUMBER}:
            kind = "whole" if fact.whole else "number"
        elif types == {BOOLEAN}:
            kind = "yesno"
        else:
            kind = "text"
        if fact.kind:
            help_text = f"for the condition “{fact.kind.replace('_', ' ')}”"
        else:
            shown = ", ".join(fact.rules[:3]) + (f" and {len(fact.rules) - 3} more" if len(fact.rules) > 3 else "")
            help_text = f"tested by the rule{'s' * (len(fact.rules) > 1)} {shown}"
        label = fact.name.replace("_", " ").capitalize()
        fields.append(Field(fact.name, kind, label, help_text))
    return sorted(fields, key=lambda f: (f.help.startswith("tested"), f.name))


@attrs.frozen
class Asked:
    """What a page was asked, as given (to fill the form in again): texts, and the facts' values by name."""

    body: str = ""
    decision: str = ""
    amount: str = ""
    date: str = ""
    include_proposed: bool = False
    facts: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    organisation: str = ""  # `for`: only chains whose power is held within this organisation

    @classmethod
    def read(cls, params) -> Asked:
        """From a query or form (a Starlette `QueryParams` or `FormData`: `get` and `getlist`)."""
        facts: dict[str, list[str]] = {}
        for key, value in params.multi_items():
            if not isinstance(value, str) or not value.strip():
                continue
            if key.startswith(FACT_PREFIX):  # several values in one field are separated by `;`
                values = [v.strip() for v in value.split(";") if v.strip()]
                facts.setdefault(key[len(FACT_PREFIX) :], []).extend(values)
            elif key == "fact":
                name, sep, text = value.partition("=")
                facts.setdefault(name.strip() if sep else value.strip(), []).append(text.strip() if sep else "")
        return cls(
            body=_text(params.get("body")),
            decision=_text(params.get("decision")),
            amount=_text(params.get("amount")),
            date=_text(params.get("date")),
            include_proposed=_text(params.get("include_proposed")).lower() in YES,
            facts={name: tuple(values) for name, values in facts.items()},
            organisation=_text(params.get("for")),
        )

    @property
    def asked(self) -> bool:
        """Was anything asked (a decision named), or is this the empty form?"""
        return bool(self.decision)

    def question(self, need_body: bool, today: dt.date | None = None) -> tuple[Question | None, list[Diagnostic]]:
        """The question asked, names not yet resolved (the library does that); or the problems with it."""
        problems: list[Diagnostic] = []
        if need_body and not self.body:
            problems.append(_missing("the body that would decide", "type part of its name, e.g. hackney health"))
        if not self.decision:
            problems.append(_missing("the decision", "type part of its name, e.g. health plan"))
        amount = None
        if self.amount:
            try:
                amount = parse_amount(self.amount)
            except ValueError as error:
                problems.append(
                    Diagnostic("bad-amount", str(error), Location(FIELD), "write it as 2400000, 2.4m, £250k or 250,000")
                )
        date = today or dt.date.today()
        if self.date:
            try:
                date = parse_date(self.date)
            except ValueError as error:
                problems.append(
                    Diagnostic("bad-date", str(error), Location(FIELD), "write it as YYYY-MM-DD, e.g. 2026-06-01")
                )
        empty = [name for name, values in self.facts.items() if not any(values)]
        for name in empty:
            problems.append(_missing(f"a value for the fact `{name}`", f"write it as fact={name}=VALUE"))
        if problems:
            return None, problems
        pairs = [(name, value) for name, values in sorted(self.facts.items()) for value in values]
        question = Question(
            body=self.body or None,
            decision=self.decision,
            amount=amount,
            date=date,
            facts=facts_from_pairs(pairs),
            include_proposed=self.include_proposed,
            organisation=self.organisation or None,
        )
        return question, []

    def query(self, **changes) -> str:
        """The query string that asks this again (with parts changed, e.g. `body=`): for links and bookmarks."""
        asked = attrs.evolve(self, **changes)
        pairs = [(key, value) for key, value in (("body", asked.body), ("decision", asked.decision)) if value]
        pairs += [(key, value) for key, value in (("amount", asked.amount), ("date", asked.date)) if value]
        if asked.include_proposed:
            pairs.append(("include_proposed", "on"))
        if asked.organisation:
            pairs.append(("for", asked.organisation))
        pairs += [(FACT_PREFIX + name, value) for name, values in sorted(asked.facts.items()) for value in values]
        return urlencode(pairs)

    def hidden(self) -> Sequence[tuple[str, str]]:
        """The question as (name, value) pairs for hidden fields of a form that asks it again (recording it)."""
        return parse_qsl(self.query())


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _missing(what: str, hint: str) -> Diagnostic:
    return Diagnostic("missing-field", f"the question does not give {what}", Location(FIELD), hint)


def date_param(params) -> tuple[dt.date, list[Diagnostic]]:
    """The `date` a page is asked for (today when none), and a problem when it is not a date."""
    text = _text(params.get("date"))
    if not text:
        return dt.date.today(), []
    try:
        return parse_date(text), []
    except ValueError as error:
        return dt.date.today(), [Diagnostic("bad-date", str(error), Location(FIELD), "write it as YYYY-MM-DD")]


def proposed_param(params) -> bool:
    """Is the page asked to treat proposed delegations as adopted?"""
    return _text(params.get("include_proposed")).lower() in YES
