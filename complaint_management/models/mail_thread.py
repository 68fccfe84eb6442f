"""The mail gateway's hook for complaints: routes are decided where the raw mail is known."""

from odoo import api, models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def _message_route_process(self, message, message_dict, routes):
        # the only point of message_process that sees both the raw mail (its Auto-Submitted
        # and similar headers) and every route, for the reply paths as for the alias ones;
        # routes that are not about complaints pass unchanged
        routes = self.env["helpdesk.ticket"]._complaint_mail_routes(message, message_dict, routes)
        return super()._message_route_process(message, message_dict, routes)
