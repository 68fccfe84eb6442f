from unittest.mock import patch

from freezegun import freeze_time
from markupsafe import Markup, escape

from odoo.tools import SQL, mute_logger

from .common import SlaCase, utc


class TestHolidayRecompute(SlaCase):
    """Saving a public holiday queues the recompute of the running deadlines it moves; the
    job recomputes them in batches, with old → new deadline in the chatter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.beijing = cls.calendar.copy({"name": "Beijing office"})
        # 2027's holidays are entered on both: the deadlines of March 2027 are not provisional
        cls.env["resource.calendar.leaves"].create(
            [
                {
                    "name": "New Year's Day",
                    "calendar_id": calendar.id,
                    "date_from": utc("2027-01-01 00:00"),
                    "date_to": utc("2027-01-01 23:59"),
                }
                for calendar in (cls.calendar, cls.beijing)
            ]
        )
        cls.env["complaint.clock.recompute"].search([]).unlink()
        cls.waiting = cls.env.ref("complaint_management.stage_complaint_waiting_complainant")

    def _extra_day_off(self, calendar, day, when):
        with freeze_time(utc(when)):
            return self.env["resource.calendar.leaves"].create(
                {
                    "name": "Extra day off",
                    "calendar_id": calendar.id,
                    "date_from": utc(f"{day} 00:00"),
                    "date_to": utc(f"{day} 23:59"),
                }
            )

    def _notes(self, ticket):
        return ticket.message_ids.filtered(lambda m: "deadline recomputed" in m.body)

    def _running(self, ticket):
        return {
            clock.phase: (clock.deadline, clock.warn_at)
            for clock in ticket.complaint_clock_ids.filtered(
                lambda c: c.state in ("running", "paused")
            )
        }

    def test_a_holiday_of_every_calendar_is_recomputed_by_the_job_after_the_save(self):
        on_shanghai = [self._complaint("2027-03-01 09:00") for _i in range(3)]  # due Wed 3
        self.env["complaint.sla.rule"].search([]).write({"calendar_id": self.beijing.id})
        on_beijing = [self._complaint("2027-03-01 10:00") for _i in range(2)]  # due Wed 3
        paused = self._complaint("2027-03-01 09:00")
        with freeze_time(utc("2027-03-01 11:00")):
            paused.stage_id = self.waiting
        self.assertEqual(self._clock(paused, "resolution").state, "paused")
        cron = self.env.ref("complaint_sla.ir_cron_recompute_clocks")
        Trigger = self.env["ir.cron.trigger"]
        triggers = Trigger.search_count([("cron_id", "=", cron.id)])
        # Tuesday 2 March off everywhere (a leave of no calendar is every calendar's)
        self._extra_day_off(self.env["resource.calendar"], "2027-03-02", "2027-03-01 12:00")

        jobs = self.env["complaint.clock.recompute"].search([])
        self.assertLessEqual(self.calendar | self.beijing, jobs.calendar_id)
        self.assertGreater(Trigger.search_count([("cron_id", "=", cron.id)]), triggers)
        clock = self._clock(on_shanghai[0], "resolution")
        self.assertEqual(clock.deadline, utc("2027-03-03 18:00"), "the job has not run yet")
        self.assertIn("being recomputed", self.beijing.message_ids[0].body)

        self._run_recompute("2027-03-01 12:01")
        self.assertFalse(self.env["complaint.clock.recompute"].search([]), "queue emptied")
        for ticket in on_shanghai:
            clock = self._clock(ticket, "resolution")
            self.assertEqual(clock.deadline, utc("2027-03-04 18:00"))
            self.assertEqual(ticket.complaint_sla_deadline, clock.deadline)
            self.assertEqual(clock.next_check_at, clock.warn_at, "the warning comes next")
            notes = self._notes(ticket)
            self.assertEqual(len(notes), 1, "one note per complaint")
            self.assertIn("2027-03-03 10:00:00 → 2027-03-04 10:00:00", notes.body)
            self.assertEqual(notes.subtype_id, self.env.ref("mail.mt_note"))
        for ticket in on_beijing:
            self.assertEqual(ticket.complaint_sla_deadline, utc("2027-03-04 18:00"))
        # the paused clock's deadline moves; it stays paused, with nothing to check
        clock = self._clock(paused, "resolution")
        self.assertEqual((clock.state, clock.next_check_at), ("paused", False))
        self.assertEqual(clock.deadline, utc("2027-03-04 18:00"))
        self.assertEqual(paused.complaint_sla_deadline, clock.deadline)
        # every clock as a complaint registered now, with the holiday known, gets it
        fresh = self._complaint("2027-03-01 10:00")
        self.assertEqual(self._running(on_beijing[1]), self._running(fresh))
        for ticket in on_shanghai + on_beijing + [paused]:
            self.assertFalse(ticket.complaint_sla_deadline_provisional)
            for clock in ticket.complaint_clock_ids:
                self.assertEqual(clock.provisional_years or [], clock._get_missing_holiday_years())

        # again: nothing moves, nothing is noted twice
        self.env["complaint.clock.recompute"]._enqueue(self.calendar | self.beijing)
        self._run_recompute("2027-03-01 12:02")
        self.assertEqual([len(self._notes(t)) for t in on_shanghai + on_beijing], [1] * 5)

    def test_a_holiday_of_one_calendar_leaves_the_others_alone(self):
        shanghai = self._complaint("2027-03-01 09:00")
        self.env["complaint.sla.rule"].search([]).write({"calendar_id": self.beijing.id})
        beijing = self._complaint("2027-03-01 09:00")
        self._extra_day_off(self.beijing, "2027-03-02", "2027-03-01 12:00")
        self._run_recompute("2027-03-01 12:01")
        self.assertEqual(shanghai.complaint_sla_deadline, utc("2027-03-03 18:00"))
        self.assertFalse(self._notes(shanghai))
        self.assertEqual(beijing.complaint_sla_deadline, utc("2027-03-04 18:00"))
        # a holiday after every deadline moves none and notes nothing
        self._extra_day_off(self.beijing, "2027-03-31", "2027-03-01 12:02")
        self._run_recompute("2027-03-01 12:03")
        self.assertEqual(len(self._notes(beijing)), 1)

    def test_a_crash_mid_way_resumes_without_noting_a_complaint_twice(self):
        tickets = [self._complaint("2027-03-01 09:00") for _i in range(5)]
        cron = self.env.ref("complaint_sla.ir_cron_recompute_clocks")
        cron.code = "model._cron_recompute_clocks(batch_size=2)"
        self._extra_day_off(self.calendar, "2027-03-02", "2027-03-01 12:00")
        Clock = type(self.env["complaint.clock"])
        log_notes = Clock._log_recompute_notes
        calls = []

        def crash_after_first_batch(clock_model, notes, author):
            """The worker dies in every batch after the first, its notes inserted."""
            log_notes(clock_model, notes, author)
            calls.append(len(notes))
            if len(calls) > 1:
                raise RuntimeError("killed")

        with (
            patch.object(Clock, "_log_recompute_notes", crash_after_first_batch),
            mute_logger("odoo.addons.base.models.ir_cron"),
        ):
            self._run_recompute("2027-03-01 12:01")
        # ir.cron ran it again at once after the progress of the first batch, then gave up
        self.assertEqual(calls, [2, 2, 2])
        moved = [t for t in tickets if t.complaint_sla_deadline == utc("2027-03-04 18:00")]
        self.assertEqual(moved, tickets[:2], "the first batch is committed, the second not")
        self.assertEqual([len(self._notes(t)) for t in tickets], [1, 1, 0, 0, 0])
        job = self.env["complaint.clock.recompute"].search([])
        self.assertEqual(job.last_ticket_id, tickets[1].id)

        self._run_recompute("2027-03-01 12:10")  # the next run (a trigger, or the interval)
        self.assertEqual({t.complaint_sla_deadline for t in tickets}, {utc("2027-03-04 18:00")})
        self.assertEqual([len(self._notes(t)) for t in tickets], [1] * 5)
        self.assertFalse(self.env["complaint.clock.recompute"].search([]))

    def test_the_note_is_the_one_odoo_logs_with_each_line_escaped(self):
        ours, odoos = self._complaint("2027-03-01 09:00"), self._complaint("2027-03-01 09:00")
        lines = ["Resolution <b>deadline</b> & co: 2027-03-03 → 2027-03-04", "Contact: <i>x</i>"]
        self.env["complaint.clock"]._log_recompute_notes({ours.id: lines}, self.env.user)
        odoos._message_log_batch({odoos.id: Markup("<br/>").join(escape(li) for li in lines)})
        self.env.flush_all()
        Message = self.env["mail.message"]
        columns = [
            name
            for name, field in Message._fields.items()
            if field.store
            and field.column_type
            and name not in ("id", "res_id", "message_id", "date", "create_date", "write_date")
        ]
        rows = []
        for ticket in (ours, odoos):
            self.env.cr.execute(
                SQL(
                    "SELECT %s FROM mail_message WHERE model = 'helpdesk.ticket' AND res_id = %s "
                    "ORDER BY id DESC LIMIT 1",
                    SQL(", ").join(SQL.identifier(name) for name in columns),
                    ticket.id,
                )
            )
            rows.append(dict(zip(columns, self.env.cr.fetchone(), strict=True)))
        self.assertEqual(rows[0], rows[1])
        self.assertIn("&lt;b&gt;deadline&lt;/b&gt; &amp; co", rows[0]["body"])
        self.assertIn("<br>", rows[0]["body"])

    def test_a_warned_deadline_moved_keeps_its_todo_due_on_the_new_day(self):
        tickets = [self._complaint("2027-03-01 09:00") for _i in range(2)]  # due Wed 3 18:00
        self._run_cron("2027-03-03 16:00")  # past the warning
        clocks = [self._clock(t, "resolution") for t in tickets]
        self.assertTrue(all(c.warned and c.warning_activity_id for c in clocks))
        self.assertEqual(clocks[0].warning_activity_id.date_deadline.isoformat(), "2027-03-03")
        self._extra_day_off(self.calendar, "2027-03-03", "2027-03-03 16:05")
        self._run_recompute("2027-03-03 16:06")
        for clock in clocks:
            self.assertEqual(clock.deadline, utc("2027-03-04 18:00"))
            self.assertEqual(clock.next_check_at, clock.deadline, "warned: the deadline is next")
            self.assertEqual(clock.warning_activity_id.date_deadline.isoformat(), "2027-03-04")
