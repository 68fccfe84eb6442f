from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.complaint_management.tests.common import utc

from .common import CallbackCase


class TestCallback(CallbackCase):
    def test_major_complaint_is_always_called_back_with_a_link(self):
        ticket = self._complaint(complaint_serious_loss=True)
        self.assertEqual(ticket.complaint_severity, "major")
        self._reply(ticket)
        callback = ticket.complaint_callback_ids
        self.assertEqual(len(callback), 1)
        self.assertEqual(callback.sampled_because, "major")
        self.assertEqual(callback.channel, "link")
        self.assertTrue(callback.user_input_id.access_token)
        self.assertIn(callback.user_input_id.access_token, callback.survey_url)
        # queued by e-mail, unlinked from the callback (its readers would get the link)
        mail = self.env["mail.mail"].search(
            [("email_to", "=", ticket.complainant_email), ("body_html", "ilike", "survey")]
        )
        self.assertTrue(mail, "the survey link is queued by e-mail")
        self.assertFalse(mail.model)
        self.assertFalse(callback.user_input_id.email, "the answer does not carry the address")

    def test_minor_complaint_outside_sample_gets_no_callback(self):
        ticket = self._complaint()
        self._reply(ticket)
        self.assertFalse(ticket.complaint_callback_ids)

    def test_unit_share_of_100_percent_samples_everything_once_per_round(self):
        self._set_param("callback_unit_share_pct", "100")
        ticket = self._complaint()
        self._reply(ticket)
        self.assertEqual(ticket.complaint_callback_ids.sampled_because, "unit_sample")
        # closing after the reply does not plan a second callback for the same round
        ticket.write(
            {
                "complaint_result_summary": "Repaired",
                "complaint_verdict": "responsible",
                "complaint_cause": "Spare part missing",
                "complaint_responsible_team_id": self.team.id,
                "complaint_responsibility_category_id": self.env.ref(
                    "complaint_management.responsibility_process"
                ).id,
                "complaint_corrective_action": "Keep spare parts in stock",
            }
        )
        ticket.action_close()
        self.assertEqual(len(ticket.complaint_callback_ids), 1)

    def test_satisfied_answer_is_stored_on_the_complaint(self):
        ticket = self._complaint(complaint_serious_loss=True)
        self._reply(ticket)
        callback = ticket.complaint_callback_ids
        self._answer(callback, "satisfied", attitude="satisfied", efficiency="basic")
        self.assertEqual(callback.state, "done")
        self.assertEqual(callback.result, "satisfied")
        self.assertEqual(ticket.complaint_satisfaction, "satisfied")
        self.assertEqual(ticket.complaint_satisfaction_attitude, "satisfied")
        self.assertEqual(ticket.complaint_satisfaction_efficiency, "basic")
        self.assertEqual(ticket.complaint_phase, "replied")

    def test_dissatisfied_reopens_exactly_once_and_second_time_escalates(self):
        ticket = self._complaint(complaint_serious_loss=True)
        self._reply(ticket)
        self._answer(ticket.complaint_callback_ids, "dissatisfied", comment="Still broken")
        self.assertEqual(ticket.complaint_phase, "in_progress")
        self.assertEqual(ticket.complaint_reopen_count, 1)
        self.assertEqual(ticket.complaint_dissatisfied_count, 1)
        self.assertFalse(ticket.complaint_is_flagged)
        # marking the same answer done again does not reopen twice
        ticket.complaint_callback_ids.user_input_id._mark_done()
        self.assertEqual(ticket.complaint_reopen_count, 1)
        # re-handled and replied again: a new callback for round 1
        self._reply(ticket)
        second = ticket.complaint_callback_ids.filtered(lambda c: c.state == "planned")
        self.assertEqual(len(second), 1)
        self.assertEqual(second.round, 1)
        self._answer(second, "dissatisfied", comment="Nothing changed")
        self.assertEqual(ticket.complaint_reopen_count, 2)
        self.assertTrue(ticket.complaint_is_flagged)
        activity = ticket.activity_ids.filtered(lambda a: a.user_id == self.manager)
        self.assertTrue(activity, "the unit's manager is asked to supervise")

    def test_complaints_flagged_by_repeated_dissatisfaction_are_unflagged_from_the_form(self):
        tickets = self._complaint(complaint_serious_loss=True) | self._complaint(
            complaint_serious_loss=True
        )
        for _round in range(2):
            for ticket in tickets:
                self._reply(ticket)
                planned = ticket.complaint_callback_ids.filtered(lambda c: c.state == "planned")
                self._answer(planned, "dissatisfied", comment="Nothing changed")
        self.assertEqual(tickets.mapped("complaint_is_flagged"), [True, True])
        action = tickets.with_user(self.manager).action_open_complaint_unflag()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"])
        )
        wizard.reason = "Re-handled, checked with the complainant"
        wizard.save().action_unflag()
        self.assertEqual(tickets.mapped("complaint_is_flagged"), [False, False])
        # flagging again (a third dissatisfaction) works the same way
        tickets.sudo()._complaint_set_flag("Dissatisfied again")
        self.assertEqual(tickets.mapped("complaint_is_flagged"), [True, True])

    def test_unreachable_after_three_attempts_over_two_working_days(self):
        self._as_if_alone()  # with a deadline rule: test_unreachable.py
        ticket = self._complaint(complaint_serious_loss=True, partner_email=False, partner_id=False)
        self._reply(ticket)
        callback = ticket.complaint_callback_ids
        self.assertEqual(callback.channel, "agent")
        with freeze_time("2026-11-23 09:00:00"):  # Monday
            callback.action_no_answer()
        with freeze_time("2026-11-24 09:00:00"):
            callback.action_no_answer()
            callback.action_no_answer()
        self.assertEqual(callback.state, "planned", "3 attempts but within 2 working days")
        with freeze_time("2026-11-25 10:00:00"):
            callback.action_no_answer()
        self.assertEqual(callback.state, "unreachable")
        self.assertEqual(callback.attempt_count, 4)

    def test_agent_starts_the_call_and_gets_the_survey_url(self):
        ticket = self._complaint(complaint_serious_loss=True)
        self._reply(ticket)
        action = ticket.complaint_callback_ids.with_user(self.officer).action_start_call()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn("/survey/start/", action["url"])
        self.assertEqual(ticket.complaint_callback_ids.user_id, self.officer)

    def test_handler_cannot_edit_callbacks(self):
        ticket = self._complaint(complaint_serious_loss=True)
        self._reply(ticket)
        callback = ticket.complaint_callback_ids.with_user(self.handler)
        self.assertTrue(callback.read(["state"]))
        with self.assertRaises(AccessError):
            callback.write({"result": "satisfied"})

    def test_survey_without_overall_question_is_refused_in_settings(self):
        bare = self.env["survey.survey"].create({"title": "Bare"})
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"complaint_callback_survey_id": bare.id})

    def test_cancelled_callback_cannot_be_started(self):
        ticket = self._complaint(complaint_serious_loss=True)
        self._reply(ticket)
        ticket.complaint_callback_ids.action_cancel()
        with self.assertRaises(UserError):
            ticket.complaint_callback_ids.action_start_call()

    def test_complainant_without_email_gets_the_link_by_sms(self):
        if not self.env["complaint.callback"]._sms_available():
            self.skipTest("Odoo's SMS app is not installed")
        partner = self.env["res.partner"].create({"name": "刘洋", "phone": "+86 139 1234 5678"})
        ticket = self._complaint(
            partner_id=partner.id,
            partner_email=False,
            partner_phone=partner.phone,
            complaint_serious_loss=True,
        )
        self._reply(ticket)
        callback = ticket.complaint_callback_ids
        self.assertEqual(callback.channel, "link")
        sms = self.env["sms.sms"].search([("number", "=", partner.phone)])
        self.assertEqual(len(sms), 1, "one SMS, queued for the SMS cron")
        self.assertIn(ticket.number, sms.body)
        self.assertIn(callback.survey_url, sms.body)
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "complaint.callback"), ("res_id", "=", callback.id)]
            ),
            "no e-mail without an address",
        )

    def test_callbacks_of_two_complaints_show_each_its_own_link(self):
        first, second = (
            self._complaint(complaint_serious_loss=True),
            self._complaint(complaint_serious_loss=True),
        )
        self._reply(first)
        self._reply(second)
        callbacks = (first | second).complaint_callback_ids.with_user(self.officer)
        self.assertEqual(len(callbacks), 2)
        callbacks.invalidate_recordset(["survey_url"])  # computed when the mails were queued
        urls = {row["id"]: row["survey_url"] for row in callbacks.read(["survey_url"])}
        for callback in callbacks:
            self.assertIn(callback.sudo().user_input_id.access_token, urls[callback.id])
            self.assertIn(callback.ticket_id.number, urls[callback.id])

    def test_queued_link_mail_holds_the_survey_link(self):
        """The link is rendered as superuser into the mail, whoever plans the callback."""
        ticket = self._complaint(complaint_serious_loss=True)
        self._reply(ticket)
        link = ticket.complaint_callback_ids.sudo().survey_url
        self.assertTrue(self.env["mail.mail"].search_count([("body_html", "ilike", link)]))

    def test_handler_cannot_read_the_survey_link_officer_can(self):
        ticket = self._complaint(complaint_serious_loss=True)
        self._reply(ticket)
        callback = ticket.complaint_callback_ids
        token = callback.user_input_id.access_token
        as_handler = callback.with_user(self.handler)
        self.assertTrue(as_handler.read(["state", "date_due"]), "the callback itself is visible")
        with self.assertRaises(AccessError):
            as_handler.read(["survey_url"])
        as_handler.invalidate_recordset()
        with self.assertRaises(AccessError):
            as_handler.mapped("survey_url")
        self.assertIn(token, callback.with_user(self.officer).read(["survey_url"])[0]["survey_url"])

    def test_handler_opens_callback_views_without_the_link(self):
        ticket = self._complaint(complaint_serious_loss=True)
        self._reply(ticket)
        callback = ticket.complaint_callback_ids
        for user, sees_link in ((self.handler, False), (self.officer, True)):
            model = self.env["complaint.callback"].with_user(user)
            views = model.get_views([(False, m) for m in ("list", "kanban", "calendar", "form")])
            form_fields = views["models"]["complaint.callback"]["fields"]
            self.assertEqual("survey_url" in form_fields, sees_link, user.login)
            self.assertEqual("survey_url" in views["views"]["form"]["arch"], sees_link)
            # what the web client reads to show the form
            records = model.browse(callback.id).web_read({name: {} for name in form_fields})
            self.assertEqual(records[0]["id"], callback.id)
            form = self.env.ref("complaint_management.helpdesk_ticket_view_form_complaint")
            ticket_views = (
                self.env["helpdesk.ticket"].with_user(user).get_views([(form.id, "form")])
            )
            self.assertIn("complaint_callback_count", ticket_views["views"]["form"]["arch"])

    # --- due date without a deadline rule (complaint_survey alone) --------------------------------
    # SPEC §6: the callback within 7 days, counted as calendar days (the day of the reply not
    # counted); a last day without working time moves to the next working day

    def _replied_on(self, when, **vals):
        with freeze_time(utc(when)):
            ticket = self._complaint(complaint_serious_loss=True, **vals)
            self._reply(ticket)
        return ticket.complaint_callback_ids

    def test_callback_due_seven_calendar_days_later_or_the_next_working_day(self):
        self._as_if_alone()
        self.env.company.resource_calendar_id = self.calendar
        self._holiday(self.calendar, "2027-01-01", "New Year's Day")
        for replied, due in (
            ("2027-03-01 10:00", date(2027, 3, 8)),  # Monday → Monday
            ("2027-03-05 17:00", date(2027, 3, 12)),  # Friday → Friday
            ("2027-03-06 10:00", date(2027, 3, 15)),  # Saturday → Saturday, then Monday
            ("2027-03-02 00:30", date(2027, 3, 9)),  # Tuesday in Shanghai, Monday in UTC
            ("2026-12-25 10:00", date(2027, 1, 4)),  # → New Year's Day, then Monday
            ("2026-12-27 10:00", date(2027, 1, 4)),  # Sunday → Sunday, then Monday
        ):
            self.assertEqual(self._replied_on(replied).date_due, due, replied)

    def test_callback_due_after_the_days_of_the_complaints_category(self):
        self._as_if_alone()
        self.env.company.resource_calendar_id = self.calendar
        self.category.complaint_callback_days = 3
        other = self.env.ref("complaint_management.cat_quality_defect")
        own = [self._replied_on("2027-03-03 10:00") for _i in range(2)]  # Wednesday
        default = self._replied_on("2027-03-03 10:00", category_id=other.id)
        for callback in own:  # Saturday 6 March, then Monday
            self.assertEqual(callback.date_due, date(2027, 3, 8))
        self.assertEqual(default.date_due, date(2027, 3, 10), "the settings' 7 days")

    def test_callback_due_moves_past_the_units_holidays_first(self):
        if "complaint_calendar_id" not in self.team._fields:
            self.skipTest("units have no working calendar of their own without complaint_sla")
        self._as_if_alone()
        self.env.company.resource_calendar_id = self.calendar.copy({"name": "Head office"})
        self.team.complaint_calendar_id = self.calendar
        self._holiday(self.calendar, "2027-05-03", "Labour Day")
        elsewhere = self.env["helpdesk.ticket.team"].create({"name": "Branch Pudong"})
        # Monday 26 April → Monday 3 May: a holiday of the unit only
        self.assertEqual(self._replied_on("2027-04-26 10:00").date_due, date(2027, 5, 4))
        other = self._replied_on("2027-04-26 10:00", team_id=elsewhere.id)
        self.assertEqual(other.date_due, date(2027, 5, 3), "on the company's calendar")

    def test_attempts_during_national_day_do_not_make_the_complainant_unreachable(self):
        self._as_if_alone()  # with a deadline rule: test_unreachable.py
        self.env.company.resource_calendar_id = self.calendar
        callback = self._replied_on("2026-09-29 10:00", partner_email=False, partner_id=False)
        self.assertEqual(callback.channel, "agent")
        for when in ("2026-09-30 10:00", "2026-10-02 10:00", "2026-10-06 10:00"):
            with freeze_time(utc(when)):
                callback.action_no_answer()
        self.assertEqual(callback.state, "planned", "no working day since the first attempt")
        with freeze_time(utc("2026-10-08 10:00")):
            callback.action_no_answer()
        self.assertEqual(callback.state, "planned", "one working day since the first attempt")
        with freeze_time(utc("2026-10-09 10:00")):
            callback.action_no_answer()
        self.assertEqual(callback.state, "unreachable")


