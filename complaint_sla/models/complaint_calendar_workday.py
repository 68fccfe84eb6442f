"""Make-up working days (调休): a weekend date worked like a given weekday of the calendar."""

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
