"""Reasons for refusing a complaint (不予受理), each telling the complainant where to turn."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class ComplaintRefusalReason(models.Model):
    _name = "complaint.refusal.reason"
    _description = "Complaint Refusal Reason"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    guidance = fields.Text(
        string="Where to turn",
        translate=True,
        help="Told to the complainant with the refusal: which body or procedure can help.",
    )
    active = fields.Boolean(default=True)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        # sudo: complaints of companies the manager may not read use the record too
        used = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search_count([("complaint_refusal_reason_id", "in", self.ids)], limit=1)
        )
        if used:
            raise UserError(
                self.env._(
                    "This refusal reason is used by complaints: archive it instead of deleting it."
                )
            )
