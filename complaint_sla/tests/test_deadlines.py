from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError

from .common import SlaCase, utc


class TestDeadlines(SlaCase):
    def test_minor_complaint_received_friday_is_due_end_of_tuesday(self):
        ticket = self._complaint("2026-09-25 16:00")  # Friday
        self.assertEqual(self._clock(ticket, "resolution").deadline, utc("2026-09-29 18:00"))
        self.assertEqual(ticket.complaint_sla_deadline, utc("2026-09-29 18:00"))

    def test_dispatch_within_four_working_hours_crosses_weekend(self):
        ticket = self._complaint("2026-09-25 16:00")
        self.assertEqual(self._clock(ticket, "dispatch").deadline, utc("2026-09-28 11:00"))

    def test_working_hours_skip_the_lunch_break(self):
        ticket = self._complaint("2026-09-21 10:30")  # Monday
        self.assertEqual(self._clock(ticket, "dispatch").deadline, utc("2026-09-21 15:30"))

    def test_complaint_received_at_night_starts_next_working_minute(self):
        ticket = self._complaint("2026-09-21 22:00")
        self.assertEqual(self._clock(ticket, "dispatch").deadline, utc("2026-09-22 14:00"))

    def test_public_holiday_is_skipped_and_makeup_saturday_counts(self):
        minor = self._complaint("2026-09-30 10:00")
        self.assertEqual(self._clock(minor, "resolution").deadline, utc("2026-10-09 18:00"))
        important = self._complaint("2026-09-30 10:00", complaint_severity="important")
        self.assertEqual(self._clock(important, "resolution").deadline, utc("2026-10-10 18:00"))

    def test_calendar_hours_rule_ignores_working_time(self):
        rule = self.env.ref("complaint_sla.sla_rule_reply")
        rule.write({"duration_unit": "calendar_hours", "duration": 2})
        ticket = self._complaint("2026-09-26 23:00")  # Saturday night
        clocks = self.env["complaint.clock"]._start_clocks(
            ticket, ("reply",), utc("2026-09-26 23:00")
        )
        self.assertEqual(clocks.deadline, utc("2026-09-27 01:00"))

    def test_severity_rule_takes_precedence_over_general_rule(self):
        ticket = self._complaint("2026-09-21 09:00", complaint_severity="major")
        clock = self._clock(ticket, "resolution")
        self.assertEqual(clock.rule_id, self.env.ref("complaint_sla.sla_rule_resolution_major"))

    def test_unit_calendar_is_used_when_the_rule_has_none(self):
        round_the_clock = self._round_the_clock_calendar()
        self.env["complaint.sla.rule"].search([]).write({"calendar_id": False})
        self.team.complaint_calendar_id = round_the_clock
        ticket = self._complaint("2026-09-26 10:00")  # Saturday, 4 working hours
        self.assertEqual(self._clock(ticket, "dispatch").deadline, utc("2026-09-26 14:00"))

    def test_waiting_stage_pauses_and_resume_pushes_the_deadline(self):
        ticket = self._complaint("2026-09-21 09:00")  # due Wed 23 18:00
        waiting = self.env.ref("complaint_management.stage_complaint_waiting_complainant")
        handling = self.env.ref("complaint_management.stage_complaint_in_progress")
        with freeze_time(utc("2026-09-22 09:00")):
            ticket.stage_id = waiting
        self.assertEqual(self._clock(ticket, "resolution").state, "paused")
        with freeze_time(utc("2026-09-24 09:00")):  # two working days later
            ticket.stage_id = handling
        clock = self._clock(ticket, "resolution")
        self.assertEqual(clock.state, "running")
        self.assertEqual(clock.deadline, utc("2026-09-25 18:00"))

    def test_closing_while_paused_is_met_when_the_pause_began_in_time(self):
        # Monday 1 March 2027 09:00 → due Wednesday 3 March 18:00 (minor: 2 working days)
        waiting = self.env.ref("complaint_management.stage_complaint_waiting_complainant")
        paused_in_time = self._complaint("2027-03-01 09:00")
        paused_late = self._complaint("2027-03-01 09:00")
        running = self._complaint("2027-03-01 09:00")
        with freeze_time(utc("2027-03-02 09:00")):  # Tuesday, 16 working hours left
            paused_in_time.stage_id = waiting
        with freeze_time(utc("2027-03-04 09:00")):  # Thursday: past the deadline already
            paused_late.stage_id = waiting
        tickets = paused_in_time | paused_late | running
        with freeze_time(utc("2027-03-05 10:00")):  # Friday: closed straight from waiting
            tickets._set_complaint_phase("closed")
        clock = self._clock(paused_in_time, "resolution")
        self.assertEqual(clock.state, "met")
        self.assertEqual(clock.met_at, utc("2027-03-05 10:00"))
        # the 16 working hours left at the pause, counted from the close
        self.assertEqual(clock.deadline, utc("2027-03-09 10:00"))
        self.assertEqual(clock.paused_seconds, 3 * 24 * 3600 + 3600)
        for ticket in (paused_late, running):
            clock = self._clock(ticket, "resolution")
            self.assertEqual(clock.state, "breached", ticket.name)
            self.assertEqual(clock.breached_at, utc("2027-03-03 18:00"))
            self.assertEqual(clock.deadline, utc("2027-03-03 18:00"))
        self.assertEqual(set(tickets.mapped("complaint_sla_state")), {"done"})

    def test_closing_stops_clocks_as_met(self):
        ticket = self._complaint("2026-09-21 09:00")
        with freeze_time(utc("2026-09-22 10:00")):
            ticket._set_complaint_phase("closed")
        self.assertEqual(self._clock(ticket, "resolution").state, "met")
        self.assertEqual(ticket.complaint_sla_state, "done")

    def test_recategorising_recomputes_running_clocks_with_history(self):
        ticket = self._complaint("2026-09-21 09:00")
        before = self._clock(ticket, "resolution").deadline
        with freeze_time(utc("2026-09-21 10:00")):
            ticket.complaint_severity = "major"
        after = self._clock(ticket, "resolution").deadline
        self.assertGreater(after, before)
        self.assertIn("recomputed", ticket.message_ids[0].body)

    def test_rule_validation(self):
        Rule = self.env["complaint.sla.rule"]
        with self.assertRaises(ValidationError):
            Rule.create({"name": "x", "phase": "resolution", "duration": -1})
        with self.assertRaises(ValidationError):
            Rule.create(
                {
                    "name": "x",
                    "phase": "resolution",
                    "duration": 1.5,
                    "duration_unit": "working_days",
                }
            )

    def test_extension_approved_moves_deadline_and_is_counted(self):
        ticket = self._complaint("2026-09-21 09:00")
        with freeze_time(utc("2026-09-22 09:00")):
            ext = (
                self.env["complaint.extension"]
                .with_user(self.handler)
                .create(
                    {
                        "ticket_id": ticket.id,
                        "requested_deadline": utc("2026-09-28 18:00"),
                        "reason": "Waiting for a spare part",
                    }
                )
            )
            with self.assertRaises(UserError):
                ext.with_user(self.handler).action_approve()
            ext.with_user(self.manager).action_approve()
        self.assertEqual(self._clock(ticket, "resolution").deadline, utc("2026-09-28 18:00"))
        self.assertEqual(ticket.complaint_extension_count, 1)
        self.assertIn("2026-09-28 18:00", ticket.message_ids[0].body)

    def test_extension_rejected_leaves_deadline(self):
        ticket = self._complaint("2026-09-21 09:00")
        deadline = self._clock(ticket, "resolution").deadline
        ext = self.env["complaint.extension"].create(
            {
                "ticket_id": ticket.id,
                "requested_deadline": utc("2026-09-30 18:00"),
                "reason": "More time",
            }
        )
        ext.with_user(self.manager).action_reject()
        self.assertEqual(self._clock(ticket, "resolution").deadline, deadline)
        self.assertEqual(ticket.complaint_extension_count, 0)

    def test_extension_after_breach_or_beyond_maximum_is_refused(self):
        ticket = self._complaint("2026-09-21 09:00")
        self._run_cron("2026-09-24 09:00")  # past Wed 18:00
        with self.assertRaises(UserError):
            self.env["complaint.extension"].create(
                {
                    "ticket_id": ticket.id,
                    "requested_deadline": utc("2026-10-12 18:00"),
                    "reason": "Too late",
                }
            )
        other = self._complaint("2026-09-21 09:00")
        self.env["ir.config_parameter"].sudo().set_param(
            "complaint_management.sla_max_extensions", "0"
        )
        with self.assertRaises(UserError):
            self.env["complaint.extension"].create(
                {
                    "ticket_id": other.id,
                    "requested_deadline": utc("2026-10-12 18:00"),
                    "reason": "Max",
                }
            )


class TestMultiCompany(SlaCase):
    def test_each_company_counts_on_its_own_calendar_and_rules(self):
        round_the_clock = self._round_the_clock_calendar()
        other = self.env["res.company"].create(
            {"name": "Hotline Co", "resource_calendar_id": round_the_clock.id}
        )
        self.env["complaint.sla.rule"].create(
            {
                "name": "Hotline Co: dispatch in 2 working hours",
                "phase": "dispatch",
                "duration": 2,
                "duration_unit": "working_hours",
                "company_id": other.id,
            }
        )
        team = self.env["helpdesk.ticket.team"].create({"name": "Hotline", "company_id": other.id})
        ticket = self._complaint("2026-09-26 10:00", team_id=team.id, company_id=other.id)
        clock = self._clock(ticket, "dispatch")
        self.assertEqual(clock.calendar_id, round_the_clock)
        self.assertEqual(clock.deadline, utc("2026-09-26 12:00"))
        ours = self._complaint("2026-09-26 10:00")
        self.assertEqual(self._clock(ours, "dispatch").deadline, utc("2026-09-28 14:00"))
