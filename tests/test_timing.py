"""complaint_sla.timing against hand-checked cases and a minute-stepping reference."""

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from complaint_sla.timing import (
    ScheduleExhausted,
    WorkSchedule,
    build_weekly_intervals,
    compute_deadline,
    elapsed_ratio,
    push_deadline,
    warning_time,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEKLY = {day: [(9, 12), (13, 18)] for day in range(5)}
HOLIDAYS = [date(2026, 10, d) for d in range(1, 8)]
MAKEUP = {date(2026, 10, 10): [(9, 12), (13, 18)]}


@pytest.fixture(scope="module")
def schedule():
    intervals = build_weekly_intervals(
        SHANGHAI, date(2026, 8, 1), date(2027, 3, 31), WEEKLY, HOLIDAYS, MAKEUP
    )
    return WorkSchedule(intervals, SHANGHAI)


def sh(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("received", "unit", "amount", "expected"),
    [
        ("2026-09-21 10:30", "working_hours", 4, "2026-09-21 15:30"),  # across lunch
        ("2026-09-25 16:00", "working_hours", 4, "2026-09-28 11:00"),  # across the weekend
        ("2026-09-21 22:00", "working_hours", 4, "2026-09-22 14:00"),  # received at night
        ("2026-09-26 10:00", "working_hours", 1, "2026-09-28 10:00"),  # received on Saturday
        ("2026-09-21 12:30", "working_hours", 1, "2026-09-21 14:00"),  # received at lunch
        ("2026-09-21 09:00", "working_hours", 3, "2026-09-21 12:00"),  # ends at an interval end
        ("2026-09-30 10:00", "working_hours", 8, "2026-10-08 10:00"),  # across National Day
        ("2026-10-09 17:00", "working_hours", 2, "2026-10-10 10:00"),  # make-up Saturday
        ("2026-09-25 20:00", "working_days", 2, "2026-09-29 18:00"),  # receipt day not counted
        ("2026-09-21 09:00", "working_days", 2, "2026-09-23 18:00"),
        ("2026-09-30 10:00", "working_days", 2, "2026-10-09 18:00"),  # holiday skipped
        ("2026-09-30 10:00", "working_days", 3, "2026-10-10 18:00"),  # make-up Saturday counts
        ("2026-09-26 23:00", "calendar_hours", 2, "2026-09-27 01:00"),
        ("2026-09-21 15:00", "calendar_days", 3, "2026-09-25 00:00"),  # 24:00 of Thursday
        ("2026-09-24 15:00", "calendar_days", 2, "2026-09-29 00:00"),  # Saturday → Monday 24:00
        ("2026-09-28 15:00", "calendar_days", 5, "2026-10-09 00:00"),  # 3 Oct holiday → 8 Oct
    ],
)
def test_deadlines(schedule, received, unit, amount, expected):
    assert compute_deadline(schedule, sh(received), unit, amount) == sh(expected)


def test_warning_at_ninety_percent_of_working_time(schedule):
    start, deadline = sh("2026-09-21 09:00"), sh("2026-09-23 18:00")
    assert warning_time(schedule, start, deadline, "working_days", 0.9) == sh("2026-09-23 15:36")
    calendar = warning_time(schedule, start, start + timedelta(hours=10), "calendar_hours", 0.5)
    assert calendar == sh("2026-09-21 14:00")


def test_pause_over_two_working_days_pushes_the_deadline(schedule):
    pushed = push_deadline(
        schedule,
        sh("2026-09-23 18:00"),
        "working_days",
        sh("2026-09-22 09:00"),
        sh("2026-09-24 09:00"),
    )
    assert pushed == sh("2026-09-25 18:00")
    calendar = push_deadline(
        schedule,
        sh("2026-09-23 18:00"),
        "calendar_days",
        sh("2026-09-22 09:00"),
        sh("2026-09-22 11:00"),
    )
    assert calendar == sh("2026-09-23 20:00")


def test_elapsed_ratio(schedule):
    start, deadline = sh("2026-09-21 09:00"), sh("2026-09-21 18:00")
    assert elapsed_ratio(schedule, start, deadline, "working_hours", sh("2026-09-21 14:00")) == 0.5
    assert elapsed_ratio(schedule, start, deadline, "working_hours", sh("2026-09-22 10:00")) > 1


def test_bad_input_is_refused(schedule):
    with pytest.raises(ValueError):
        compute_deadline(schedule, datetime(2026, 9, 21, 9), "working_hours", 1)  # naive
    with pytest.raises(ValueError):
        compute_deadline(schedule, sh("2026-09-21 09:00"), "working_hours", -1)
    with pytest.raises(ValueError):
        compute_deadline(schedule, sh("2026-09-21 09:00"), "fortnights", 1)
    with pytest.raises(ValueError):
        compute_deadline(schedule, sh("2026-09-21 09:00"), "working_days", 1.5)
    with pytest.raises(ValueError):
        warning_time(schedule, sh("2026-09-21 09:00"), sh("2026-09-22 09:00"), "working_days", 1)
    with pytest.raises(ScheduleExhausted):
        compute_deadline(schedule, sh("2027-03-30 09:00"), "working_days", 30)
    with pytest.raises(ValueError):
        schedule.add_working(sh("2026-09-21 09:00"), -5)


def test_intervals_are_merged_and_sorted():
    a = sh("2026-09-21 09:00")
    merged = WorkSchedule(
        [(a + timedelta(hours=2), a + timedelta(hours=4)), (a, a + timedelta(hours=3)), (a, a)],
        SHANGHAI,
    )
    assert merged.working_seconds(a, a + timedelta(days=1)) == 4 * 3600
    assert merged.window_start == a.astimezone(UTC)


def _reference(intervals):
    """Set of working minutes (epoch minutes): the naive reference."""
    minutes = set()
    for begin, end in intervals:
        m = int(begin.timestamp()) // 60
        while m < int(end.timestamp()) // 60:
            minutes.add(m)
            m += 1
    return minutes


def test_matches_minute_stepping_reference_on_random_cases():
    intervals = build_weekly_intervals(
        SHANGHAI, date(2026, 9, 1), date(2026, 12, 31), WEEKLY, HOLIDAYS, MAKEUP
    )
    schedule = WorkSchedule(intervals, SHANGHAI)
    working = sorted(_reference(intervals))
    working_set = set(working)
    rng = random.Random(1234)
    origin = int(sh("2026-09-01 00:00").timestamp()) // 60
    for _ in range(3000):
        start_minute = origin + rng.randrange(0, 60 * 24 * 75)
        duration = rng.randrange(1, 40 * 60)
        # reference: the minute at which `duration` working minutes are complete
        count, m = 0, start_minute
        while count < duration:
            if m in working_set:
                count += 1
            m += 1
        expected = datetime.fromtimestamp(m * 60, tz=UTC)
        start = datetime.fromtimestamp(start_minute * 60, tz=UTC)
        assert schedule.add_working(start, duration * 60) == expected
        end_minute = start_minute + rng.randrange(0, 60 * 24 * 10)
        expected_seconds = 60 * sum(1 for x in range(start_minute, end_minute) if x in working_set)
        end = datetime.fromtimestamp(end_minute * 60, tz=UTC)
        assert schedule.working_seconds(start, end) == expected_seconds
