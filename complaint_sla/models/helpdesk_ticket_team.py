"""A unit may work on its own calendar (e.g. a 24/7 hotline)."""

from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    complaint_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working calendar",
        help="Deadlines of this unit's complaints count on this calendar unless the rule "
        "names one; empty: the company's.",
    )
