"""A platform's codes translated to ours: its category, region and urgency codes, one row each,
editable under Configuration."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .helpdesk_ticket import SEVERITIES

MAPPING_KINDS = [("category", "Category"), ("region", "Region"), ("urgency", "Urgency")]


class ComplaintPlatformMapping(models.Model):
    _name = "complaint.platform.mapping"
    _description = "Complaint Platform Code Mapping"
    _order = "platform_id, kind, external_code, id"
    _rec_name = "external_code"

    platform_id = fields.Many2one(
        "complaint.platform", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="platform_id.company_id", store=True, index=True)
    kind = fields.Selection(MAPPING_KINDS, required=True, default="category")
    external_code = fields.Char(string="Platform code", required=True)
    external_label = fields.Char(
        string="Platform label", help="The platform's name for this code, for reference."
    )
    category_id = fields.Many2one(
        "helpdesk.ticket.category",
        string="Our category",
        domain=[("is_complaint_category", "=", True)],
        ondelete="cascade",
    )
    region_id = fields.Many2one("complaint.region", string="Our region", ondelete="cascade")
    severity = fields.Selection(
        SEVERITIES, help="Severity given to complaints of this urgency; empty: the category's."
    )
    is_emergency = fields.Boolean(
        string="Emergency", help="Complaints of this urgency are accepted and dispatched at once."
    )
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint(
        "UNIQUE(platform_id, kind, external_code)",
        "A platform code can be mapped only once per kind.",
    )

    @api.constrains("kind", "category_id", "region_id", "severity", "is_emergency")
    def _check_target(self):
        for mapping in self:
            missing = (
                (mapping.kind == "category" and not mapping.category_id)
                or (mapping.kind == "region" and not mapping.region_id)
                or (mapping.kind == "urgency" and not (mapping.severity or mapping.is_emergency))
            )
            if missing:
                raise ValidationError(
                    self.env._(
                        "Platform code %(code)s: choose what it stands for (our category, "
                        "region, or the severity or emergency of the urgency).",
                        code=mapping.external_code,
                    )
                )

    def _get_ticket_values(self):
        """What this mapping sets on a complaint."""
        self.ensure_one()
        if self.kind == "category":
            return {"category_id": self.category_id.id}
        if self.kind == "region":
            return {"complaint_region_id": self.region_id.id}
        vals = {"complaint_is_emergency": self.is_emergency}
        if self.severity:
            vals["complaint_severity"] = self.severity
        return vals
