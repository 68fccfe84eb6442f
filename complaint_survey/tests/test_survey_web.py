"""The complainant answers the callback survey over HTTP: anonymously through the token link,
or logged in from "My complaints"; a second answer, a wrong token and another complaint's token
are refused."""

import re
from urllib.parse import urlparse

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSurveyWeb(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("complaint_survey.survey_complaint_callback")
        cls.category = cls.env.ref("complaint_management.cat_service_delay")
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Branch Xicheng"})
        cls.portal_user = new_test_user(
            cls.env, login="cs_portal", groups="base.group_portal", email="li.na@example.com"
        )
        cls.other_partner = cls.env["res.partner"].create(
            {"name": "王芳", "email": "wang.fang@example.com"}
        )
        cls.ticket = cls._called_back(cls.portal_user.partner_id)
        cls.other_ticket = cls._called_back(cls.other_partner)

    @classmethod
    def _called_back(cls, partner):
        """A major complaint of ``partner``, replied: its callback is planned with a link."""
        ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Heating off for a week",
                "description": "<p>No heating in building 4.</p>",
                "is_complaint": True,
                "partner_id": partner.id,
                "partner_email": partner.email,
                "category_id": cls.category.id,
                "team_id": cls.team.id,
                "complaint_serious_loss": True,
            }
        )
        cls.env["complaint.reply.wizard"].create(
            {"ticket_id": ticket.id, "method": "email", "body": "<p>Repaired.</p>"}
        ).action_reply()
        assert ticket.complaint_callback_ids.user_input_id, (
            "a major complaint is always called back"
        )
        return ticket

    # --- helpers --------------------------------------------------------------------------------

    def _link(self, ticket, token=None):
        callback = ticket.complaint_callback_ids
        return f"/complaint/survey/{ticket.number}/{token or callback.user_input_id.access_token}"

    def _answer_over_http(self, user_input, overall, comment=""):
        """Fill the one-page survey as a browser would: open it, begin, submit every question."""
        survey_token, token = self.survey.access_token, user_input.access_token
        page = self.url_open(f"/survey/{survey_token}/{token}")
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        self.url_open(f"/survey/begin/{survey_token}/{token}", json={"params": {}})
        post = {"csrf_token": csrf, "token": token}
        for question in self.survey.question_ids:
            if question.question_type == "simple_choice":
                wanted = overall if question.complaint_dimension == "overall" else "satisfied"
                answer = question.suggested_answer_ids.filtered(
                    lambda a, w=wanted: a.complaint_satisfaction == w
                )
                post[str(question.id)] = str(answer.id)
            elif question.complaint_dimension == "comment":
                post[str(question.id)] = comment
        response = self.url_open(f"/survey/submit/{survey_token}/{token}", json={"params": post})
        self.assertEqual(response.status_code, 200)
        return response.json().get("result")

    # --- tests ----------------------------------------------------------------------------------

    def test_anonymous_complainant_answers_through_the_token_link(self):
        response = self.url_open(self._link(self.ticket), allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        user_input = self.ticket.complaint_callback_ids.user_input_id
        target = urlparse(response.headers["Location"])
        self.assertEqual(target.path, f"/survey/start/{self.survey.access_token}")
        self.assertIn(f"answer_token={user_input.access_token}", target.query)

        self._answer_over_http(user_input, "satisfied")

        callback = self.ticket.complaint_callback_ids
        self.assertEqual(callback.state, "done")
        self.assertEqual(callback.answered_by, "complainant")
        self.assertEqual(self.ticket.complaint_satisfaction, "satisfied")
        self.assertEqual(self.ticket.complaint_satisfaction_by, "complainant")
        self.assertEqual(
            self.other_ticket.complaint_callback_ids.state, "planned", "only this complaint"
        )

    def test_the_tracking_page_offers_the_survey_until_it_is_answered(self):
        url = f"/complaint/track/{self.ticket.number}/{self.ticket.complaint_tracking_code}"
        page = self.url_open(url)
        self.assertIn(self._link(self.ticket), page.text)
        self.assertNotIn(
            self.other_ticket.complaint_callback_ids.user_input_id.access_token, page.text
        )
        self._answer_over_http(self.ticket.complaint_callback_ids.user_input_id, "satisfied")
        self.assertNotIn("o_complaint_survey_link", self.url_open(url).text)

    def test_second_answer_through_the_same_token_is_refused_politely(self):
        user_input = self.ticket.complaint_callback_ids.user_input_id
        self._answer_over_http(user_input, "satisfied")

        page = self.url_open(self._link(self.ticket), allow_redirects=False)
        self.assertEqual(page.status_code, 200, "no redirect to the survey a second time")
        self.assertIn("already been recorded", page.text)

        result = self._answer_over_http(user_input, "dissatisfied", comment="Changed my mind")
        self.assertEqual(result[1], {"error": "unauthorized"})
        self.assertEqual(self.ticket.complaint_satisfaction, "satisfied")
        self.assertEqual(
            self.ticket.complaint_reopen_count, 0, "the refused answer reopens nothing"
        )

    def test_wrong_or_foreign_token_is_not_found(self):
        own = self.ticket.complaint_callback_ids.user_input_id.access_token
        foreign = self.other_ticket.complaint_callback_ids.user_input_id.access_token
        for url in (
            self._link(self.ticket, token=own[:-1] + ("0" if own[-1] != "0" else "1")),
            self._link(self.ticket, token=foreign),
            f"/complaint/survey/TS0000-000000/{own}",
            self._link(self.ticket, token="x" * 200),
        ):
            with self.subTest(url=url):
                response = self.url_open(url, allow_redirects=False)
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.ticket.complaint_callback_ids.state, "planned")

    def test_portal_user_sees_and_answers_only_their_own_survey(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        own_link = self._link(self.ticket)
        page = self.url_open(f"/my/complaints/{self.ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(own_link, page.text)
        self.assertNotIn(
            self.other_ticket.complaint_callback_ids.user_input_id.access_token, page.text
        )
        other = self.url_open(f"/my/complaints/{self.other_ticket.id}")
        self.assertEqual(other.status_code, 404)

        response = self.url_open(own_link, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self._answer_over_http(self.ticket.complaint_callback_ids.user_input_id, "basic")
        self.assertEqual(self.ticket.complaint_satisfaction, "basic")
        self.assertEqual(self.other_ticket.complaint_callback_ids.state, "planned")

    def test_agent_answer_closes_the_complainant_link(self):
        callback = self.ticket.complaint_callback_ids
        officer = new_test_user(
            self.env, login="cs_officer", groups="complaint_management.group_complaint_officer"
        )
        action = callback.with_user(officer).action_start_call()
        agent_input = self.env["survey.user_input"].search(
            [
                ("complaint_callback_id", "=", callback.id),
                ("partner_id", "=", officer.partner_id.id),
            ]
        )
        self.assertTrue(agent_input, "the agent fills an answer of their own")
        self.assertIn(agent_input.access_token, action["url"])
        self.assertNotIn(callback.user_input_id.access_token, action["url"])

        self.authenticate(officer.login, officer.login)
        self._answer_over_http(agent_input, "dissatisfied", comment="Still cold at night")
        self.assertEqual(callback.state, "done")
        self.assertEqual(callback.answered_by, "agent")
        self.assertEqual(self.ticket.complaint_reopen_count, 1, "dissatisfied: re-handling")

        self.authenticate(None, None)
        page = self.url_open(self._link(self.ticket), allow_redirects=False)
        self.assertEqual(page.status_code, 200)
        self.assertIn("already been recorded", page.text)

    def test_someone_else_logged_in_is_asked_to_log_out(self):
        stranger = new_test_user(self.env, login="cs_stranger", groups="base.group_portal")
        self.authenticate(stranger.login, stranger.login)
        page = self.url_open(self._link(self.ticket), allow_redirects=False)
        self.assertEqual(page.status_code, 200, "not sent on to the survey app's error page")
        self.assertIn("logged in under another name", page.text)
        self.assertEqual(self.ticket.complaint_callback_ids.user_input_id.state, "new")
