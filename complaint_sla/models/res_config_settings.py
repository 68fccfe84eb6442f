"""Deadline settings; defaults ship in data/complaint_sla_data.xml."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .resource_calendar import REMINDER_PARAM, parse_reminder_date


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_sla_holiday_reminder_date = fields.Char(
        string="Remind of next year's holidays from",
        config_parameter=REMINDER_PARAM,
        help="Day of the year (MM-DD, e.g. 12-01 for 1 December) from which the administrators "
        "get a to-do for each working calendar in use that has no public holidays for the next "
        "year yet.",
    )

    @api.constrains("complaint_sla_holiday_reminder_date")
    def _check_complaint_sla_holiday_reminder_date(self):
        for settings in self.filtered("complaint_sla_holiday_reminder_date"):
            if parse_reminder_date(settings.complaint_sla_holiday_reminder_date, 2024) is None:
                raise ValidationError(
                    self.env._("Enter the reminder day as MM-DD, e.g. 12-01 for 1 December.")
                )
