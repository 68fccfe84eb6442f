"""The complaint's status page (tracking link and "My complaints") shows the resolution
deadline committed to the complainant."""

from odoo.addons.complaint_management.controllers.complaint_portal import ComplaintPortal


class ComplaintPortalSla(ComplaintPortal):
    def _prepare_status_values(self, ticket):
        values = super()._prepare_status_values(ticket)
        values["complaint_sla_deadline"] = ticket.complaint_sla_deadline
        return values
