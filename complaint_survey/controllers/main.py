"""The complainant's survey link: /complaint/survey/<number>/<token>.

The number and the answer's secret token together are the credential; a token that belongs to
another complaint, a guessed one or an unknown number all give the same "not found". An open
callback redirects to the survey app's own page for that answer; an answered or closed one gets
a polite page instead of a second answer.
"""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request
from odoo.tools import consteq

MAX_NUMBER_LENGTH = 32
MAX_TOKEN_LENGTH = 64


class ComplaintSurveyController(http.Controller):
    @http.route(
        "/complaint/survey/<string:number>/<string:token>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
    )
    def complaint_survey(self, number, token, **kw):
        callback = self._find_callback(number, token)
        user_input = callback.user_input_id
        if callback.state == "planned" and user_input.state != "done":
            user = request.env.user
            if not user._is_public() and user_input.partner_id != user.partner_id:
                # the survey app refuses a logged-in visitor on someone else's answer
                return request.render(
                    "complaint_survey.complaint_survey_other_person_page",
                    {"number": callback.ticket_id.number},
                )
            return request.redirect(user_input.get_start_url())
        return request.render(
            "complaint_survey.complaint_survey_closed_page",
            {"callback": callback, "number": callback.ticket_id.number},
        )

    def _find_callback(self, number, token):
        if len(number) > MAX_NUMBER_LENGTH or len(token) > MAX_TOKEN_LENGTH:
            raise NotFound()
        # sudo: the complainant has no account; the number and the secret token are checked
        # below, and nothing else of the complaint is shown
        ticket = (
            request.env["helpdesk.ticket"]
            .sudo()
            .search([("number", "=", number), ("is_complaint", "=", True)], limit=1)
        )
        for callback in ticket.complaint_callback_ids:
            secret = callback.user_input_id.access_token
            if secret and consteq(secret, token):
                return callback
        raise NotFound()
