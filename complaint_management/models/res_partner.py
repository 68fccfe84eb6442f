"""Customer tier of a partner (VIP vs ordinary): VIP complaints get higher priority."""

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    complaint_customer_tier = fields.Selection(
        [("ordinary", "Ordinary"), ("vip", "VIP")],
        string="Customer tier",
        default="ordinary",
    )
