"""Regions (区域) used by routing rules and statistics: a tree, e.g. province → city → district."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ComplaintRegion(models.Model):
    _name = "complaint.region"
    _description = "Complaint Region"
    _parent_name = "parent_id"
    _parent_store = True
    _order = "complete_name"
    _rec_name = "complete_name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    parent_id = fields.Many2one("complaint.region", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("complaint.region", "parent_id")
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    active = fields.Boolean(default=True)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for region in self:
            if region.parent_id:
                region.complete_name = f"{region.parent_id.complete_name} / {region.name}"
            else:
                region.complete_name = region.name

    @api.constrains("parent_id")
    def _check_parent_cycle(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A region cannot be its own parent."))
