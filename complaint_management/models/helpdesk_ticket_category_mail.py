"""An optional e-mail address per complaint category: a mail to it registers a complaint of
that category (defaults and routing as for any complaint of the category)."""
# the e-mail channel's part of this model, one file per concern
# pylint: disable=consider-merging-classes-inherited

import ast

from odoo import models


class HelpdeskTicketCategory(models.Model):
    _name = "helpdesk.ticket.category"
    _inherit = ["helpdesk.ticket.category", "mail.alias.mixin.optional"]

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("helpdesk.ticket")
        defaults = {}
        if self.alias_id.alias_defaults:
            defaults = ast.literal_eval(self.alias_id.alias_defaults)
        defaults["is_complaint"] = True
        if self.id:
            defaults["category_id"] = self.id
        values["alias_defaults"] = repr(defaults)
        return values
