"""Working calendars with China's public holidays and make-up working days (调休).

Odoo 19's attendance lines have no dates, so make-up weekend days are added to the calendar's
attendance intervals here; holidays are ordinary global leaves. ``_get_complaint_schedule``
turns a window of working time into the pure-Python schedule of complaint_sla.timing.
"""

import logging
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pytz import timezone, utc

from odoo import api, fields, models, tools
from odoo.tools.intervals import Intervals

from ..timing import WorkSchedule

_logger = logging.getLogger(__name__)

# ir.config_parameter: the day (MM-DD) from which administrators are reminded to enter the next
# year's public holidays; the default ships in data/complaint_sla_data.xml
REMINDER_PARAM = "complaint_management.sla_holiday_reminder_date"
REMINDER_DEFAULT = "12-01"


def parse_reminder_date(value, year):
    """The date of ``year`` that the "MM-DD" setting ``value`` names (29 February: the 28th
    in other years); None when it is not such a date."""
    try:
        month, day = (int(part) for part in (value or "").strip().split("-"))
        if month == 2 and day == 29:
            day = 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28
        return date(year, month, day)
    except ValueError:
        return None


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

    complaint_holiday_reminder_year = fields.Integer(
        string="Reminded of the holidays of",
        readonly=True,
        copy=False,
        help="The last year whose missing public holidays the administrators were given a "
        "to-do for on this calendar: they are reminded once per calendar and year.",
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

    # ------------------------------------------------------------------------------------------
    # To-dos of the administrators: a year's public holidays are missing
    # ------------------------------------------------------------------------------------------

    @api.model
    def _get_complaint_holiday_admins(self):
        """Who enters public holidays: the settings administrators (internal, active)."""
        # sudo: the cron and whoever registers a complaint may not read the group's members
        return (
            self.env.ref("base.group_system")
            .sudo()
            .all_user_ids.filtered(lambda u: u.active and not u.share)
        )

    def _schedule_complaint_holiday_todo(self, year, note):
        """A to-do "Enter the public holidays of ``year``" on this calendar for each
        administrator, unless one is open already or they were reminded of that year (an
        early reminder, or the first provisional deadline). Returns the to-dos created."""
        self.ensure_one()
        activities = self.env["mail.activity"]
        # sudo: the to-dos are the administrators', whoever triggers them
        calendar = self.sudo()
        admins = self._get_complaint_holiday_admins()
        if (
            not admins
            or calendar.complaint_holiday_reminder_year >= year
            or calendar.activity_ids.filtered(lambda a: str(year) in (a.summary or ""))
        ):
            return activities
        summary = self.env._("Enter the public holidays of %(year)s", year=year)
        # no "assigned to you" mail: the to-do is in their activities
        calendar = calendar.with_context(mail_activity_quick_update=True)
        for admin in admins:
            activities |= calendar.activity_schedule(
                "mail.mail_activity_data_todo", summary=summary, note=note, user_id=admin.id
            )
        calendar.complaint_holiday_reminder_year = year
        return activities

    @api.model
    def _get_complaint_calendars_in_use(self):
        """The calendars complaint deadlines count on: those of the deadline rules, of the
        units, of the running or waiting clocks, and the companies' (the rules' fallback)."""
        # sudo: the cron looks at the whole configuration (rules, units, companies, clocks),
        # whoever its user is
        rules = self.env["complaint.sla.rule"].sudo().search([("calendar_id", "!=", False)])
        teams = (  # sudo: see above
            self.env["helpdesk.ticket.team"].sudo().search([("complaint_calendar_id", "!=", False)])
        )
        calendars = rules.calendar_id | teams.complaint_calendar_id
        # sudo: see above
        companies = self.env["res.company"].sudo().search([("resource_calendar_id", "!=", False)])
        calendars |= companies.resource_calendar_id
        for [calendar] in (  # sudo: see above
            self.env["complaint.clock"]
            .sudo()
            ._read_group(
                [("state", "in", ("running", "paused")), ("calendar_id", "!=", False)],
                ["calendar_id"],
            )
        ):
            calendars |= calendar
        return calendars.sudo()  # sudo: the cron schedules the to-dos on them

    @api.model
    def _cron_remind_complaint_holidays(self):
        """Daily: from the configured day of the year (Settings, default 1 December), each
        calendar in use that has public holidays but none for next year gets one to-do per
        administrator, once per calendar and year. A calendar without any holiday (a
        round-the-clock hotline) is left alone, as for provisional deadlines."""
        today = fields.Date.context_today(self)
        # sudo: the settings live in ir.config_parameter, which only administrators read
        value = self.env["ir.config_parameter"].sudo().get_param(REMINDER_PARAM, REMINDER_DEFAULT)
        reminder = parse_reminder_date(value, today.year)
        if reminder is None:
            _logger.warning("Setting %s=%r is not a day of the year (MM-DD)", REMINDER_PARAM, value)
            reminder = parse_reminder_date(REMINDER_DEFAULT, today.year)
        if today < reminder:
            return 0
        year = today.year + 1
        count = 0
        for calendar in self._get_complaint_calendars_in_use():
            covered = calendar._get_complaint_holiday_years()
            if not covered or year in covered or calendar.complaint_holiday_reminder_year >= year:
                continue
            note = self.env._(
                "The calendar %(calendar)s has no public holidays for %(year)s yet: deadlines "
                "reaching %(year)s will be provisional until its holidays and make-up working "
                "days are entered (Import holidays of a year, or by hand).",
                calendar=calendar.display_name,
                year=year,
            )
            if calendar._schedule_complaint_holiday_todo(year, note):
                count += 1
        return count

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
