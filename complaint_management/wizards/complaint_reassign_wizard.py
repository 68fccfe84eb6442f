"""Reassign (转派) a complaint to the unit that is really responsible, with a reason.

Every hop is logged. Beyond the configured maximum of hops only the coordinator (a complaint
manager) may decide; others send the dispute to the coordinator.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError


class ComplaintReassignWizard(models.TransientModel):
    _name = "complaint.reassign.wizard"
    _description = "Reassign Complaint"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True)
    current_team_id = fields.Many2one(related="ticket_id.team_id", string="Current unit")
    team_id = fields.Many2one("helpdesk.ticket.team", string="New lead unit", required=True)
    user_id = fields.Many2one("res.users", string="Responsible person")
    reason = fields.Char(required=True)
    hop_count = fields.Integer(related="ticket_id.complaint_reassign_count")
    max_hops = fields.Integer(compute="_compute_max_hops")
    is_coordinator = fields.Boolean(compute="_compute_max_hops")

    @api.depends("ticket_id")
    def _compute_max_hops(self):
        max_hops = self.env["helpdesk.ticket"]._get_complaint_param("max_hops", 3)
        coordinator = self.env.user.has_group("complaint_management.group_complaint_manager")
        for wizard in self:
            wizard.max_hops = max_hops
            wizard.is_coordinator = coordinator

    def action_reassign(self):
        self.ensure_one()
        ticket = self.ticket_id
        ticket._check_is_complaint()
        if not self.reason or not self.reason.strip():
            raise UserError(self.env._("Give the reason for the reassignment."))
        if self.team_id == ticket.team_id:
            raise UserError(self.env._("The complaint is already with this unit."))
        kind = "reassign"
        if ticket.complaint_reassign_count >= self.max_hops:
            if not self.is_coordinator:
                raise UserError(
                    self.env._(
                        "Complaint %(number)s was already reassigned %(count)s times (the "
                        'maximum): the coordinator decides the responsible unit. Use "Send to '
                        'coordinator".',
                        number=ticket.number,
                        count=ticket.complaint_reassign_count,
                    )
                )
            kind = "coordination"
        ticket._assign_team(self.team_id, self.reason.strip(), kind, user=self.user_id)
        return {"type": "ir.actions.act_window_close"}

    def action_send_to_coordinator(self):
        """Ask the coordinator to decide; nothing changes on the complaint until they do."""
        self.ensure_one()
        coordinator = self.env["helpdesk.ticket"]._get_coordinator()
        self.ticket_id.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=coordinator.id,
            summary=self.env._("Decide the responsible unit"),
            note=self.env._(
                "Disputed assignment: %(from_unit)s proposes %(to_unit)s. Reason: %(reason)s",
                from_unit=self.ticket_id.team_id.display_name or "-",
                to_unit=self.team_id.display_name,
                reason=self.reason,
            ),
        )
        return {"type": "ir.actions.act_window_close"}
