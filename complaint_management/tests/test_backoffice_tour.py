"""The back office's two everyday paths, walked in the browser: an officer registering a phone
complaint by hand, a handler working in the chatter."""

from odoo.tests import HttpCase, new_test_user, tagged

ACTION = "/odoo/action-complaint_management.helpdesk_ticket_complaint_action"


@tagged("post_install", "-at_install")
class TestBackofficeTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handler = new_test_user(
            cls.env, login="tour_handler", groups="complaint_management.group_complaint_user"
        )
        cls.officer = new_test_user(
            cls.env,
            login="tour_officer",
            groups="complaint_management.group_complaint_officer",
        )
        cls.unit = cls.env["helpdesk.ticket.team"].create(
            {"name": "Tour unit", "user_ids": [(6, 0, cls.handler.ids)]}
        )

    def test_officer_registers_by_hand_and_accepts(self):
        self.start_tour(
            f"{ACTION}/new", "complaint_officer_registers_by_hand_tour", login="tour_officer"
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("is_complaint", "=", True), ("name", "=", "停水三天无人处理")]
        )
        self.assertEqual(ticket.complaint_phase, "dispatched")
        self.assertEqual(ticket.first_contact_user_id, self.officer)
        self.assertEqual(ticket.complainant_phone, "13911112222")
        self.assertFalse(ticket.partner_id)

    def test_handler_logs_a_note_without_an_access_error(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Pump noise",
                "description": "<p>x</p>",
                "is_complaint": True,
                "team_id": self.unit.id,
                "complainant_name": "孙丽",
                "complainant_email": "sun.li@example.com",
            }
        )
        ticket.action_accept()
        self.start_tour(
            f"{ACTION}/{ticket.id}", "complaint_handler_chatter_tour", login="tour_handler"
        )
        note = ticket.message_ids.filtered(lambda m: "repair tomorrow" in (m.body or ""))
        self.assertEqual(note.author_id, self.handler.partner_id)
