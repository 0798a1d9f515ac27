"""Working days in England and Wales against a reference table of bank holidays, 2024-2027."""

from __future__ import annotations

import datetime as dt

import pytest

from vires import working_days

# The bank holidays of England and Wales as announced (gov.uk), substitute days included.
REFERENCE = {
    2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
    2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
    # Boxing Day 2026 is a Saturday: the substitute day is Monday 28 December.
    2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
    # Christmas Day and Boxing Day 2027 fall at a weekend: substitute days Monday 27 and Tuesday 28 December.
    2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
}


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize("year", sorted(REFERENCE))
def test_bank_holidays_that_fall_on_weekdays_are_the_reference_table(year):
    """The weekdays that are not working days are exactly the year's bank holidays and substitute days."""
    start = dt.date(year, 1, 1)
    days = [start + dt.timedelta(days=n) for n in range((dt.date(year + 1, 1, 1) - start).days)]
    off = sorted(d.strftime("%m-%d") for d in days if d.weekday() < 5 and not working_days.is_working_day(d))
    assert off == REFERENCE[year]


@pytest.mark.parametrize(
    "notice, decision, between",
    [
        # An ordinary week: Monday's notice for Friday leaves Tuesday to Thursday.
        ("2026-06-01", "2026-06-05", 3),
        # Notice and decision days are never counted, nor the weekend between.
        ("2026-06-05", "2026-06-08", 0),
        # Easter 2026: Good Friday (3 April) and Easter Monday (6 April) are not working days.
        ("2026-04-01", "2026-04-08", 2),
        # Christmas 2026, with Boxing Day's substitute on Monday 28 December: only the 24th, 29th, 30th and 31st.
        ("2026-12-23", "2027-01-04", 4),
        # Christmas 2027: both substitute days (27 and 28 December) are off; 24, 29 and 30 December count.
        ("2027-12-23", "2027-12-31", 3),
        # Easter 2024 spans a month end: Good Friday 29 March and Easter Monday 1 April.
        ("2024-03-27", "2024-04-04", 3),
        # The decision on the day after notice, or on the notice day itself: none between.
        ("2026-06-01", "2026-06-02", 0),
        ("2026-06-01", "2026-06-01", 0),
    ],
)
def test_working_days_strictly_between(notice, decision, between):
    """Working days strictly between the notice day and the decision day, holidays excluded."""
    assert working_days.between(day(notice), day(decision)) == between


@pytest.mark.parametrize(
    "decision, days, last",
    [
        ("2026-06-05", 3, "2026-06-01"),
        # Five working days before Tuesday 2 June 2026 (26 May to 1 June): notice on the Spring bank holiday, 25 May.
        ("2026-06-02", 5, "2026-05-25"),
        # Ten working days before Monday 20 April 2026, over Easter.
        ("2026-04-20", 10, "2026-04-01"),
        # Over Christmas 2026 and New Year 2027.
        ("2027-01-05", 5, "2026-12-23"),
        ("2026-06-05", 0, "2026-06-05"),
    ],
)
def test_the_last_day_notice_could_be_given(decision, days, last):
    """The last notice day leaves exactly enough working days, and a day later would not."""
    found = working_days.last_notice_day(day(decision), days)
    assert found == day(last)
    assert working_days.between(found, day(decision)) >= days
    if days:
        assert working_days.between(found + dt.timedelta(days=1), day(decision)) < days


def test_counting_stops_once_enough_days_are_found():
    """A notice given decades before is counted no further than the notice asks."""
    assert working_days.between(day("1990-01-01"), day("2026-06-01"), enough=28) == 28


def test_a_notice_before_the_first_date_has_no_last_day():
    """Near the first day a date can name there is no last notice day, and no crash."""
    assert working_days.last_notice_day(dt.date(1, 1, 5), 28) is None
