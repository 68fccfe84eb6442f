"""A calendar's working time over a window, as sorted intervals with cumulative sums."""

from bisect import bisect_left, bisect_right
from datetime import UTC, datetime, time, timedelta


class ScheduleExhausted(ValueError):
    """The computation needs working time beyond the schedule's window."""


def _ts(dt):
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"naive datetime {dt!r}: pass timezone-aware datetimes")
    return dt.timestamp()


def _dt(ts):
    return datetime.fromtimestamp(ts, tz=UTC)


class WorkSchedule:
    """Working intervals of one calendar over a window.

    ``intervals``: iterable of (start, end) aware datetimes, in any order, possibly overlapping
    or touching (they are merged); ``tz``: the calendar's tzinfo, which defines local dates.
    Intervals are half-open: an interval's end is not working time.
    """

    def __init__(self, intervals, tz):
        self.tz = tz
        spans = sorted((_ts(a), _ts(b)) for a, b in intervals if _ts(b) > _ts(a))
        starts, ends = [], []
        for begin, end in spans:
            if ends and begin <= ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(begin)
                ends.append(end)
        self.starts, self.ends = starts, ends
        self.cum = [0.0]
        for begin, end in zip(starts, ends, strict=True):
            self.cum.append(self.cum[-1] + end - begin)
        self._date_end = {}
        for begin, end in zip(starts, ends, strict=True):
            local_date = _dt(begin).astimezone(tz).date()
            self._date_end[local_date] = max(self._date_end.get(local_date, end), end)
        self._dates = sorted(self._date_end)

    @property
    def window_start(self):
        return _dt(self.starts[0]) if self.starts else None

    @property
    def window_end(self):
        return _dt(self.ends[-1]) if self.ends else None

    def _worked_before(self, ts):
        """Working seconds from the window's start to ``ts``."""
        i = bisect_right(self.starts, ts) - 1
        if i < 0:
            return 0.0
        return self.cum[i] + min(ts, self.ends[i]) - self.starts[i]

    def next_working(self, dt):
        ts = _ts(dt)
        i = bisect_right(self.ends, ts)  # first interval ending after ts
        if i >= len(self.starts):
            raise ScheduleExhausted(f"no working time after {dt} in this schedule")
        return _dt(max(ts, self.starts[i]))

    def working_seconds(self, a, b):
        ta, tb = _ts(a), _ts(b)
        if tb <= ta:
            return 0.0
        return self._worked_before(tb) - self._worked_before(ta)

    def add_working(self, start, seconds):
        if seconds < 0:
            raise ValueError("working time cannot be negative")
        ts = _ts(start)
        if seconds == 0:
            return self.next_working(start)
        target = self._worked_before(ts) + seconds
        # first interval whose cumulative end reaches the target; an exact interval end stays
        i = bisect_left(self.cum, target, 1) - 1
        if i >= len(self.starts):
            raise ScheduleExhausted(f"the schedule ends before {seconds / 3600:.2f} working hours")
        return _dt(self.starts[i] + target - self.cum[i])

    def working_dates(self):
        return list(self._dates)

    def is_working_date(self, day):
        return day in self._date_end

    def end_of_working_date(self, day):
        return _dt(self._date_end[day])

    def next_working_date(self, day, strictly_after=True):
        """The first working date after (or from) ``day``."""
        find = bisect_right if strictly_after else bisect_left
        i = find(self._dates, day)
        if i >= len(self._dates):
            raise ScheduleExhausted(f"no working date after {day} in this schedule")
        return self._dates[i]

    def nth_working_date_after(self, day, n):
        i = bisect_right(self._dates, day) + n - 1
        if i >= len(self._dates):
            raise ScheduleExhausted(f"fewer than {n} working dates after {day} in this schedule")
        return self._dates[i]

    def local_date(self, dt):
        return dt.astimezone(self.tz).date()


def build_weekly_intervals(tz, date_from, date_to, weekly, holidays=(), makeup_days=None):
    """Intervals like a resource calendar produces them: ``weekly`` maps weekday (0 = Monday)
    to [(hour_from, hour_to)]; ``holidays`` are local dates without work; ``makeup_days`` maps a
    date to the hours worked on it (a make-up weekend day)."""
    holidays, makeup_days = set(holidays), dict(makeup_days or {})
    intervals = []
    day = date_from
    while day <= date_to:
        if day in makeup_days:
            hours = makeup_days[day]
        elif day in holidays:
            hours = ()
        else:
            hours = weekly.get(day.weekday(), ())
        for hour_from, hour_to in hours:
            begin = datetime.combine(day, time(), tzinfo=tz) + timedelta(hours=hour_from)
            end = datetime.combine(day, time(), tzinfo=tz) + timedelta(hours=hour_to)
            intervals.append((begin, end))
        day += timedelta(days=1)
    return intervals
