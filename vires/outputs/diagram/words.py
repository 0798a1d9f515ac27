"""What a diagram says in words: names (short where the full one is too long), functions, sources, kinds, dates.

Every visible text of a diagram names things as people do; ids stay in the DOT and in tooltips.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vires.pack.model import Pack

LONG_NAME = 40  # characters: a longer name gives way to its `short_name` where one is given
MAX_FUNCTIONS = 3  # functions named in one place; the rest are counted ("+2 more")
LONG_TITLE, LONG_PLACE = 48, 24  # characters of a source's title and of its place in a short citation


def body_name(pack: Pack, body_id: str) -> str:
    """A body's name for a box or a heading: its `short_name` where the name is too long."""
    body = pack.bodies.get(body_id)
    if body is None:
        return humane(body_id)
    return body.short_name if body.short_name and len(body.name) > LONG_NAME else body.name


def function_name(pack: Pack, function_id: str) -> str:
    """A function's name: its `short_name` where the name is too long; a function only implied by
    a dotted id (`council-tax` of `council-tax.set`) in words ("Council tax")."""
    function = pack.functions.get(function_id)
    if function is None or not function.declared:
        return humane(function_id)
    return function.short_name if function.short_name and len(function.name) > LONG_NAME else function.name


def functions_phrase(pack: Pack, functions: Iterable[str], most: int = MAX_FUNCTIONS) -> str:
    """Functions in few words: names sharing their last words share them once ("Develop and deliver
    the Neighbourhood Health Plan"); at most `most` named and the rest counted."""
    names = list(dict.fromkeys(function_name(pack, f) for f in functions))
    shown, rest = names[:most], len(names) - most
    return _share_tail(shown) + (f" +{rest} more" if rest > 0 else "")


def _share_tail(names: list[str]) -> str:
    words = [n.split() for n in names]
    tail = 0
    while len(names) > 1 and all(len(w) > tail + 1 for w in words) and len({tuple(w[-tail - 1 :]) for w in words}) == 1:
        tail += 1
    if tail < 2:
        return "; ".join(names[:1] + [lower_first(n) for n in names[1:]])
    heads = [" ".join(w[:-tail]) for w in words]
    heads = heads[:1] + [lower_first(h) for h in heads[1:]]
    joined = heads[0] if len(heads) == 1 else ", ".join(heads[:-1]) + " and " + heads[-1]
    return joined + " " + " ".join(words[0][-tail:])


def lower_first(text: str) -> str:
    """`Deliver` -> `deliver`; an acronym (`NHS`) is left as it is."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def as_verb(pack: Pack, function_id: str) -> str:
    """A function's name to follow "may the X …?": "deliver the Neighbourhood Health Plan"."""
    function = pack.functions.get(function_id)
    if function is None or not function.declared:
        return "decide on " + humane(function_id).lower()
    return lower_first(function.name)


def humane(text: str) -> str:
    """An id or a type in words: `council-tax` -> "Council tax", `icb` -> "ICB", `nhs-trust` -> "NHS trust"."""
    words = [SPELLING.get(w, w) for w in re.split(r"[-_.]+", text) if w]
    phrase = " ".join(words)
    return phrase[:1].upper() + phrase[1:]


# Words spelt otherwise when an id or a type is put into words: abbreviations in capitals, names.
SPELLING = {
    w: w.upper() for w in ("ccg", "dph", "gp", "hwb", "hwbb", "icb", "ics", "jhws", "jsna", "mou", "nhp", "nhs")
}
SPELLING |= {"england": "England", "london": "London", "childrens": "children's"}


def a_type(type_: str) -> str:
    """A body's legal type as a noun phrase: `health-and-wellbeing-board` -> "health and wellbeing board"."""
    phrase = humane(type_)
    return phrase if phrase[1:2].isupper() else lower_first(phrase)


def kind_words(kind: str) -> str:
    """A kind of body in words: `sub-committee` -> "sub-committee", `statutory-body` -> "statutory body"."""
    return kind if kind == "sub-committee" else kind.replace("-", " ")


def short_cite(pack: Pack, source, place: bool = True) -> str:
    """A source in few words: `LGA 1972 s.101(6)`, `SI 2013/218 reg 3`, or the title (before any subtitle,
    its first words where still long) and the place; `place` adds the section or clause, up to its first
    aside ("s.75, with SI 2000/617 …" gives "s.75")."""
    document = pack.sources.get(source.ref)
    title = " ".join((document.title if document else humane(source.ref)).split())
    statutory_instrument = re.search(r"\((SI \d{4}/\d+)\)", title)
    act = re.fullmatch(r"(.+) Act (\d{4})", title)
    if statutory_instrument:
        title = statutory_instrument.group(1)
    elif act and len(title) > 24:
        words = [w for w in re.split(r"[\s,()-]+", act.group(1)) if w[:1].isupper()]
        title = "".join(w[0] for w in words) + "A " + act.group(2)
    elif len(title) > LONG_TITLE:
        title = re.sub(r" \([^()]*\)$", "", title)
        head = title.split(": ")[0]
        title = head if len(head) <= LONG_TITLE else title[: LONG_TITLE - 1].rsplit(" ", 1)[0].rstrip(",:;") + "…"
    where = re.split(r"; | \(|, with |: ", source.place)[0] if place and source.place else ""
    if len(where) > LONG_PLACE:
        where = where.split(", ")[0]
    if len(where) > LONG_PLACE:  # a section named in words, not numbered: the title alone
        where = ""
    if not where:
        return title
    return f"{title} {where}" if statutory_instrument or act else f"{title}, {where}"
