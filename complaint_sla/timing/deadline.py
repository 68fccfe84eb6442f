"""Deadlines by duration unit, as Chinese administrative practice counts them (期间计算):

* N working hours: N hours of working time from receipt (outside working hours, the clock
  starts at the next working minute);
* N working days: the day of receipt is not counted; the end of working time on the N-th working
  day after it;
* N calendar hours: plain elapsed time;
* N calendar days: 24:00 of the N-th calendar day after the day of receipt, or 24:00 of the next
  working day when that day is not one.
"""

from datetime import datetime, time, timedelta

UNITS = ("working_hours", "working_days", "calendar_hours", "calendar_days")
WORKING_UNITS = ("working_hours", "working_days")


def _check_unit(unit):
    if unit not in UNITS:
        raise ValueError(f"unknown duration unit {unit!r}; expected one of {', '.join(UNITS)}")


def compute_deadline(schedule, start, unit, amount):
    """The deadline of a phase started at ``start`` (aware datetime)."""
    _check_unit(unit)
    if amount is None or amount <= 0:
        raise ValueError("the duration must be positive")
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    if unit == "calendar_hours":
        return start + timedelta(hours=amount)
    if unit in ("working_days", "calendar_days") and amount != int(amount):
        raise ValueError("days must be a whole number")
    if unit == "working_hours":
        return schedule.add_working(start, amount * 3600)
    received = schedule.local_date(start) if schedule else start.date()
    if unit == "working_days":
        return schedule.end_of_working_date(schedule.nth_working_date_after(received, int(amount)))
    day = received + timedelta(days=int(amount))
    tz = schedule.tz if schedule else start.tzinfo
    if schedule and not schedule.is_working_date(day):
        day = schedule.next_working_date(day)
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=tz).astimezone(start.tzinfo)


def warning_time(schedule, start, deadline, unit, ratio, paused=0.0):
    """When ``ratio`` of the allowed time is used up.

    ``paused``: time the clock spent paused between ``start`` and ``deadline`` (working seconds
    for working units, elapsed seconds otherwise), which the deadline already includes. The
    allowed time is the rest, and the warning comes when the share ``1 - ratio`` of it is left
    before the deadline: the pause shifts the warning instead of stretching the allowed time.
    """
    _check_unit(unit)
    if not 0 < ratio < 1:
        raise ValueError("the warning ratio must lie strictly between 0 and 1")
    if paused < 0:
        raise ValueError("the paused time cannot be negative")
    if unit in WORKING_UNITS and schedule:
        total = schedule.working_seconds(start, deadline)
        # total - (1 - ratio) * (total - paused), written so that no pause gives ratio * total
        return schedule.add_working(start, ratio * total + (1 - ratio) * min(paused, total))
    total = (deadline - start).total_seconds()
    return start + timedelta(seconds=ratio * total + (1 - ratio) * min(paused, total))


def extend_by_pause(schedule, deadline, unit, paused):
    """``deadline`` moved by ``paused`` (working seconds for working units, elapsed seconds
    otherwise): the deadline of a clock recomputed from its start after pauses."""
    _check_unit(unit)
    if not paused:
        return deadline
    if unit in WORKING_UNITS and schedule:
        return schedule.add_working(deadline, paused)
    return deadline + timedelta(seconds=paused)


def push_deadline(schedule, deadline, unit, paused_from, resumed_at):
    """The deadline of a clock paused at ``paused_from`` and resumed at ``resumed_at``."""
    _check_unit(unit)
    if resumed_at <= paused_from:
        return deadline
    if unit in WORKING_UNITS and schedule:
        if paused_from < deadline:
            return schedule.add_working(resumed_at, schedule.working_seconds(paused_from, deadline))
        return schedule.add_working(deadline, schedule.working_seconds(paused_from, resumed_at))
    return deadline + (resumed_at - paused_from)


def paused_time(schedule, unit, paused_from, resumed_at):
    """How much a pause counts: working seconds for working units, elapsed seconds otherwise."""
    _check_unit(unit)
    if resumed_at <= paused_from:
        return 0.0
    if unit in WORKING_UNITS and schedule:
        return schedule.working_seconds(paused_from, resumed_at)
    return (resumed_at - paused_from).total_seconds()


def elapsed_ratio(schedule, start, deadline, unit, now):
    """Share of the allowed time used at ``now`` (above 1 once overdue)."""
    _check_unit(unit)
    if unit in WORKING_UNITS and schedule:
        allowed = schedule.working_seconds(start, deadline)
        used = schedule.working_seconds(start, now)
    else:
        allowed = (deadline - start).total_seconds()
        used = (now - start).total_seconds()
    return used / allowed if allowed else float("inf")
