"""Deadline rules (时限规则): how long each phase of a complaint may take."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

PHASES = [
    ("register", "Register after first contact"),
    ("dispatch", "Dispatch to the responsible unit"),
    ("first_answer", "First answer to the complainant"),
    ("resolution", "Resolution"),
    ("contact", "Contact interval while open"),
    ("reply", "Reply after the unit's result"),
    ("callback", "Callback after closure"),
]

UNITS = [
    ("working_hours", "Working hours"),
    ("working_days", "Working days"),
    ("calendar_hours", "Calendar hours"),
    ("calendar_days", "Calendar days"),
]


class ComplaintSlaRule(models.Model):
    _name = "complaint.sla.rule"
    _description = "Complaint Deadline Rule"
    _order = "phase, sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    phase = fields.Selection(PHASES, required=True, index=True)
    duration = fields.Float(required=True, default=1.0)
    duration_unit = fields.Selection(UNITS, required=True, default="working_days")
    warning_ratio = fields.Float(
        default=0.9, help="Share of the allowed time after which a warning is raised."
    )
    severity = fields.Selection(
        [("minor", "Minor"), ("important", "Important"), ("major", "Major")],
        help="Applies only to complaints of this severity; empty for all.",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Calendar",
        help="Calendar used for working time; empty: the unit's, else the company's.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    @api.constrains("duration", "warning_ratio")
    def _check_duration(self):
        for rule in self:
            if rule.duration <= 0:
                raise ValidationError(
                    self.env._("Rule %(name)s: the duration must be positive.", name=rule.name)
                )
            if not 0 < rule.warning_ratio < 1:
                raise ValidationError(
                    self.env._(
                        "Rule %(name)s: the warning ratio must be between 0 and 1 (e.g. 0.9).",
                        name=rule.name,
                    )
                )
