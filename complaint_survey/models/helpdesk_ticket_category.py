"""Per-category callback survey and delay (the delay where no deadline rule times callbacks)."""

from odoo import fields, models


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    complaint_callback_days = fields.Integer(
        string="Callback within (days)",
        help="Calendar days after the reply or closure; when the last day is a public "
        "holiday or a weekend, the next working day. Empty: the default of the settings (7). "
        'Where a deadline rule of the phase "Callback after closure" applies, its deadline '
        "is the due date instead.",
    )
    complaint_callback_timed = fields.Boolean(
        string="Callbacks timed by deadline rules",
        compute="_compute_complaint_callback_timed",
    )
    complaint_callback_survey_id = fields.Many2one(
        "survey.survey", string="Callback survey", help="Empty: the survey of the settings."
    )

    def _compute_complaint_callback_timed(self):
        timed = self.env["helpdesk.ticket"]._is_complaint_phase_timed("callback")
        for category in self:
            category.complaint_callback_timed = timed
