"""Complaints are helpdesk tickets flagged as complaints."""

from odoo import fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    is_complaint = fields.Boolean(
        string="Complaint",
        index=True,
        copy=True,
        help="Tickets flagged as complaints follow the complaint procedure.",
    )
