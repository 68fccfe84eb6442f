"""Each phase of SPEC §6 has a rule in data and a clock started and stopped by its event."""

import base64
from datetime import date

from freezegun import freeze_time

from .common import SlaCase, utc

# not official yet (the State Council publishes 2027 in winter): the tests' own notice
NOTICE_2027 = (
    "date,kind,name\n"
    "2027-01-01,holiday,New Year's Day\n"
    "2027-04-05,holiday,Qingming\n"
    "2027-05-03,holiday,Labour Day\n"
    "2027-05-08,workday,Make-up working day\n"
)


class TestPhases(SlaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.holiday.import.wizard"].create(
            {
                "calendar_id": cls.calendar.id,
                "year": 2027,
                "source": "csv",
                "csv_file": base64.b64encode(NOTICE_2027.encode()),
            }
        ).action_import()
        cls.waiting = cls.env.ref("complaint_management.stage_complaint_waiting_complainant")
        cls.handling = cls.env.ref("complaint_management.stage_complaint_in_progress")

    def _dispatched(self, when, **vals):
        ticket = self._complaint(when, **vals)
        with freeze_time(utc(when)):
            ticket.action_accept()
        return ticket

    def _answer(self, ticket, when, body="We are looking into it."):
        """A member of staff writes to the complainant (public message, tracking page)."""
        with freeze_time(utc(when)):
            ticket.with_user(self.handler).message_post(
                body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    def _reply(self, ticket, when):
        with freeze_time(utc(when)):
            self.env["complaint.reply.wizard"].create(
                {"ticket_id": ticket.id, "method": "phone", "body": "<p>Fixed.</p>"}
            ).action_reply()

    def _clocks(self, ticket, phase):
        return ticket.complaint_clock_ids.filtered(lambda c: c.phase == phase).sorted("id")

    def _escalations(self, ticket, phase):
        return ticket.complaint_supervision_ids.filtered(lambda s: s.clock_id.phase == phase)

    # --- data -----------------------------------------------------------------------------

    def test_every_phase_of_the_table_ships_an_editable_rule(self):
        Rule = self.env["complaint.sla.rule"]
        phases = set(Rule.search([]).mapped("phase"))
        self.assertEqual(
            phases,
            {
                "register",
                "dispatch",
                "first_answer",
                "resolution",
                "contact",
                "reply",
                "callback",
                "unreachable",
            },
        )
        rule = self.env.ref("complaint_sla.sla_rule_contact")
        rule.with_user(self.manager).duration = 2
        ticket = self._complaint("2027-03-01 10:00")  # Monday
        self.assertEqual(self._clock(ticket, "contact").deadline, utc("2027-03-04 00:00"))

    # --- register ---------------------------------------------------------------------------

    def test_registration_more_than_an_hour_after_first_contact_is_recorded_late(self):
        late = self._complaint("2027-03-01 10:30", complaint_received_date=utc("2027-03-01 08:00"))
        in_time = self._complaint(
            "2027-03-01 10:30", complaint_received_date=utc("2027-03-01 10:00")
        )
        clock = self._clock(late, "register")
        self.assertEqual(clock.state, "breached")
        self.assertEqual(clock.breached_at, utc("2027-03-01 09:00"))
        self.assertEqual(clock.stopped_at, utc("2027-03-01 10:30"))
        self.assertEqual(self._clock(in_time, "register").state, "met")
        # judged at registration: nothing is left to escalate
        self._run_cron("2027-03-01 10:35")
        self.assertFalse(self._escalations(late, "register"))
        self.assertEqual(late.complaint_sla_state, "ok")

    # --- dispatch ---------------------------------------------------------------------------

    def test_dispatch_counts_from_registration_and_stops_at_acceptance(self):
        # received before opening time, registered Monday 10:30: 4 working hours → 15:30
        tickets = [
            self._complaint("2027-03-01 10:30", complaint_received_date=utc("2027-03-01 08:00"))
            for _i in range(3)
        ]
        for ticket in tickets:
            self.assertEqual(self._clock(ticket, "dispatch").deadline, utc("2027-03-01 15:30"))
        with freeze_time(utc("2027-03-01 14:00")):
            tickets[0].action_accept()
        self._run_cron("2027-03-01 15:31")
        self._run_cron("2027-03-01 15:32")
        with freeze_time(utc("2027-03-01 16:00")):
            tickets[1].action_accept()
        self.assertEqual(self._clock(tickets[0], "dispatch").state, "met")
        self.assertEqual(self._clock(tickets[1], "dispatch").state, "breached")
        self.assertEqual(len(self._escalations(tickets[1], "dispatch")), 1)
        self.assertEqual(len(self._escalations(tickets[2], "dispatch")), 1)
        # accepted late: the breach stays on its clock, the complaint is on time again
        self.assertEqual(tickets[1].complaint_sla_state, "ok")
        self.assertEqual(tickets[2].complaint_sla_state, "overdue")
        self._run_cron("2027-03-02 16:00")  # +24 h: level 2 for the one still waiting only
        self.assertEqual(len(self._escalations(tickets[1], "dispatch")), 1)
        self.assertEqual(len(self._escalations(tickets[2], "dispatch")), 2)

    def test_dispatch_skips_the_weekend_and_a_2027_public_holiday(self):
        # Friday 2 April 16:00: 2 hours, then Monday 5 April (Qingming) off → Tuesday 11:00
        ticket = self._complaint("2027-04-02 16:00")
        clock = self._clock(ticket, "dispatch")
        self.assertEqual(clock.deadline, utc("2027-04-06 11:00"))
        self.assertFalse(clock.deadline_provisional)

    # --- first answer -----------------------------------------------------------------------

    def test_first_answer_deadline_follows_the_scope_and_major_national_is_shorter(self):
        expected = {
            ("minor", "local"): "2027-03-02 10:00",
            ("minor", "regional"): "2027-03-03 10:00",
            ("minor", "national"): "2027-03-04 10:00",
            ("major", "national"): "2027-03-03 10:00",
            ("major", "local"): "2027-03-02 10:00",
        }
        for (complaint_severity, scope), deadline in expected.items():
            ticket = self._complaint(
                "2027-03-01 10:00",
                complaint_severity=complaint_severity,
                complaint_scope_tier=scope,
            )
            self.assertEqual(
                self._clock(ticket, "first_answer").deadline,
                utc(deadline),
                (complaint_severity, scope),
            )

    def test_first_answer_is_the_first_public_message_of_staff(self):
        ticket, noted, replied = (self._dispatched("2027-03-01 10:00") for _i in range(3))
        with freeze_time(utc("2027-03-01 11:00")):
            # neither an internal note nor the complainant's own message answers them
            noted.with_user(self.handler).message_post(
                body="Called the plumber", message_type="comment", subtype_xmlid="mail.mt_note"
            )
            noted._complaint_post_from_complainant("Any news?")
        self._answer(ticket, "2027-03-01 15:00")
        self._reply(replied, "2027-03-01 16:00")
        clock = self._clock(ticket, "first_answer")
        self.assertEqual((clock.state, clock.met_at), ("met", utc("2027-03-01 15:00")))
        self.assertEqual(self._clock(noted, "first_answer").state, "running")
        self.assertEqual(self._clock(replied, "first_answer").state, "met")
        self._answer(ticket, "2027-03-01 17:00")  # a second message changes nothing
        self.assertEqual(len(self._clocks(ticket, "first_answer")), 1)
        self.assertEqual(clock.met_at, utc("2027-03-01 15:00"))

    def test_late_first_answer_escalates_once_and_ends_the_escalation(self):
        ticket = self._dispatched("2027-03-01 10:00")  # local: due Tuesday 10:00
        self._run_cron("2027-03-02 10:01")
        self._run_cron("2027-03-02 10:02")
        self.assertEqual(len(self._escalations(ticket, "first_answer")), 1)
        self.assertEqual(ticket.complaint_sla_state, "overdue")
        self._answer(ticket, "2027-03-02 11:00")
        clock = self._clock(ticket, "first_answer")
        self.assertEqual((clock.state, clock.stopped_at), ("breached", utc("2027-03-02 11:00")))
        self.assertFalse(clock.next_check_at)
        self.assertEqual(ticket.complaint_sla_state, "ok")
        self._run_cron("2027-03-03 11:00")  # level 2 would be due: answered, nothing more
        self.assertEqual(len(self._escalations(ticket, "first_answer")), 1)

    # --- contact interval -------------------------------------------------------------------

    def test_contact_interval_restarts_after_each_contact_every_three_days(self):
        tickets = [self._dispatched("2027-03-01 10:00") for _i in range(2)]  # Monday
        for ticket in tickets:
            # 3 days: the end of Thursday
            self.assertEqual(self._clock(ticket, "contact").deadline, utc("2027-03-05 00:00"))
        self._answer(tickets[0], "2027-03-03 10:00")  # Wednesday
        first, second = self._clocks(tickets[0], "contact")
        self.assertEqual((first.state, first.met_at), ("met", utc("2027-03-03 10:00")))
        self.assertEqual(second.start, utc("2027-03-03 10:00"))
        # the end of Saturday is not a working day: the end of Monday
        self.assertEqual(second.deadline, utc("2027-03-09 00:00"))
        self.assertEqual(len(self._clocks(tickets[1], "contact")), 1)

    def test_major_complaint_is_contacted_daily_and_each_breach_escalates_once(self):
        ticket = self._dispatched("2027-03-01 10:00", complaint_severity="major")  # Monday
        self._answer(ticket, "2027-03-01 11:00")  # first answer given
        first = self._clocks(ticket, "contact")[-1]
        self.assertEqual(first.deadline, utc("2027-03-03 00:00"), "end of Tuesday")
        self._run_cron("2027-03-03 00:01")
        self._run_cron("2027-03-03 00:02")
        self.assertEqual(first.state, "breached")
        self.assertEqual(len(self._escalations(ticket, "contact")), 1)
        self.assertEqual(ticket.complaint_sla_state, "overdue")
        self._answer(ticket, "2027-03-03 09:30")  # Wednesday
        second = self._clocks(ticket, "contact")[-1]
        self.assertNotEqual(second, first)
        self.assertEqual(second.deadline, utc("2027-03-05 00:00"), "end of Thursday")
        self.assertFalse(first.next_check_at, "the late interval is over")
        self.assertEqual(ticket.complaint_sla_state, "ok")
        self._run_cron("2027-03-04 00:05")  # +24 h after the first breach: no level 2
        self.assertEqual(len(self._escalations(ticket, "contact")), 1)
        self._run_cron("2027-03-05 00:01")  # the second interval breached in turn
        self._run_cron("2027-03-05 00:02")
        records = self._escalations(ticket, "contact")
        self.assertEqual(len(records), 2)
        self.assertEqual(records.clock_id, first | second)
        self.assertEqual(records.mapped("level"), [1, 1])

    def test_contact_interval_stops_at_the_reply_and_restarts_on_reopening(self):
        ticket = self._dispatched("2027-03-01 10:00")
        self._reply(ticket, "2027-03-02 10:00")
        self.assertEqual(self._clocks(ticket, "contact").mapped("state"), ["met"])
        with freeze_time(utc("2027-03-04 10:00")):
            ticket._reopen_complaint("The complainant is not satisfied")
        clocks = self._clocks(ticket, "contact")
        self.assertEqual(clocks.mapped("state"), ["met", "running"])
        self.assertEqual(clocks[-1].start, utc("2027-03-04 10:00"))

    def test_contact_while_waiting_for_the_complainant_starts_a_paused_interval(self):
        ticket = self._dispatched("2027-03-01 10:00")
        with freeze_time(utc("2027-03-01 11:00")):
            ticket.action_start()
            ticket.stage_id = self.waiting
        self._answer(ticket, "2027-03-02 10:00")
        clock = self._clocks(ticket, "contact")[-1]
        self.assertEqual((clock.state, clock.paused_since), ("paused", utc("2027-03-02 10:00")))
        with freeze_time(utc("2027-03-03 10:00")):
            ticket.stage_id = self.handling
        self.assertEqual(clock.state, "running")
        # Friday's end, pushed by the day it waited
        self.assertEqual(clock.deadline, utc("2027-03-07 00:00"))

    def test_refusal_stops_every_clock(self):
        ticket = self._complaint("2027-03-01 10:00")
        with freeze_time(utc("2027-03-01 11:00")):
            ticket._set_complaint_phase("refused")
        self.assertTrue(all(ticket.complaint_clock_ids.mapped("stopped_at")))
        self._answer(ticket, "2027-03-01 12:00")  # telling them why starts no interval
        self.assertTrue(all(ticket.complaint_clock_ids.mapped("stopped_at")))

    # --- reply after the unit's result ------------------------------------------------------

    def test_reply_is_due_two_working_hours_after_the_last_unit_reported(self):
        other_unit = self.env["helpdesk.ticket.team"].create({"name": "Water works"})
        ticket = self._dispatched("2027-03-01 10:00")
        task = self.env["complaint.assist.task"].create(
            {"ticket_id": ticket.id, "team_id": other_unit.id}
        )
        with freeze_time(utc("2027-03-02 10:00")):
            ticket.complaint_result_summary = "Pipe replaced"
        self.assertFalse(self._clocks(ticket, "reply"), "an assisting unit is still working")
        with freeze_time(utc("2027-03-02 17:00")):
            task.report = "Water pressure checked"
            task.action_done()
        clock = self._clock(ticket, "reply")
        self.assertEqual(clock.start, utc("2027-03-02 17:00"))
        self.assertEqual(clock.deadline, utc("2027-03-03 10:00"), "1 h Tuesday, 1 h Wednesday")
        with freeze_time(utc("2027-03-02 17:30")):
            ticket.complaint_result_summary = "Pipe replaced, pressure checked"
        self.assertEqual(len(self._clocks(ticket, "reply")), 1, "one per handling round")
        self._reply(ticket, "2027-03-03 09:30")
        self.assertEqual(clock.state, "met")

    def test_late_reply_escalates_once(self):
        tickets = [self._dispatched("2027-03-01 10:00") for _i in range(3)]
        with freeze_time(utc("2027-03-02 10:00")):
            tickets[0].complaint_result_summary = tickets[1].complaint_result_summary = (
                "Pipe replaced"
            )
        self.assertFalse(self._clocks(tickets[2], "reply"), "no result yet")
        self._reply(tickets[0], "2027-03-02 11:00")
        self._run_cron("2027-03-02 12:05")
        self._run_cron("2027-03-02 12:10")
        self.assertEqual(self._clock(tickets[0], "reply").state, "met")
        self.assertEqual(self._clock(tickets[1], "reply").state, "breached")
        self.assertEqual(len(self._escalations(tickets[1], "reply")), 1)
        self.assertFalse(self._escalations(tickets[0], "reply"))

    # --- callback and unreachable complainant (events of complaint_management's hook) ------
    # emitted here as complaint_survey emits them: these tests need only complaint_sla

    def _event(self, tickets, event, when):
        with freeze_time(utc(when)):
            for ticket in tickets:
                ticket._on_complaint_phase_event(event)

    def test_callback_clock_runs_after_closure_and_escalates_once_when_overdue(self):
        early, late, done = (self._dispatched("2027-03-01 10:00") for _i in range(3))
        # planned at the reply (before closure) for one, at closure for the others
        self._event(early, "callback_planned", "2027-03-02 10:00")
        with freeze_time(utc("2027-03-03 09:00")):
            (early | late | done)._set_complaint_phase("closed")
        self._event(late | done, "callback_planned", "2027-03-03 10:00")
        self._event(done, "callback_planned", "2027-03-03 11:00")  # once per callback
        self.assertEqual(len(self._clocks(done, "callback")), 1)
        self.assertFalse(self._clock(early, "callback").stopped_at, "closure does not stop it")
        self.assertTrue(self._clock(early, "resolution").stopped_at)
        # 7 days: the end of the 7th calendar day after the planning
        self.assertEqual(self._clock(early, "callback").deadline, utc("2027-03-10 00:00"))
        self.assertEqual(self._clock(late, "callback").deadline, utc("2027-03-11 00:00"))
        self._event(done, "callback_done", "2027-03-05 15:00")
        self.assertEqual(self._clock(done, "callback").state, "met")
        self._run_cron("2027-03-10 00:01")
        self._run_cron("2027-03-10 00:02")
        self.assertEqual(self._clock(early, "callback").state, "breached")
        self.assertEqual(len(self._escalations(early, "callback")), 1)
        self.assertEqual(early.complaint_sla_state, "done", "the complaint stays closed")
        self.assertEqual(self._clock(late, "callback").state, "running")
        # done late: the breach stays, the escalation ends
        self._event(early, "callback_done", "2027-03-10 09:00")
        self._run_cron("2027-03-11 00:01")
        self._run_cron("2027-03-11 00:02")
        self.assertEqual(self._clock(late, "callback").state, "breached")
        self.assertEqual(len(self._escalations(late, "callback")), 1)
        self.assertFalse(self._escalations(done, "callback"))
        self._run_cron("2027-03-12 00:05")  # +24 h: level 2 for the one still not called back
        self.assertEqual(len(self._escalations(early, "callback")), 1)
        self.assertEqual(len(self._escalations(late, "callback")), 2)

    def test_unreachable_clock_starts_at_the_first_failed_attempt_and_ends_with_the_callback(
        self,
    ):
        reached, unreachable = (self._dispatched("2027-03-01 10:00") for _i in range(2))
        both = reached | unreachable
        self._event(both, "callback_planned", "2027-03-03 10:00")
        self._event(both, "callback_attempt_failed", "2027-03-04 10:00")  # Thursday
        self._event(both, "callback_attempt_failed", "2027-03-05 10:00")
        for ticket in both:
            clocks = self._clocks(ticket, "unreachable")
            self.assertEqual(len(clocks), 1, "the first attempt starts it, once")
            self.assertEqual(clocks.start, utc("2027-03-04 10:00"))
            # 2 working days: the end of Monday's working time
            self.assertEqual(clocks.deadline, utc("2027-03-08 18:00"))
        self._event(reached, "callback_done", "2027-03-08 11:00")
        self.assertEqual(self._clock(reached, "unreachable").state, "met")
        self.assertEqual(self._clock(reached, "callback").state, "met")
        self._run_cron("2027-03-08 18:01")
        self._run_cron("2027-03-08 18:02")
        self.assertEqual(self._clock(unreachable, "unreachable").state, "breached")
        self.assertEqual(len(self._escalations(unreachable, "unreachable")), 1)
        self.assertFalse(self._escalations(reached, "unreachable"))
        self.assertEqual(unreachable.complaint_sla_state, "overdue", "still being handled")
        # closed as unreachable: both clocks stop
        self._event(unreachable, "callback_done", "2027-03-09 09:00")
        self.assertTrue(
            all(
                unreachable.complaint_clock_ids.filtered(
                    lambda c: c.phase in ("callback", "unreachable")
                ).mapped("stopped_at")
            )
        )

    def test_callback_deadline_gives_the_callbacks_due_day_and_its_moves_are_reported(self):
        """What complaint_survey reads through complaint_management's hooks: the day of each
        complaint's running callback deadline, and when it moves."""
        Ticket = type(self.env["helpdesk.ticket"])
        original = Ticket._on_complaint_phase_deadlines_moved
        moves = []

        def record(tickets, phase):
            moves.append((phase, set(tickets.ids)))
            return original(tickets, phase)

        self.patch(Ticket, "_on_complaint_phase_deadlines_moved", record)
        self.assertTrue(self.env["helpdesk.ticket"]._is_complaint_phase_timed("callback"))
        qingming, makeup, done = (self._dispatched("2027-03-01 10:00") for _i in range(3))
        self._event(qingming | done, "callback_planned", "2027-03-29 10:00")
        self._event(makeup, "callback_planned", "2027-05-01 10:00")
        self._event(done, "callback_done", "2027-03-30 10:00")
        tickets = qingming | makeup | done
        # 7 days: Monday 5 April is Qingming, the deadline is the end of Tuesday 6; the
        # make-up Saturday 8 May is a working day
        self.assertEqual(self._clock(qingming, "callback").deadline, utc("2027-04-07 00:00"))
        self.assertEqual(self._clock(makeup, "callback").deadline, utc("2027-05-09 00:00"))
        self.assertEqual(
            tickets._get_complaint_phase_due_dates("callback"),
            {qingming.id: date(2027, 4, 6), makeup.id: date(2027, 5, 8)},
            "the day before the deadline's 24:00, in the calendar's time zone; none when done",
        )
        with freeze_time(utc("2027-03-30 12:00")):
            self.env["resource.calendar.leaves"].create(
                {
                    "name": "Extra day off",
                    "calendar_id": self.calendar.id,
                    "date_from": utc("2027-04-06 00:00"),
                    "date_to": utc("2027-04-06 23:59"),
                }
            )
        self._run_recompute("2027-03-30 12:01")
        self.assertIn(("callback", {qingming.id}), moves)
        self.assertEqual(
            tickets._get_complaint_phase_due_dates("callback")[qingming.id], date(2027, 4, 7)
        )
        self.env.ref("complaint_sla.sla_rule_callback").action_archive()
        self.assertFalse(self.env["helpdesk.ticket"]._is_complaint_phase_timed("callback"))

    def test_unreachable_deadline_is_given_as_its_moment_until_the_callback_is_over(self):
        """What complaint_survey reads through complaint_management's hooks to close a
        callback as unreachable: the moment of each complaint's unreachable deadline, passed
        (breached) or not, while its callback goes on; a changed rule for the clocks it
        starts."""
        Ticket = self.env["helpdesk.ticket"]
        self.assertTrue(Ticket._is_complaint_phase_timed("unreachable"))
        tried, done, longer, untried = (self._dispatched("2026-12-01 10:00") for _i in range(4))
        tickets = tried | done | longer | untried
        self._event(tickets, "callback_planned", "2026-12-28 10:00")
        self._event(tried | done, "callback_attempt_failed", "2026-12-31 10:00")
        self._event(tried, "callback_attempt_failed", "2027-01-04 10:00")  # keeps its clock
        self._event(done, "callback_done", "2027-01-04 11:00")
        self.env.ref("complaint_sla.sla_rule_unreachable").duration = 3
        self._event(longer, "callback_attempt_failed", "2026-12-31 10:00")
        self._run_cron("2027-01-05 18:01")
        self.assertEqual(self._clock(tried, "unreachable").state, "breached")
        # Thursday 31 December: New Year's Day and the weekend do not count; 2 working days
        # end on Tuesday 5 January, 3 on Wednesday 6
        self.assertEqual(
            tickets._get_complaint_phase_deadlines("unreachable"),
            {tried.id: utc("2027-01-05 18:00"), longer.id: utc("2027-01-06 18:00")},
            "none once the callback is over, none before a failed attempt",
        )
        self.assertEqual(tickets._get_complaint_phase_deadlines("register"), {})
        self.env["complaint.sla.rule"].search([("phase", "=", "unreachable")]).action_archive()
        self.assertFalse(Ticket._is_complaint_phase_timed("unreachable"))

    def test_unknown_phase_event_changes_no_clock(self):
        ticket = self._complaint("2027-03-01 10:00")
        clocks = ticket.complaint_clock_ids
        self._event(ticket, "something_else", "2027-03-01 11:00")
        self.assertEqual(ticket.complaint_clock_ids, clocks)
