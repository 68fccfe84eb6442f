"""The callbacks' survey answers over RPC (SPEC §9): an answer holds the complainant's contact
(when they have an account), their words and the token that answers as them. The survey app's
rights (its "officer" reads every answer of an unrestricted survey) open them to no employee
who is not a complaint officer, whatever survey rights they have."""

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException


@tagged("post_install", "-at_install")
class TestSurveyAnswerRights(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("complaint_survey.survey_complaint_callback")
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Branch Fengtai"})
        cls.employee = new_test_user(cls.env, login="cs_rights_employee", groups="base.group_user")
        cls.survey_user = new_test_user(
            cls.env, login="cs_survey_user", groups="survey.group_survey_user"
        )
        cls.handler = new_test_user(
            cls.env,
            login="cs_survey_handler",
            groups="complaint_management.group_complaint_user,survey.group_survey_user",
        )
        cls.team.user_ids = cls.handler
        cls.officer = new_test_user(
            cls.env,
            login="cs_survey_officer",
            groups="complaint_management.group_complaint_officer,survey.group_survey_user",
        )
        complainants = [
            new_test_user(
                cls.env, login=f"cs_rights_{i}", groups="base.group_portal", name=f"Zqsurvey {i}"
            )
            for i in range(2)
        ]
        tickets = cls.env["helpdesk.ticket"].create(
            [
                {
                    "name": "Heating off for a week",
                    "description": "<p>No heating in building 4.</p>",
                    "is_complaint": True,
                    "partner_id": user.partner_id.id,
                    "category_id": cls.env.ref("complaint_management.cat_service_delay").id,
                    "team_id": cls.team.id,
                    "complaint_serious_loss": True,
                }
                for user in complainants
            ]
        )
        for ticket in tickets:
            cls.env["complaint.reply.wizard"].create(
                {"ticket_id": ticket.id, "method": "email", "body": "<p>Repaired.</p>"}
            ).action_reply()
        cls.answers = tickets.complaint_callback_ids.user_input_id
        assert len(cls.answers) == 2 and cls.answers.partner_id, "answers of the complainants"
        comment = cls.survey.question_ids.filtered(lambda q: q.complaint_dimension == "comment")
        for answer in cls.answers:
            answer._save_lines(comment, "Zqsurvey: call me on 13977770009")
        # an answer to another survey, that survey users keep reading
        cls.other_survey = cls.env["survey.survey"].create({"title": "Canteen"})
        cls.other_answer = cls.other_survey._create_answer(user=cls.survey_user)

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def test_survey_rights_do_not_open_the_callbacks_answers(self):
        answer_ids = (self.answers | self.other_answer).ids
        for login in ("cs_survey_user", "cs_survey_handler"):
            self.authenticate(login, login)
            rows = self._call(
                "survey.user_input",
                "search_read",
                [("id", "in", answer_ids)],
                ["partner_id", "access_token", "email"],
            )
            self.assertEqual([row["id"] for row in rows], self.other_answer.ids, login)
            lines = self._call(
                "survey.user_input.line",
                "search_read",
                [("user_input_id", "in", self.answers.ids)],
                ["value_text_box"],
            )
            self.assertEqual(lines, [], login)
            for answer in self.answers:
                with self.assertRaises(JsonRpcException, msg=login):
                    self._call("survey.user_input", "read", answer.ids, ["access_token"])
        # a complaint officer with survey rights reads them
        self.authenticate("cs_survey_officer", "cs_survey_officer")
        rows = self._call(
            "survey.user_input", "search_read", [("id", "in", self.answers.ids)], ["partner_id"]
        )
        self.assertEqual({row["partner_id"][0] for row in rows}, set(self.answers.partner_id.ids))

    def test_the_sms_link_is_kept_nowhere_employees_read(self):
        """The link answers as the complainant: the SMS carries it whole, not through a link
        tracker (which every employee reads, link and clicks, when link tracking is
        installed)."""
        if not self.env["complaint.callback"]._sms_available():
            self.skipTest("Odoo's SMS app is not installed")
        partners = self.env["res.partner"].create(
            [{"name": f"Zqsms {i}", "phone": f"+86 139 7777 000{i}"} for i in range(2)]
        )
        tickets = self.env["helpdesk.ticket"].create(
            [
                {
                    "name": "Meter not read",
                    "description": "<p>Estimated bills for a year.</p>",
                    "is_complaint": True,
                    "partner_id": partner.id,
                    "partner_phone": partner.phone,
                    "team_id": self.team.id,
                    "complaint_serious_loss": True,
                }
                for partner in partners
            ]
        )
        for ticket in tickets:
            self.env["complaint.reply.wizard"].create(
                {"ticket_id": ticket.id, "method": "phone", "body": "<p>Meter read.</p>"}
            ).action_reply()
        self.authenticate("cs_rights_employee", "cs_rights_employee")
        for ticket, partner in zip(tickets, partners, strict=True):
            callback = ticket.complaint_callback_ids
            sms = self.env["sms.sms"].search([("number", "=", partner.phone)])
            self.assertIn(callback.survey_url, sms.body)
            if "link.tracker" in self.env:
                token = callback.user_input_id.access_token
                rows = self._call(
                    "link.tracker", "search_read", [("url", "ilike", token)], ["short_url"]
                )
                self.assertEqual(rows, [])
