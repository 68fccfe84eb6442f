"""Routing log (转派记录): every hop of a complaint between units, with who, when and why."""

from odoo import fields, models


class ComplaintAssignment(models.Model):
    _name = "complaint.assignment"
    _description = "Complaint Routing Log"
    _order = "date desc, id desc"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, index=True, ondelete="cascade", string="Complaint"
    )
    kind = fields.Selection(
        [
            ("routing", "Routing at registration"),
            ("reassign", "Reassignment"),
            ("escalation", "Escalation to parent unit"),
            ("coordination", "Coordinator decision"),
        ],
        required=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", string="By", default=lambda self: self.env.user)
    from_team_id = fields.Many2one("helpdesk.ticket.team", string="From unit")
    to_team_id = fields.Many2one("helpdesk.ticket.team", string="To unit")
    rule_id = fields.Many2one("complaint.routing.rule", string="Routing rule")
    reason = fields.Char()
