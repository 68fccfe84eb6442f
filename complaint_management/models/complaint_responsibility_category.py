"""Responsibility categories (责任类别) recorded with the verdict at closure."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class ComplaintResponsibilityCategory(models.Model):
    _name = "complaint.responsibility.category"
    _description = "Complaint Responsibility Category"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        # sudo: complaints of companies the manager may not read use the record too
        used = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search_count([("complaint_responsibility_category_id", "in", self.ids)], limit=1)
        )
        if used:
            raise UserError(
                self.env._(
                    "This responsibility category is used by complaints: archive it instead "
                    "of deleting it."
                )
            )
