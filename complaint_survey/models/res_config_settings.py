"""Callback settings; defaults ship in data/complaint_survey_data.xml."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

PREFIX = "complaint_management."


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_callback_survey_id = fields.Many2one(
        "survey.survey", string="Callback survey", config_parameter=PREFIX + "callback_survey_id"
    )
    complaint_callback_days = fields.Integer(
        string="Callback within (days)",
        help="Calendar days after the reply or closure (that day not counted); when the last "
        "day is a public holiday or a weekend, the next working day of the unit's calendar "
        '(else the company\'s). Where a deadline rule of the phase "Callback after closure" '
        "applies, its deadline is the due date instead.",
        config_parameter=PREFIX + "callback_days",
    )
    complaint_callback_timed = fields.Boolean(
        string="Callbacks timed by deadline rules",
        compute="_compute_complaint_callback_timed",
        help='A deadline rule of the phase "Callback after closure" applies in this '
        "company (Complaint Deadlines): its deadline is the callbacks' due date.",
    )
    complaint_callback_unit_share_pct = fields.Integer(
        string="Unit sample (%)", config_parameter=PREFIX + "callback_unit_share_pct"
    )
    complaint_callback_supervisor_share_pct = fields.Integer(
        string="Supervisor sample (%)", config_parameter=PREFIX + "callback_supervisor_share_pct"
    )
    complaint_callback_max_attempts = fields.Integer(
        string="Attempts before unreachable", config_parameter=PREFIX + "callback_max_attempts"
    )
    complaint_callback_unreachable_days = fields.Integer(
        string="Over at least (working days)",
        help="Working days after the day of the first failed attempt, on the unit's calendar "
        "(else the company's). Where a deadline rule of the phase \"Unreachable complainant: "
        'close the callback" applies, its deadline is the moment from which the callback '
        "closes as unreachable instead.",
        config_parameter=PREFIX + "callback_unreachable_days",
    )
    complaint_unreachable_timed = fields.Boolean(
        string="Unreachable complainants timed by deadline rules",
        compute="_compute_complaint_callback_timed",
        help='A deadline rule of the phase "Unreachable complainant: close the callback" '
        "applies in this company (Complaint Deadlines): the callback closes as unreachable "
        "from its deadline on, once the attempts are made.",
    )
    complaint_satisfaction_target_pct = fields.Integer(
        string="Satisfaction target (%)", config_parameter=PREFIX + "satisfaction_target_pct"
    )
    complaint_satisfaction_fail_pct = fields.Integer(
        string="Failing below (%)", config_parameter=PREFIX + "satisfaction_fail_pct"
    )

    def _compute_complaint_callback_timed(self):
        Ticket = self.env["helpdesk.ticket"]
        callback = Ticket._is_complaint_phase_timed("callback")
        unreachable = Ticket._is_complaint_phase_timed("unreachable")
        for settings in self:
            settings.complaint_callback_timed = callback
            settings.complaint_unreachable_timed = unreachable

    @api.constrains("complaint_callback_survey_id")
    def _check_callback_survey(self):
        for settings in self.filtered("complaint_callback_survey_id"):
            settings.complaint_callback_survey_id._check_complaint_callback_survey()

    @api.constrains(
        "complaint_callback_unit_share_pct",
        "complaint_callback_supervisor_share_pct",
        "complaint_satisfaction_target_pct",
        "complaint_satisfaction_fail_pct",
    )
    def _check_percentages(self):
        for settings in self:
            for value in (
                settings.complaint_callback_unit_share_pct,
                settings.complaint_callback_supervisor_share_pct,
                settings.complaint_satisfaction_target_pct,
                settings.complaint_satisfaction_fail_pct,
            ):
                if not 0 <= value <= 100:
                    raise ValidationError(self.env._("Percentages lie between 0 and 100."))
