from odoo.addons.complaint_management.tests.common import ComplaintCase


class TestSurveySmoke(ComplaintCase):
    def test_officer_opens_callbacks_menu(self):
        self.assertMenuOpens(self.officer, "complaint_survey.complaint_callback_menu")

    def test_officer_plans_a_callback_for_a_complaint(self):
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Late repair", "description": "<p>Late</p>", "is_complaint": True}
        )
        callback = (
            self.env["complaint.callback"]
            .with_user(self.officer)
            .create({"ticket_id": ticket.id, "date_due": "2026-12-01"})
        )
        self.assertEqual(callback.state, "planned")
        self.assertEqual(callback.team_id, ticket.team_id)
