"""The back office's two everyday paths, walked in the browser: an officer registering a phone
complaint by hand, a handler working in the chatter."""

import re

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
        self.assertEqual(ticket.complaint_first_contact_user_id, self.officer)
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


@tagged("post_install", "-at_install")
class TestFollowUpTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "complaint_management.portal_min_fill_seconds", "0"
        )
        cls.officer = new_test_user(
            cls.env,
            login="tour_officer2",
            groups="complaint_management.group_complaint_officer",
        )

    def _count(self):
        return self.env["helpdesk.ticket"].search_count([("is_complaint", "=", True)])

    def test_visitor_reloads_the_thanks_page_and_files_once(self):
        before = self._count()
        self.start_tour("/complaint", "complaint_reload_thanks_tour")
        self.assertEqual(self._count(), before + 1)

    def test_phone_complainant_opens_the_acknowledgement_link(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.officer)
            .create(
                {
                    "name": "电话投诉：路灯不亮",
                    "description": "<p>小区东门路灯一周不亮。</p>",
                    "is_complaint": True,
                    "channel_id": self.env.ref("complaint_management.channel_hotline").id,
                    "complainant_name": "孙强",
                    "complainant_phone": "13622223333",
                    "complainant_email": "sun.qiang@example.com",
                }
            )
        )
        self.env.ref("complaint_management.ir_cron_send_acknowledgements").method_direct_trigger()
        mail = self.env["mail.mail"].search([("email_to", "=", "sun.qiang@example.com")])
        link = re.search(r'href="[^"]*(/complaint/track/[^"]+)"', mail.body_html).group(1)
        self.assertIn(ticket.number, link)
        self.start_tour(link, "complaint_acknowledgement_link_tour")

    def test_officer_links_a_collective_suggestion_from_the_form(self):
        category = self.env.ref("complaint_management.cat_service_delay")
        tickets = self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Lift 7 broken {i}",
                    "description": "<p>x</p>",
                    "is_complaint": True,
                    "category_id": category.id,
                    "complaint_event_location": "7号楼",
                    "complainant_email": f"lift{i}@example.com",
                }
                for i in range(5)
            ]
        )
        self.assertTrue(all(tickets.mapped("complaint_collective_candidate")))
        self.start_tour(
            f"{ACTION}/{tickets[3].id}", "complaint_link_collective_tour", login="tour_officer2"
        )
        self.assertEqual(len(tickets.filtered("complaint_is_collective")), 1)
        self.assertEqual(len(tickets.filtered("complaint_collective_parent_id")), 4)
