"""Make-up working days (调休): a weekend date worked like a given weekday of the calendar.
Entering, moving or removing one recomputes the running deadlines it can move."""

from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class ComplaintCalendarWorkday(models.Model):
    _name = "complaint.calendar.workday"
    _inherit = ["complaint.cache.mixin"]
    _description = "Make-up Working Day"
    _order = "date"

    calendar_id = fields.Many2one(
        "resource.calendar", required=True, index=True, ondelete="cascade"
    )
    date = fields.Date(required=True)
    name = fields.Char(string="Reason", translate=True)
    worked_as = fields.Selection(
        WEEKDAYS,
        required=True,
        default="0",
        help="The weekday whose working hours apply on this date.",
    )

    _date_uniq = models.Constraint(
        "UNIQUE(calendar_id, date)", "A date can be a make-up working day only once."
    )

    @api.constrains("date", "calendar_id")
    def _check_date(self):
        for day in self:
            if day.date.weekday() < 5 and not self.env.context.get("allow_weekday_workday"):
                raise ValidationError(
                    self.env._(
                        "%(date)s is already a weekday: a make-up working day falls on a weekend.",
                        date=day.date,
                    )
                )

    def _get_complaint_window(self):
        """(first, last) moment (naive UTC) these days can fall on, whatever the time zone."""
        if not self:
            return None, None
        first, last = min(self.mapped("date")), max(self.mapped("date"))
        return (
            datetime.combine(first - timedelta(days=1), time.min),
            datetime.combine(last + timedelta(days=1), time.max),
        )

    def _refresh_complaint_clocks(self, calendars, windows):
        self.env["resource.calendar.leaves"]._refresh_complaint_clocks(calendars, windows)

    @api.model_create_multi
    def create(self, vals_list):
        days = super().create(vals_list)
        days._refresh_complaint_clocks(days.calendar_id, [days._get_complaint_window()])
        return days

    def write(self, vals):
        calendars, before = self.calendar_id, self._get_complaint_window()
        result = super().write(vals)
        self._refresh_complaint_clocks(
            calendars | self.calendar_id, [before, self._get_complaint_window()]
        )
        return result

    def unlink(self):
        calendars, window = self.calendar_id, self._get_complaint_window()
        result = super().unlink()
        self._refresh_complaint_clocks(calendars, [window])
        return result
