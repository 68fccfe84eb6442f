"""Reasons for refusing a complaint (不予受理), each telling the complainant where to turn."""

from odoo import fields, models


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
