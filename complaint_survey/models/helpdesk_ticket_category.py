"""Per-category callback survey and delay."""

from odoo import fields, models


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    complaint_callback_days = fields.Integer(
        string="Callback within (working days)",
        help="Working days on the unit's calendar (else the company's), public holidays "
        "skipped. Empty: the default of the settings (7).",
    )
    complaint_callback_survey_id = fields.Many2one(
        "survey.survey", string="Callback survey", help="Empty: the survey of the settings."
    )
