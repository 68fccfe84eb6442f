"""Reopen a closed complaint with a reason (e.g. the complainant is dissatisfied)."""

from odoo import fields, models


class ComplaintReopenWizard(models.TransientModel):
    _name = "complaint.reopen.wizard"
    _description = "Reopen Complaint"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True)
    reason = fields.Text(required=True)

    def action_reopen(self):
        self.ensure_one()
        self.ticket_id._reopen_complaint(self.reason)
        return {"type": "ir.actions.act_window_close"}
