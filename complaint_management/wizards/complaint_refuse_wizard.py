"""Refuse a complaint (不予受理) with a reason; the complainant is told why and where to turn."""

from odoo import fields, models
from odoo.exceptions import UserError


class ComplaintRefuseWizard(models.TransientModel):
    _name = "complaint.refuse.wizard"
    _description = "Refuse Complaint"

    ticket_ids = fields.Many2many("helpdesk.ticket", required=True)
    reason_id = fields.Many2one("complaint.refusal.reason", required=True)
    guidance = fields.Text(related="reason_id.guidance")
    note = fields.Text()

    def action_refuse(self):
        self.ensure_one()
        tickets = self.ticket_ids
        tickets._check_is_complaint()
        if not self.reason_id:
            raise UserError(self.env._("Choose the reason for refusing."))
        if tickets.filtered(lambda t: t.complaint_phase not in ("new", "dispatched")):
            raise UserError(self.env._("Only complaints not yet handled can be refused."))
        tickets._set_complaint_phase(
            "refused",
            {"complaint_refusal_reason_id": self.reason_id.id, "complaint_refusal_note": self.note},
        )
        template = self.env.ref("complaint_management.mail_template_complaint_refused")
        tickets._complaint_mail_complainant(template)
        return {"type": "ir.actions.act_window_close"}
