"""Flagged supervision (挂牌督办): a manager flags a hot, repeated or long-unsolved complaint with
target, requirements, deadline, responsible and supervising unit; removing the flag needs a
verification note and a manager's approval."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class ComplaintFlag(models.Model):
    _name = "complaint.flag"
    _description = "Flagged Supervision"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Complaint", required=True, index=True, ondelete="cascade"
    )
    number = fields.Char(related="ticket_id.number")
    target = fields.Char(required=True)
    requirements = fields.Text(required=True)
    deadline = fields.Date(required=True)
    responsible_team_id = fields.Many2one("helpdesk.ticket.team", required=True)
    supervising_team_id = fields.Many2one("helpdesk.ticket.team", required=True)
    state = fields.Selection(
        [
            ("active", "Flagged"),
            ("removal_requested", "Removal requested"),
            ("removed", "Removed"),
        ],
        default="active",
        required=True,
        tracking=True,
    )
    verification_note = fields.Text()
    approved_by_id = fields.Many2one("res.users", readonly=True)
    removed_at = fields.Datetime(readonly=True)
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)

    @api.model_create_multi
    def create(self, vals_list):
        # the system opens flags too (a complainant dissatisfied again, through the hook)
        if not self.env.su and not self.env.user.has_group(
            "complaint_management.group_complaint_manager"
        ):
            raise UserError(self.env._("Only a complaint manager can flag a complaint."))
        flags = super().create(vals_list)
        for flag in flags:
            # the complaint's flag is complaint_management's: set through its hook
            flag.ticket_id._complaint_set_flag(flag.target)
        return flags

    def action_request_removal(self):
        for flag in self:
            if not flag.verification_note:
                raise UserError(
                    self.env._(
                        "Write how the result was verified before asking to remove the flag."
                    )
                )
        self.filtered(lambda f: f.state == "active").write({"state": "removal_requested"})

    def action_approve_removal(self):
        if not self.env.user.has_group("complaint_management.group_complaint_manager"):
            raise UserError(self.env._("Only a complaint manager can remove a flag."))
        if self.filtered(lambda f: f.state != "removal_requested"):
            raise UserError(self.env._("Removal must be requested with a verification note first."))
        self.write(
            {
                "state": "removed",
                "approved_by_id": self.env.uid,
                "removed_at": fields.Datetime.now(),
            }
        )
        for flag in self:
            ticket = flag.ticket_id
            still_flagged = self.search_count(
                [("ticket_id", "=", ticket.id), ("state", "!=", "removed")], limit=1
            )
            if not still_flagged:
                ticket._complaint_clear_flag(flag.verification_note)

    def _close(self, note):
        """Close open flags without the request step: their complaint's flag was removed."""
        open_flags = self.filtered(lambda f: f.state != "removed")
        for flag in open_flags:
            flag.write(
                {
                    "state": "removed",
                    "verification_note": flag.verification_note or note,
                    "approved_by_id": self.env.uid,
                    "removed_at": fields.Datetime.now(),
                }
            )
        return open_flags
