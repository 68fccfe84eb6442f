"""Flagged supervision has one owner: complaints are flagged and unflagged through the hooks
of complaint_management, with a note, and a manager removes a flag from the complaint form."""

from odoo.exceptions import AccessError
from odoo.tests import Form

from .common import ComplaintCase


class TestFlag(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit = cls.env["helpdesk.ticket.team"].create(
            {"name": "Flag unit", "user_ids": [(6, 0, cls.handler.ids)]}
        )

    def _complaints(self, count=2):
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.officer)
            .create(
                [
                    {
                        "name": f"Water pressure low {i}",
                        "description": "<p>x</p>",
                        "is_complaint": True,
                        "team_id": self.unit.id,
                        "complainant_name": "钱七",
                        "complainant_phone": "13900001111",
                    }
                    for i in range(count)
                ]
            )
        )

    def _notes(self, tickets, text):
        return self.env["mail.message"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "in", tickets.ids),
                ("body", "ilike", text),
            ]
        )

    def test_flagged_complaints_are_unflagged_from_the_form_by_a_manager(self):
        tickets = self._complaints()
        # as the system does it (e.g. a complainant dissatisfied again)
        tickets.sudo()._complaint_set_flag("Dissatisfied twice")
        self.assertEqual(tickets.mapped("complaint_is_flagged"), [True, True])
        self.assertEqual(len(self._notes(tickets, "Dissatisfied twice")), 2)
        # flagging again adds no second note
        tickets.sudo()._complaint_set_flag("Dissatisfied twice")
        self.assertEqual(len(self._notes(tickets, "Dissatisfied twice")), 2)

        action = tickets.with_user(self.manager).action_open_complaint_unflag()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"])
        )
        wizard.reason = "Pressure measured on site"
        wizard.save().action_unflag()
        self.assertEqual(tickets.mapped("complaint_is_flagged"), [False, False])
        self.assertEqual(len(self._notes(tickets, "Pressure measured on site")), 2)

    def test_only_a_manager_removes_a_flag_and_nobody_writes_it_directly(self):
        ticket = self._complaints(1)
        ticket.sudo()._complaint_set_flag("Hot issue")
        for user in (self.handler, self.officer):
            with self.assertRaises(AccessError):
                ticket.with_user(user).action_open_complaint_unflag()
            wizard = (
                self.env["complaint.unflag.wizard"]
                .sudo()
                .create({"ticket_ids": ticket.ids, "reason": "x"})
            )
            with self.assertRaises(AccessError):
                wizard.with_user(user).action_unflag()
        with self.assertRaises(AccessError):
            ticket.with_user(self.handler).write({"complaint_is_flagged": False})
        self.assertTrue(ticket.complaint_is_flagged)
