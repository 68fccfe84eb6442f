"""The complaint's status page (tracking link and "My complaints") shows the resolution
deadline committed to the complainant."""

from odoo.addons.complaint_management.controllers.complaint_portal import ComplaintPortal


class ComplaintPortalSla(ComplaintPortal):
    def _prepare_status_values(self, ticket):
        values = super()._prepare_status_values(ticket)
        deadline = ticket.complaint_sla_deadline
        values["complaint_sla_deadline"] = deadline
        # in the time zone of the calendar the deadline was counted on (a visitor has none)
        clock = ticket.complaint_clock_ids.filtered(lambda c: c.deadline == deadline)[:1]
        values["complaint_sla_deadline_tz"] = clock.calendar_id.tz or False
        return values
