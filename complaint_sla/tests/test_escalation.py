from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form

from .common import SlaCase, utc


class TestEscalation(SlaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the ladder and the digests on one phase; the other phases are test_phases'
        cls.env["complaint.sla.rule"].search([("phase", "in", ("first_answer", "contact"))]).write(
            {"active": False}
        )

    def _complaint(self, when, **vals):
        """A complaint accepted and dispatched at once: only its resolution clock runs."""
        ticket = super()._complaint(when, **vals)
        with freeze_time(utc(when)):
            ticket.action_accept()
        return ticket

    def _digests(self, email="handler@example.com"):
        return self.env["mail.mail"].search(
            [("subject", "ilike", "Complaint deadlines"), ("email_to", "ilike", email)]
        )

    def test_warning_fires_exactly_once_at_ninety_percent(self):
        # Monday 09:00 → due Wednesday 18:00: 24 working hours, 90% = 21.6 h → Wed 15:36
        ticket = self._complaint("2026-09-21 09:00")
        clock = self._clock(ticket, "resolution")
        self.assertEqual(str(clock.warn_at), "2026-09-23 07:36:00")
        self._run_cron("2026-09-23 15:30")
        self.assertFalse(clock.warned)
        self._run_cron("2026-09-23 15:40")
        self._run_cron("2026-09-23 15:41")
        self.assertTrue(clock.warned)
        self.assertEqual(ticket.complaint_sla_state, "warning")
        warnings = ticket.activity_ids.filtered(lambda a: "Deadline close" in (a.summary or ""))
        self.assertEqual(len(warnings), 1)

    def test_warning_after_a_pause_comes_at_ninety_percent_of_the_working_time(self):
        # Monday 1 March 2027 09:00 → due Wednesday 18:00; warning at 21.6 of 24 working hours
        waiting = self.env.ref("complaint_management.stage_complaint_waiting_complainant")
        handling = self.env.ref("complaint_management.stage_complaint_in_progress")
        paused = self._complaint("2027-03-01 09:00")
        warned_first = self._complaint("2027-03-01 09:00")
        with freeze_time(utc("2027-03-02 09:00")):  # paused for 16 working hours
            paused.stage_id = waiting
        self._run_cron("2027-03-03 15:40")
        self.assertTrue(self._clock(warned_first, "resolution").warned)
        with freeze_time(utc("2027-03-03 16:00")):  # paused after its warning
            warned_first.stage_id = waiting
        with freeze_time(utc("2027-03-04 09:00")):
            (paused | warned_first).stage_id = handling
        clock = self._clock(paused, "resolution")
        self.assertEqual(clock.deadline, utc("2027-03-05 18:00"))
        self.assertEqual(clock.warn_at, utc("2027-03-05 15:36"), "2.4 working hours left")
        self.assertEqual(clock.paused_working_seconds, 16 * 3600)
        other = self._clock(warned_first, "resolution")
        self.assertEqual(other.deadline, utc("2027-03-04 11:00"))
        self.assertEqual(other.warn_at, utc("2027-03-03 15:36"), "reached before the pause")
        self._run_cron("2027-03-05 14:30")
        self.assertFalse(clock.warned, "not at 90% of start → new deadline")
        self._run_cron("2027-03-05 15:40")
        self.assertTrue(clock.warned)
        self.assertEqual(other.state, "breached")
        for ticket in paused | warned_first:
            warnings = ticket.activity_ids.filtered(lambda a: "Deadline close" in a.summary)
            self.assertEqual(len(warnings), 1, "one warning each")

    def _deadline_close_activities(self, ticket):
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search([("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
            .filtered(lambda a: "Deadline close" in a.summary)
        )

    def test_approved_extension_withdraws_the_warning_until_the_new_warning_time(self):
        # Monday 1 March 2027 09:00 → due Wednesday 18:00, warned at 15:36
        extended = self._complaint("2027-03-01 09:00")
        not_extended = self._complaint("2027-03-01 09:00")
        self._run_cron("2027-03-03 15:40")
        self.assertEqual(set((extended | not_extended).mapped("complaint_sla_state")), {"warning"})
        old_todo = self._deadline_close_activities(extended)
        self.assertTrue(old_todo.active)
        with freeze_time(utc("2027-03-03 16:00")):
            extension = self.env["complaint.extension"].create(
                {
                    "ticket_id": extended.id,
                    "requested_deadline": utc("2027-03-05 18:00"),
                    "reason": "Waiting for a spare part",
                }
            )
            extension.with_user(self.manager).action_approve()
        clock = self._clock(extended, "resolution")
        self.assertEqual(extended.complaint_sla_state, "ok")
        self.assertFalse(clock.warned)
        self.assertFalse(old_todo.active, "the old 'deadline close' to-do is done")
        self.assertIn("Deadline extended", old_todo.feedback)
        self.assertEqual(not_extended.complaint_sla_state, "warning")
        # 40 working hours from the start, the warning at 36
        self.assertEqual(clock.warn_at, utc("2027-03-05 14:00"))
        self._run_cron("2027-03-05 13:55")
        self.assertEqual(extended.complaint_sla_state, "ok")
        self._run_cron("2027-03-05 14:05")
        self.assertEqual(extended.complaint_sla_state, "warning")
        todos = self._deadline_close_activities(extended)
        self.assertEqual(len(todos.filtered("active")), 1)
        self.assertEqual(todos.filtered("active").date_deadline.isoformat(), "2027-03-05")

    def test_closing_the_complaint_closes_its_deadline_close_todo(self):
        tickets = self._complaint("2027-03-01 09:00") | self._complaint("2027-03-01 09:00")
        self._run_cron("2027-03-03 15:40")
        with freeze_time(utc("2027-03-03 16:00")):
            tickets[0]._set_complaint_phase("closed")
        self.assertFalse(self._deadline_close_activities(tickets[0]).active)
        self.assertTrue(self._deadline_close_activities(tickets[1]).active)

    def test_one_digest_per_recipient_per_run_and_no_assignment_mails(self):
        self.handler.email = "handler@example.com"
        self.leader.email = False  # the unit leader is told in Odoo's inbox
        tickets = self.env["helpdesk.ticket"]
        for _i in range(5):
            tickets |= self._complaint("2027-03-01 09:00")
        cron = self.env.ref("complaint_sla.ir_cron_check_clocks")
        cron.code = "model._cron_check_clocks(batch_size=2)"  # three batches in the run
        self._run_cron("2027-03-03 15:40")
        self._run_cron("2027-03-03 15:45")
        self.assertTrue(all(self._clock(t, "resolution").warned for t in tickets))
        mails = self._digests()
        self.assertEqual(len(mails), 1, "one digest for the handler")
        self.assertEqual(mails.email_to, self.handler.email_formatted)
        self.assertEqual(mails.subject, "Complaint deadlines: 5 to look at")
        for ticket in tickets:
            self.assertIn(ticket.number, mails.body_html)
        inbox = self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", self.leader.partner_id.id),
                ("notification_type", "=", "inbox"),
            ]
        )
        self.assertEqual(inbox.mail_message_id.mapped("subject"), [mails.subject])
        self.assertEqual(
            self.env["mail.message"].search_count([("subject", "ilike", "assigned to you")]),
            0,
            "the warnings' to-dos send no mail of their own",
        )
        self.assertEqual(len(tickets.activity_ids), 5)
        self.assertFalse(self.env["complaint.clock.notice"].search([]))

    def test_notices_left_by_an_interrupted_run_go_out_with_the_next_tick(self):
        self.handler.email = "handler@example.com"
        tickets = self._complaint("2027-03-01 09:00") | self._complaint("2027-03-01 09:00")
        self.env["complaint.clock.notice"].create(
            [
                {
                    "clock_id": self._clock(ticket, "resolution").id,
                    "user_id": self.handler.id,
                    "kind": "warning",
                }
                for ticket in tickets
            ]
        )
        self._run_cron("2027-03-01 10:00")  # nothing due
        self.assertEqual(self._digests().subject, "Complaint deadlines: 2 to look at")
        self.assertFalse(self.env["complaint.clock.notice"].search([]))
        self._run_cron("2027-03-01 10:05")
        self.assertEqual(len(self._digests()), 1, "sent once")

    def test_digest_that_cannot_be_queued_waits_for_the_next_tick(self):
        self.handler.email = "handler@example.com"
        tickets = self._complaint("2027-03-01 09:00") | self._complaint("2027-03-01 09:00")
        Clock = type(self.env["complaint.clock"])
        logger = "odoo.addons.complaint_sla.models.complaint_clock"
        with (
            patch.object(Clock, "_send_digest", side_effect=RuntimeError("mail down")),
            self.assertLogs(logger, "ERROR"),
        ):
            self._run_cron("2027-03-03 15:40")
        self.assertTrue(all(self._clock(t, "resolution").warned for t in tickets))
        self.assertFalse(self._digests())
        self.assertTrue(self.env["complaint.clock.notice"].search([]))
        self._run_cron("2027-03-03 15:45")
        self.assertEqual(self._digests().subject, "Complaint deadlines: 2 to look at")

    def test_digest_in_each_recipients_language_and_time_zone(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["complaint_sla"], ["zh_CN"])
        self.handler.write({"lang": "zh_CN", "tz": "Asia/Shanghai", "email": "handler@example.com"})
        self.leader.write({"lang": "en_US", "tz": "UTC", "email": "leader@example.com"})
        self._complaint("2026-09-21 09:00")  # resolution due Wednesday 18:00 in Shanghai
        self._run_cron("2026-09-23 15:40")
        mails = self.env["mail.mail"].search([("email_to", "ilike", "@example.com")])
        chinese = mails.filtered(lambda m: "handler@" in m.email_to)
        english = mails.filtered(lambda m: "leader@" in m.email_to)
        self.assertEqual(chinese.subject, "投诉时限提醒：1 件待处理")
        self.assertIn("预警", chinese.body_html)
        self.assertIn("18:00", chinese.body_html, "Shanghai time")
        self.assertEqual(english.subject, "Complaint deadlines: 1 to look at")
        self.assertIn("warning", english.body_html)
        self.assertIn("10:00", english.body_html, "UTC")

    def test_breach_climbs_the_ladder_on_its_delays_and_only_once(self):
        ticket = self._complaint("2026-09-21 09:00")  # due Wed 23 18:00
        clock = self._clock(ticket, "resolution")
        self._run_cron("2026-09-23 18:01")
        self._run_cron("2026-09-23 18:02")
        self.assertEqual(clock.state, "breached")
        self.assertEqual(clock.escalation_level, 1)
        self.assertEqual(ticket.complaint_sla_state, "overdue")
        records = ticket.complaint_supervision_ids
        self.assertEqual(len(records), 1)
        self.assertEqual(records.user_ids, self.leader)
        self._run_cron("2026-09-24 18:30")  # +24 h
        self._run_cron("2026-09-24 18:31")
        self.assertEqual(clock.escalation_level, 2)
        self.assertEqual(
            ticket.complaint_supervision_ids.filtered(lambda s: s.level == 2).user_ids,
            self.parent_leader,
        )
        self._run_cron("2026-09-26 18:30")  # +72 h
        self._run_cron("2026-09-27 09:00")
        self.assertEqual(clock.escalation_level, 3)
        self.assertEqual(len(ticket.complaint_supervision_ids), 3)
        self.assertFalse(clock.next_check_at, "nothing left to check after the last level")

    def test_a_clock_that_fails_is_marked_and_retried_later_while_the_others_escalate(self):
        tickets = self.env["helpdesk.ticket"]
        for _i in range(4):
            tickets |= self._complaint("2027-03-01 09:00")  # due Wednesday 3 March 18:00
        bad = tickets[1]
        Level = type(self.env["complaint.escalation.level"])
        get_recipients = Level._get_recipients

        def failing_for_bad(level, ticket):
            if ticket == bad:
                raise ValueError("the unit's leader cannot be found")
            return get_recipients(level, ticket)

        cron = self.env.ref("complaint_sla.ir_cron_check_clocks")
        cron.code = "model._cron_check_clocks(batch_size=2)"
        logger = "odoo.addons.complaint_sla.models.complaint_clock"
        with patch.object(Level, "_get_recipients", failing_for_bad):
            with self.assertLogs(logger, "ERROR"):
                self._run_cron("2027-03-03 18:05")
            self._run_cron("2027-03-03 18:10")  # not retried yet
            clock = self._clock(bad, "resolution")
            self.assertEqual(clock.state, "running", "its batch's work was undone for it only")
            self.assertEqual(clock.check_error_count, 1)
            self.assertIn("the unit's leader cannot be found", clock.last_error)
            self.assertEqual(clock.next_check_at, utc("2027-03-03 18:20"))
            for ticket in tickets - bad:
                self.assertEqual(self._clock(ticket, "resolution").escalation_level, 1)
                self.assertEqual(len(ticket.complaint_supervision_ids), 1)
            with self.assertLogs(logger, "ERROR"):
                self._run_cron("2027-03-03 18:21")
            self.assertEqual(clock.check_error_count, 2)
            self.assertEqual(clock.next_check_at, utc("2027-03-03 18:51"))
        self._run_cron("2027-03-03 19:00")  # fixed
        self.assertEqual(clock.state, "breached")
        self.assertEqual(clock.escalation_level, 1)
        self.assertFalse(clock.last_error)
        self.assertEqual(len(tickets.complaint_supervision_ids), 4)

    def test_a_clock_that_keeps_failing_is_left_alone_until_retried(self):
        ticket = self._complaint("2027-03-01 09:00")
        clock = self._clock(ticket, "resolution")
        now = utc("2027-03-03 18:05")
        for _attempt in range(5):
            clock._record_check_error(ValueError("broken"), now)
        self.assertEqual(clock.check_error_count, 5)
        self.assertFalse(clock.next_check_at, "not retried forever")
        clock.with_user(self.manager).action_retry_check()
        self.assertFalse(clock.last_error)
        self.assertEqual(clock.next_check_at, clock.warn_at)

    def test_a_backlog_reports_what_remains_so_the_cron_runs_again_at_once(self):
        tickets = self.env["helpdesk.ticket"]
        for _i in range(5):
            tickets |= self._complaint("2027-03-01 09:00")
        cron = self.env.ref("complaint_sla.ir_cron_check_clocks")
        cron.code = "model._cron_check_clocks(batch_size=2)"
        IrCron = type(self.env["ir.cron"])
        commit_progress = IrCron._commit_progress

        def time_is_up(cron_model, processed=0, *, remaining=None, deactivate=False):
            """Every run has time for one batch only."""
            commit_progress(cron_model, processed, remaining=remaining, deactivate=deactivate)
            return 0.0

        # only these five are due (not the demo complaints' clocks, if any)
        self.env["complaint.clock"].search([("ticket_id", "not in", tickets.ids)]).write(
            {"next_check_at": False}
        )
        # progress of earlier runs (a server that ran the cron on this database) is not ours
        before = self.env["ir.cron.progress"].search([("cron_id", "=", cron.id)])
        with patch.object(IrCron, "_commit_progress", time_is_up):
            self._run_cron("2027-03-03 15:40")  # all five reach their warning
        self.assertTrue(all(self._clock(t, "resolution").warned for t in tickets))
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", cron.id), ("id", "not in", before.ids)], order="id"
        )
        self.assertEqual(progress.mapped("done"), [2, 2, 1], "ir.cron ran it again at once")
        self.assertEqual(progress.mapped("remaining"), [3, 1, 0])

    def test_idle_cron_tick_costs_one_query(self):
        self._complaint("2026-09-21 09:00")
        self.env.flush_all()
        Clock = self.env["complaint.clock"]
        with freeze_time(utc("2026-09-21 10:00")), self.assertQueryCount(1):
            self.assertEqual(Clock._cron_check_clocks(), 0)
        # as a new cron run in a new worker: new environment, registry caches cleared
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        fresh = self.env(context={})["complaint.clock"]
        with freeze_time(utc("2026-09-21 10:00")), self.assertQueryCount(1):
            self.assertEqual(fresh._cron_check_clocks(), 0)

    def test_supervised_unit_answers_the_supervision_record(self):
        ticket = self._complaint("2026-09-21 09:00")
        self._run_cron("2026-09-23 18:05")
        record = ticket.complaint_supervision_ids.with_user(self.handler)
        record.reply = "Spare part arrives Friday"
        record.action_answer()
        self.assertEqual(record.state, "answered")

    def test_flag_and_its_removal_need_a_manager_and_verification(self):
        ticket = self._complaint("2026-09-21 09:00")
        vals = {
            "ticket_id": ticket.id,
            "target": "Restore water",
            "requirements": "Daily report",
            "deadline": "2026-09-30",
            "responsible_team_id": self.team.id,
            "supervising_team_id": self.parent_team.id,
        }
        with self.assertRaises(UserError):
            self.env["complaint.flag"].with_user(self.handler).create(vals)
        flag = self.env["complaint.flag"].with_user(self.manager).create(vals)
        self.assertTrue(ticket.complaint_is_flagged)
        with self.assertRaises(UserError):
            flag.action_request_removal()
        flag.verification_note = "Water back, checked on site"
        flag.action_request_removal()
        flag.with_user(self.manager).action_approve_removal()
        self.assertFalse(ticket.complaint_is_flagged)

    def test_complaints_flagged_through_the_hook_get_a_flag_record_closed_on_unflag(self):
        tickets = self._complaint("2026-09-21 09:00") | self._complaint("2026-09-21 10:00")
        tickets.sudo()._complaint_set_flag("Complainant dissatisfied again")
        flags = tickets.complaint_flag_ids
        self.assertEqual(len(flags), 2)
        self.assertEqual(set(flags.mapped("state")), {"active"})
        self.assertEqual(flags.ticket_id, tickets)
        self.assertEqual(set(flags.mapped("responsible_team_id")), {self.team})
        # unflagged from the complaint form: the flag records close with the reason
        action = tickets.with_user(self.manager).action_open_complaint_unflag()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"])
        )
        wizard.reason = "Checked on site"
        wizard.save().action_unflag()
        self.assertEqual(tickets.mapped("complaint_is_flagged"), [False, False])
        self.assertEqual(set(flags.mapped("state")), {"removed"})
        self.assertEqual(set(flags.mapped("verification_note")), {"Checked on site"})
        self.assertEqual(flags.approved_by_id, self.manager)
