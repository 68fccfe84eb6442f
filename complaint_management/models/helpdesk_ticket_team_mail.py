"""Units whose e-mail address (the helpdesk team's alias) registers complaints."""
# the e-mail channel's part of this model, one file per concern
# pylint: disable=consider-merging-classes-inherited

from odoo import fields, models
from odoo.tools.safe_eval import safe_eval


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    complaint_mail_intake = fields.Boolean(
        string="Registers complaints by e-mail",
        help="A mail to this unit's address registers a complaint (lead unit: this one, unless "
        "a routing rule or the category says otherwise) instead of a plain ticket.",
    )

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        defaults = values.get("alias_defaults") or {}
        if isinstance(defaults, str):
            defaults = safe_eval(defaults)
        if self.complaint_mail_intake:
            defaults["is_complaint"] = True
        else:
            defaults.pop("is_complaint", None)
        values["alias_defaults"] = defaults
        return values

    def write(self, vals):
        result = super().write(vals)
        if "complaint_mail_intake" in vals:
            for team in self.filtered("alias_id"):
                # sudo: the alias is configuration, written with the unit
                team.alias_id.sudo().alias_defaults = team._alias_get_creation_values()[
                    "alias_defaults"
                ]
        return result
