"""Display name of tickets without helpdesk_mgmt's placeholders: a new ticket has the number
"/" and no title yet, which read "/ - False" in the breadcrumb.

Kept apart from helpdesk_ticket.py while that file is being changed elsewhere; it belongs
there (see the commit message)."""
# pylint: disable=consider-merging-classes-inherited

from odoo import api, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.depends("number", "name")
    def _compute_display_name(self):
        for ticket in self:
            number = ticket.number if ticket.number != "/" else False
            # empty for a new ticket: the web client then shows "New"
            ticket.display_name = " - ".join(part for part in (number, ticket.name) if part)
