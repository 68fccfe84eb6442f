"""Channels (来源) of complaints: hotline, walk-in, letter, media, 12345 ..."""

from odoo import fields, models


class HelpdeskTicketChannel(models.Model):
    _inherit = "helpdesk.ticket.channel"

    complaint_implies_authority = fields.Boolean(
        string="Government or media",
        help="Complaints from this channel involve a government body or the media: they are "
        "major when Settings > Complaints > Major complaints says so.",
    )
