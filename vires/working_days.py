"""Working days in England and Wales: weekdays that are not bank holidays.

A notice of N working days (`working_days: N`) is met when at least N working days lie strictly
between the day notice is given and the day of the decision: neither day counts, as for clear
days. The bank holidays come from the `holidays` package (England's, which are also Wales's),
computed offline from its own tables; it is imported only when a working day is first asked about.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[dt.date]:
    """The bank holidays of England and Wales in `year`, substitute days included."""
    import holidays  # lazy: only a working-days notice needs it

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def between(first: dt.date, last: dt.date, enough: int | None = None) -> int:
    """The working days strictly between `first` and `last` (neither counted); 0 when none lie between.

    Counting stops once `enough` are found, so a notice given years before costs no more than one given weeks before.
    """
    count, day = 0, first
    while day < last - ONE_DAY and (enough is None or count < enough):
        day += ONE_DAY
        count += is_working_day(day)
    return count


def last_notice_day(decision: dt.date, days: int) -> dt.date | None:
    """The last day on which notice could be given to leave `days` working days before `decision`.

    None when that day would fall before the first day a date can name.
    """
    if days == 0:
        return decision
    day, counted = decision, 0
    try:
        while counted < days:
            day -= ONE_DAY
            counted += is_working_day(day)
        return day - ONE_DAY
    except OverflowError:
        return None
