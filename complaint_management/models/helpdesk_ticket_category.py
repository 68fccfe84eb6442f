"""Complaint categories (投诉分类) extend helpdesk's category tree with complaint defaults."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    complaint_code = fields.Char(string="Code", index=True)
    complaint_description = fields.Text(
        string="Description", translate=True, help="Shown to complainants choosing a category."
    )
    complaint_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Default lead unit",
        help="Lead unit for complaints of this category when no routing rule is more specific.",
    )
    complaint_severity = fields.Selection(
        [("minor", "Minor"), ("important", "Important"), ("major", "Major")],
        string="Default severity",
    )
    complaint_onsite_required = fields.Boolean(string="On-site visit required")
    complaint_real_name_required = fields.Boolean(
        string="Real name required", help="Anonymous complaints are refused in this category."
    )
    complaint_pack = fields.Char(
        string="Domain pack", help="Which optional pack of categories this one came with."
    )
    is_complaint_category = fields.Boolean(
        string="Complaint category",
        default=lambda self: self.env.context.get("default_is_complaint_category", False),
        index=True,
        help="Offered on the public complaint form and in the Complaints app (other helpdesk "
        "categories, e.g. IT support, are not).",
    )

    def _get_complaint_team(self):
        """The default lead unit of this category, else of its nearest ancestor that has one."""
        if not self:
            return self.env["helpdesk.ticket.team"]
        self.ensure_one()
        node = self
        while node and not node.complaint_team_id:
            node = node.parent_id
        return node.complaint_team_id

    @api.constrains("parent_id")
    def _check_parent_cycle(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A category cannot be its own parent."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used_by_complaints(self):
        # sudo: complaints of companies the manager may not read use the category too
        used = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search_count(
                [("is_complaint", "=", True), ("category_id", "child_of", self.ids)], limit=1
            )
        )
        if used:
            raise UserError(
                self.env._("This category has complaints: archive it instead of deleting it.")
            )
