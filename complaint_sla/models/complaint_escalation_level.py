"""Escalation ladder (督办): who is asked to act how long after a deadline is breached."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ComplaintEscalationLevel(models.Model):
    _name = "complaint.escalation.level"
    _description = "Complaint Escalation Level"
    _order = "level"

    level = fields.Integer(required=True)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    delay_hours = fields.Float(
        string="Delay after breach (hours)",
        required=True,
        help="How long after the breach this level is reached.",
    )
    notify = fields.Selection(
        [
            ("unit_leader", "Leader of the lead unit"),
            ("parent_leader", "Leader of the parent unit"),
            ("group", "Members of a group"),
        ],
        required=True,
        default="unit_leader",
    )
    group_id = fields.Many2one("res.groups")
    reply_hours = fields.Float(
        string="Reply due within (hours)",
        default=24,
        help="The supervised side must answer the supervision record within this time.",
    )

    _level_uniq = models.Constraint("UNIQUE(level)", "Each escalation level exists once.")

    @api.constrains("delay_hours", "notify", "group_id", "level")
    def _check_level(self):
        for level in self:
            if level.delay_hours < 0 or level.level < 1:
                raise ValidationError(
                    self.env._("Escalation levels start at 1 and their delay cannot be negative.")
                )
            if level.notify == "group" and not level.group_id:
                raise ValidationError(
                    self.env._(
                        "Escalation level %(name)s notifies a group: choose it.", name=level.name
                    )
                )

    @api.model
    def _get_ladder(self):
        """[(level, delay_seconds, record)] of the active levels, lowest first."""
        # sudo: the cron escalates whatever the configuration's readers are
        return [(rec.level, rec.delay_hours * 3600, rec) for rec in self.sudo().search([])]

    def _get_recipients(self, ticket):
        self.ensure_one()
        if self.notify == "unit_leader":
            return ticket.team_id.user_id or ticket.team_id.parent_id.user_id
        if self.notify == "parent_leader":
            return ticket.team_id.parent_id.user_id or ticket.team_id.user_id
        return self.group_id.user_ids.filtered(lambda u: u.active and not u.share)
