"""Remove the flagged supervision of complaints, with the reason (e.g. how the result was
verified)."""

from odoo import fields, models


class ComplaintUnflagWizard(models.TransientModel):
    _name = "complaint.unflag.wizard"
    _description = "Remove Complaint Flag"

    ticket_ids = fields.Many2many("helpdesk.ticket", required=True)
    reason = fields.Text(
        required=True, help="How the result was verified, or why supervision is no longer needed."
    )

    def action_unflag(self):
        self.ensure_one()
        self.ticket_ids._check_complaint_flag_rights()
        self.ticket_ids._complaint_clear_flag(self.reason)
        return {"type": "ir.actions.act_window_close"}