@tagged("post_install", "-at_install")
class TestCallbackMakeUpDay(CallbackCase):
    """With complaint_sla, a calendar's make-up working days (调休) count for callbacks too,
    through resource.calendar's own API: complaint_survey does not depend on complaint_sla."""

    def test_callback_due_on_a_make_up_saturday_stays_there(self):
        if "complaint.calendar.workday" not in self.env:
            self.skipTest("make-up working days come with complaint_sla")
        self._as_if_alone()
        self.env["complaint.calendar.workday"].create(
            {"calendar_id": self.calendar.id, "date": date(2027, 5, 8), "worked_as": "0"}
        )
        self.env.company.resource_calendar_id = self.calendar
        for replied, due in (
            ("2027-05-01 10:00", date(2027, 5, 8)),  # → the make-up Saturday, a working day
            ("2027-05-15 10:00", date(2027, 5, 24)),  # → an ordinary Saturday, then Monday
        ):
            with freeze_time(utc(replied)):
                ticket = self._complaint(complaint_serious_loss=True)
                self._reply(ticket)
            self.assertEqual(ticket.complaint_callback_ids.date_due, due, replied)


class TestCallbackPhaseEvents(CallbackCase):
    """The callback reports its events through complaint_management's phase-event hook (an
    addon timing them, complaint_sla, listens there): passes with or without that addon."""

    def setUp(self):
        super().setUp()
        self.events = []
        Ticket = type(self.env["helpdesk.ticket"])
        original = Ticket._on_complaint_phase_event
        events = self.events

        def record(tickets, event, when=None):
            events.extend((ticket.id, event) for ticket in tickets)
            return original(tickets, event, when=when)

        self.patch(Ticket, "_on_complaint_phase_event", record)

    def test_callback_reports_planned_failed_attempts_and_done(self):
        answered, unreachable, cancelled = (
            self._complaint(complaint_serious_loss=True, partner_email=False, partner_id=False)
            for _i in range(3)
        )
        for ticket in (answered, unreachable, cancelled):
            self._reply(ticket)
        self.assertEqual(
            self.events,
            [(t.id, "callback_planned") for t in (answered, unreachable, cancelled)],
        )
        self.events.clear()
        with freeze_time("2026-11-23 09:00:00"):  # Monday
            (answered | unreachable).complaint_callback_ids.action_no_answer()
        # Friday: past 2 working days, whether counted alone or by a deadline rule
        with freeze_time("2026-11-27 10:00:00"):
            unreachable.complaint_callback_ids.action_no_answer()
            unreachable.complaint_callback_ids.action_no_answer()
        self.assertEqual(unreachable.complaint_callback_ids.state, "unreachable")
        self._answer(answered.complaint_callback_ids, "satisfied")
        cancelled.complaint_callback_ids.action_cancel()
        cancelled.complaint_callback_ids.action_cancel()  # already over: not reported again
        self.assertEqual(
            self.events,
            [
                (answered.id, "callback_attempt_failed"),
                (unreachable.id, "callback_attempt_failed"),
                (unreachable.id, "callback_attempt_failed"),
                (unreachable.id, "callback_attempt_failed"),
                (unreachable.id, "callback_done"),
                (answered.id, "callback_done"),
                (cancelled.id, "callback_done"),
            ],
        )
