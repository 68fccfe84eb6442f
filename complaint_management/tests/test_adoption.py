"""Existing helpdesk tickets registered as complaints, and complaints imported from a file."""

import base64
import csv
import io

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestAdoption(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit = cls.env["helpdesk.ticket.team"].create(
            {"name": "Adoption unit", "user_ids": [(6, 0, cls.handler.ids)]}
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Zq Adopted Customer",
                "email": "zq.adopted@example.com",
                "phone": "13512345678",
            }
        )

    def _plain_tickets(self, count=3):
        tickets = self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Old ticket {i}",
                    "description": "<p>The bill is wrong.</p>",
                    "partner_id": self.customer.id,
                    "partner_email": self.customer.email,
                    "team_id": self.unit.id,
                    "category_id": self.env.ref("complaint_management.cat_service_delay").id,
                }
                for i in range(count)
            ]
        )
        for ticket in tickets:
            ticket.message_post(
                body="I am still waiting",
                author_id=self.customer.id,
                message_type="email",
                subtype_xmlid="mail.mt_comment",
            )
            ticket.message_subscribe(partner_ids=self.customer.ids)
        return tickets

    def test_existing_tickets_enter_the_procedure_keeping_their_history(self):
        tickets = self._plain_tickets()
        history = {t.id: len(t.message_ids) for t in tickets}
        with self.assertRaises(AccessError):
            tickets.with_user(self.handler).action_register_as_complaint()
        action = tickets.with_user(self.officer).action_register_as_complaint()
        self.assertTrue(all(tickets.mapped("is_complaint")))
        self.assertEqual(
            (action["tag"], action["params"]["type"]), ("display_notification", "success")
        )
        self.assertEqual(
            action["params"]["message"],
            "3 tickets registered as complaints: " + ", ".join(tickets.mapped("number")),
        )
        self.assertEqual(action["params"]["next"], {"type": "ir.actions.act_window_close"})
        self.assertTrue(all(t.number.startswith("TS") for t in tickets))
        self.assertEqual(len(set(tickets.mapped("number"))), 3)
        self.assertEqual(set(tickets.mapped("complaint_phase")), {"new"})
        self.assertEqual(tickets.team_id, self.unit, "the unit it had is kept")
        for ticket in tickets:
            self.assertFalse(ticket.partner_id)
            self.assertEqual(ticket.complainant_partner_id, self.customer)
            self.assertEqual(ticket.complainant_email, "zq.adopted@example.com")
            self.assertGreater(len(ticket.message_ids), history[ticket.id], "history kept")
            self.assertIn("I am still waiting", " ".join(ticket.message_ids.mapped("body")))
            self.assertFalse(ticket.message_ids.author_id & self.customer)
            self.assertFalse(ticket.message_partner_ids & self.customer)
        if "complaint.clock" in self.env:  # complaint_sla installed: the clocks start
            clocks = self.env["complaint.clock"].search([("ticket_id", "in", tickets.ids)])
            self.assertEqual(clocks.ticket_id, tickets)
        # and the unit's handler finds the customer nowhere through them
        messages = (
            self.env["mail.message"]
            .with_user(self.handler)
            .search([("model", "=", "helpdesk.ticket"), ("res_id", "in", tickets.ids)])
        )
        self.assertTrue(messages)
        self.assertFalse(messages.author_id & self.customer)
        found = (
            self.env["res.partner"]
            .with_user(self.handler)
            .search([("helpdesk_ticket_ids", "in", tickets.ids)])
        )
        self.assertFalse(found)

    def test_closed_tickets_are_registered_closed(self):
        ticket = self._plain_tickets(count=1)
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        ticket.with_user(self.officer).action_register_as_complaint()
        self.assertEqual(ticket.complaint_phase, "closed")

    def test_import_registers_complaints_through_the_same_path(self):
        header = ["name", "description", "complainant_name", "complainant_phone", "category_id/id"]
        category = "complaint_management.cat_service_delay"
        rows = [
            [f"Imported {i}", f"Meter {i} misread", f"Person {i}", f"1390000{i:04d}", category]
            for i in range(1000)
        ]
        rows[10][3] = "not a phone"
        buffer = io.StringIO()
        csv.writer(buffer).writerows([header, *rows])
        Import = self.env["base_import.import"].with_user(self.officer)
        wizard = Import.create(
            {
                "res_model": "helpdesk.ticket",
                "file": base64.b64decode(base64.b64encode(buffer.getvalue().encode())),
                "file_type": "text/csv",
            }
        )
        options = {
            "has_headers": True,
            "quoting": '"',
            "separator": ",",
            "name_create_enabled_fields": {},
        }
        result = wizard.with_context(default_is_complaint=True).execute_import(
            header, header, options
        )
        messages = result["messages"]
        self.assertTrue(messages, "the bad row is reported")
        self.assertIn("not a phone", str(messages))
        self.assertIn(10, [m["rows"]["from"] for m in messages], "the row is named")
        # nothing was imported: Odoo's import is all or nothing
        self.assertFalse(
            self.env["helpdesk.ticket"].search_count([("name", "=like", "Imported %")])
        )
        rows[10][3] = "13900000010"
        buffer = io.StringIO()
        csv.writer(buffer).writerows([header, *rows])
        wizard.file = buffer.getvalue().encode()
        result = wizard.with_context(default_is_complaint=True).execute_import(
            header, header, options
        )
        self.assertFalse(result["messages"], result["messages"])
        imported = self.env["helpdesk.ticket"].search([("name", "=like", "Imported %")])
        self.assertEqual(len(imported), 1000)
        self.assertTrue(all(imported.mapped("is_complaint")))
        self.assertEqual(len(set(imported.mapped("number"))), 1000)
        self.assertFalse(imported.partner_id)
        self.assertEqual(imported[:1].complainant_phone[:7], "1390000")
