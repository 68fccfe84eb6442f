"""Stages that stop the clock: waiting for the complainant or a third party."""

from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    complaint_stops_clock = fields.Boolean(
        string="Stops the clock",
        help="Deadlines are paused while a complaint is in this stage.",
    )
