"""The complaint's status page (tracking link and "My complaints") offers the satisfaction
survey while its callback is planned."""

from odoo.addons.complaint_management.controllers.complaint_portal import ComplaintPortal


class ComplaintPortalSurvey(ComplaintPortal):
    def _prepare_status_values(self, ticket):
        values = super()._prepare_status_values(ticket)
        # sudo: the survey link is for officers in the back office; here the complainant,
        # authenticated by their code or account, gets the link of their own complaint
        callback = ticket.sudo().complaint_callback_ids.filtered(lambda c: c.state == "planned")[:1]
        values["complaint_survey_url"] = callback.survey_url
        return values
