from freezegun import freeze_time

from odoo.addons.complaint_sla import post_init_hook

from .common import SlaCase, utc


class TestInstallOnExistingComplaints(SlaCase):
    def _without_clocks(self, tickets):
        """As if registered before complaint_sla was installed."""
        tickets.complaint_clock_ids.unlink()
        self.env.invalidate_all()
        return tickets

    def test_open_complaints_get_their_clocks_from_receipt_in_batches(self):
        self.env["complaint.sla.rule"].create(
            {
                "name": "First answer within 1 working day",
                "phase": "first_answer",
                "duration": 1,
                "duration_unit": "working_days",
                "calendar_id": self.calendar.id,
            }
        )
        waiting_stage = self.env.ref("complaint_management.stage_complaint_waiting_complainant")
        new = self._complaint("2027-03-01 09:00") | self._complaint("2027-03-01 10:00")
        dispatched, replied, waiting, closed = (
            self._complaint("2027-03-01 09:00") for _i in range(4)
        )
        with freeze_time(utc("2027-03-01 11:00")):
            (dispatched | replied | waiting | closed).action_accept()
            replied._set_complaint_phase(
                "replied", {"complaint_reply_date": utc("2027-03-01 11:00")}
            )
            closed._set_complaint_phase("closed")
        with freeze_time(utc("2027-03-02 09:00")):
            waiting.stage_id = waiting_stage
        tickets = self._without_clocks(new | dispatched | replied | waiting | closed)
        with freeze_time(utc("2027-03-02 10:00")):
            count = self.env["complaint.clock"]._backfill_clocks(batch_size=2)
        self.assertEqual(count, 5)

        def phases(ticket):
            return set(ticket.complaint_clock_ids.mapped("phase"))

        for ticket in new:
            self.assertEqual(phases(ticket), {"dispatch", "first_answer", "resolution", "contact"})
        self.assertEqual(phases(dispatched), {"first_answer", "resolution", "contact"})
        self.assertEqual(phases(replied), {"resolution"})
        self.assertEqual(phases(waiting), {"first_answer", "resolution", "contact"})
        self.assertFalse(closed.complaint_clock_ids)
        # counted from receipt, as if the addon had been there
        self.assertEqual(self._clock(new[0], "resolution").deadline, utc("2027-03-03 18:00"))
        self.assertEqual(self._clock(new[1], "dispatch").deadline, utc("2027-03-01 15:00"))
        # but the contact interval from now: earlier contacts are not known
        self.assertEqual(self._clock(new[0], "contact").start, utc("2027-03-02 10:00"))
        self.assertEqual(set(waiting.complaint_clock_ids.mapped("state")), {"paused"})
        self.assertEqual(
            set(waiting.complaint_clock_ids.mapped("paused_since")),
            {utc("2027-03-02 09:00"), utc("2027-03-02 10:00")},
        )
        self.assertEqual(tickets.filtered("complaint_sla_deadline"), tickets - closed)
        # the hook itself finds nothing left to do
        with freeze_time(utc("2027-03-02 10:00")):
            post_init_hook(self.env)
        self.assertEqual(len(tickets.complaint_clock_ids), 15)
