"""The deadline procedure cannot be skipped by a plain write (SPEC §9): the extension count and
deadline state are the system's, an extension is decided by a manager, a supervision is closed
by the supervising side."""

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError

from .common import SlaCase, utc


class TestDeadlineGuard(SlaCase):
    def _complaints(self):
        return self._complaint("2027-03-01 09:00") | self._complaint("2027-03-01 10:00")

    def test_handler_cannot_reset_the_extension_count_or_the_deadline_state(self):
        tickets = self._complaints()
        tickets.sudo().write({"complaint_extension_count": 2})
        self._run_cron("2027-03-04 09:00")  # past Wednesday 18:00
        self.assertEqual(set(tickets.mapped("complaint_sla_state")), {"overdue"})
        for user in (self.handler, self.officer):
            for vals in ({"complaint_extension_count": 0}, {"complaint_sla_state": "ok"}):
                with self.assertRaises(AccessError, msg=f"{user.login} {vals}"):
                    tickets.with_user(user).write(vals)
        self.assertEqual(tickets.mapped("complaint_extension_count"), [2, 2])
        self.assertEqual(set(tickets.mapped("complaint_sla_state")), {"overdue"})

    def test_handler_cannot_decide_their_own_extension(self):
        tickets = self._complaints()
        with freeze_time(utc("2027-03-02 09:00")):
            extensions = (
                self.env["complaint.extension"]
                .with_user(self.handler)
                .create(
                    [
                        {
                            "ticket_id": ticket.id,
                            "requested_deadline": utc("2027-03-10 18:00"),
                            "reason": "Waiting for a spare part",
                        }
                        for ticket in tickets
                    ]
                )
            )
        mine = extensions.with_user(self.handler)
        for vals in (
            {"state": "approved"},
            {"approver_id": self.manager.id},
            {"decided_at": "2027-03-02 10:00:00"},
        ):
            with self.assertRaises(AccessError, msg=str(vals)):
                mine.write(vals)
        with self.assertRaises(AccessError):
            self.env["complaint.extension"].with_user(self.handler).create(
                {
                    "ticket_id": tickets[0].id,
                    "requested_deadline": utc("2027-03-10 18:00"),
                    "reason": "Approved already",
                    "state": "approved",
                }
            )
        self.assertEqual(set(extensions.mapped("state")), {"requested"})
        # the handler still edits the request; the manager decides
        mine.write({"reason": "Waiting for a spare part from Shanghai"})
        with freeze_time(utc("2027-03-02 10:00")):
            extensions.with_user(self.manager).action_approve()
        self.assertEqual(set(extensions.mapped("state")), {"approved"})
        self.assertEqual(tickets.mapped("complaint_extension_count"), [1, 1])
        # the decided request is no longer the handler's to change (a later deadline, another
        # clock)
        for vals in (
            {"requested_deadline": utc("2027-03-20 18:00")},
            {"clock_id": extensions[1].clock_id.id},
            {"reason": "Something else"},
        ):
            with self.assertRaises(UserError, msg=str(vals)):
                mine.write(vals)
        self.assertEqual(set(extensions.mapped("requested_deadline")), {utc("2027-03-10 18:00")})

    def test_supervised_unit_answers_but_does_not_close_or_reschedule(self):
        tickets = self._complaints()
        self._run_cron("2027-03-04 09:00")
        records = tickets.complaint_supervision_ids
        self.assertEqual(records.ticket_id, tickets)
        mine = records.with_user(self.handler)
        with self.assertRaises(UserError):
            mine.action_close()
        for vals in (
            {"state": "closed"},
            {"reply_due": "2027-12-31 00:00:00"},
            {"level": 0},
            {"user_ids": [(5, 0, 0)]},
        ):
            with self.assertRaises(AccessError, msg=str(vals)):
                mine.write(vals)
        self.assertEqual(set(records.mapped("state")), {"open"})
        mine.write({"reply": "Spare part arrives Friday"})
        mine.action_answer()
        self.assertEqual(set(records.mapped("state")), {"answered"})
        self.assertTrue(all(records.mapped("replied_at")))
        records.with_user(self.manager).action_close()
        self.assertEqual(set(records.mapped("state")), {"closed"})
        with self.assertRaises(UserError):
            mine.action_answer()
