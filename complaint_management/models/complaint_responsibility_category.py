"""Responsibility categories (责任类别) recorded with the verdict at closure."""

from odoo import fields, models


class ComplaintResponsibilityCategory(models.Model):
    _name = "complaint.responsibility.category"
    _description = "Complaint Responsibility Category"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
