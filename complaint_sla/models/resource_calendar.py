"""Working calendars with China's public holidays and make-up working days (调休).

Odoo 19's attendance lines have no dates, so make-up weekend days are added to the calendar's
attendance intervals here; holidays are ordinary global leaves. ``_get_complaint_schedule``
turns a window of working time into the pure-Python schedule of complaint_sla.timing.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from pytz import timezone, utc

from odoo import api, fields, models, tools
from odoo.tools.intervals import Intervals

from ..timing import WorkSchedule


class ResourceCalendar(models.Model):
    _name = "resource.calendar"
    # mail: administrators get a to-do on the calendar when its next year's holidays are missing
    _inherit = ["resource.calendar", "complaint.cache.mixin", "mail.thread", "mail.activity.mixin"]

    complaint_workday_ids = fields.One2many(
        "complaint.calendar.workday", "calendar_id", string="Make-up working days"
    )
    complaint_holiday_years = fields.Char(
        string="Public holidays entered for",
        compute="_compute_complaint_holiday_years",
        help="Years in which this calendar has public holidays. A deadline reaching another "
        "year is provisional until that year's holidays are entered.",
    )

    @api.depends("leave_ids.date_from", "leave_ids.date_to", "leave_ids.resource_id", "tz")
    def _compute_complaint_holiday_years(self):
        for calendar in self:
            years = calendar._get_complaint_holiday_years()
            calendar.complaint_holiday_years = ", ".join(str(y) for y in sorted(years)) or False

    def _get_complaint_holiday_years(self):
        """The years (in the calendar's time zone) with at least one public holiday: its own
        global leaves and those of every calendar. Cached until a global leave changes."""
        self.ensure_one()
        return self._complaint_holiday_years(self.id)

    @tools.ormcache("calendar_id")
    def _get_complaint_tz_name(self, calendar_id):
        """The calendar's time zone, cached as its schedule and holidays are."""
        return self.browse(calendar_id).tz or "UTC"

    @tools.ormcache("calendar_id")
    def _complaint_holiday_years(self, calendar_id):
        calendar = self.browse(calendar_id)
        tz = timezone(calendar.tz or "UTC")
        # sudo: deadlines count on the holidays whatever the current user may read
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search_fetch(
                [
                    ("calendar_id", "in", [False, calendar_id]),
                    ("resource_id", "=", False),
                    ("time_type", "=", "leave"),
                ],
                ["date_from", "date_to"],
            )
        )
        years = set()
        for leave in leaves:
            first = utc.localize(leave.date_from).astimezone(tz).year
            last = utc.localize(leave.date_to).astimezone(tz).year
            years.update(range(first, last + 1))
        return frozenset(years)

    def _attendance_intervals_batch(
        self, start_dt, end_dt, resources=None, domain=None, tz=None, lunch=False
    ):
        result = super()._attendance_intervals_batch(
            start_dt, end_dt, resources=resources, domain=domain, tz=tz, lunch=lunch
        )
        if lunch or self.flexible_hours:
            return result
        extra = self._get_workday_intervals(start_dt, end_dt, tz)
        if not extra:
            return result
        return {
            resource_id: Intervals(list(intervals) + extra, keep_distinct=True)
            for resource_id, intervals in result.items()
        }

    def _get_workday_intervals(self, start_dt, end_dt, tz=None):
        """Attendance intervals of the make-up working days within [start_dt, end_dt]."""
        self.ensure_one()
        tz = tz or timezone(self.tz or "UTC")
        local_start, local_end = start_dt.astimezone(tz), end_dt.astimezone(tz)
        workdays = self.env["complaint.calendar.workday"].search(
            [
                ("calendar_id", "=", self.id),
                ("date", ">=", local_start.date()),
                ("date", "<=", local_end.date()),
            ]
        )
        if not workdays:
            return []
        attendances = self.attendance_ids.filtered(
            lambda a: not a.display_type and a.day_period != "lunch"
        )
        intervals = []
        for workday in workdays:
            for attendance in attendances.filtered(lambda a, w=workday: a.dayofweek == w.worked_as):
                if self.two_weeks_calendar and attendance.week_type != str(
                    self.env["resource.calendar.attendance"].get_week_type(workday.date)
                ):
                    continue
                day_from = tz.localize(
                    datetime.combine(workday.date, self._float_to_time(attendance.hour_from))
                )
                day_to = tz.localize(
                    datetime.combine(workday.date, self._float_to_time(attendance.hour_to))
                )
                day_from, day_to = max(day_from, local_start), min(day_to, local_end)
                if day_from < day_to:
                    intervals.append((day_from, day_to, attendance))
        return intervals

    @staticmethod
    def _float_to_time(hours):
        if hours >= 24:
            return time.max
        minutes = round(hours * 60)
        return time(minutes // 60, minutes % 60)

    def _get_complaint_schedule(self, start, days=400):
        """WorkSchedule of this calendar from the day before ``start``'s date for ``days``
        days, holidays (global leaves) removed and make-up days added; deadlines are then
        computed in pure Python. Cached per calendar and day: a change to the calendar, its
        attendances, global leaves or make-up days clears the cache."""
        self.ensure_one()
        return self._complaint_schedule(fields.Datetime.to_datetime(start).date(), days)

    @tools.ormcache("self.id", "day", "days")
    def _complaint_schedule(self, day, days):
        tz = timezone(self.tz or "UTC")
        start_dt = utc.localize(datetime.combine(day, time.min)) - timedelta(days=1)
        end_dt = start_dt + timedelta(days=days)
        intervals = self._work_intervals_batch(start_dt, end_dt, tz=tz)[False]
        return WorkSchedule(
            [(begin, end) for begin, end, _record in intervals], ZoneInfo(self.tz or "UTC")
        )

    def _complaint_demo_setup(self):
        """Demo data: import 2026's holidays into this calendar and use it in every rule."""
        wizard = self.env["complaint.holiday.import.wizard"].create(
            {"calendar_id": self.id, "year": 2026, "source": "package"}
        )
        wizard.action_import()
        self.env["complaint.sla.rule"].search([("calendar_id", "=", False)]).write(
            {"calendar_id": self.id}
        )
        # complaints registered before this addon was installed get their clocks now
        self.env["complaint.clock"]._backfill_clocks()
