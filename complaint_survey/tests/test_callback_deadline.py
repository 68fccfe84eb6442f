"""One promise, one date (SPEC §6, callback within 7 days): with complaint_sla, a callback is
due on the deadline of its callback clock, which the deadline rules of the Callback phase set;
the callbacks' own days apply only where no such rule does."""

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.complaint_management.tests.common import utc

from .common import CallbackCase


@tagged("post_install", "-at_install")
class TestCallbackDeadline(CallbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "complaint.clock" not in cls.env:
            return
        cls.env.company.resource_calendar_id = cls.calendar
        cls._holiday(cls.calendar, "2027-01-01", "New Year's Day")
        cls.rule = cls.env.ref("complaint_sla.sla_rule_callback")
        # on this calendar, whatever the database's rules name (demo data names its own)
        cls.env["complaint.sla.rule"].search(
            [("phase", "=", "callback")]
        ).calendar_id = cls.calendar
        # the callbacks' own days differ from the rule's: they must not count where it applies
        cls._set_param("callback_days", "3")
        cls.category.complaint_callback_days = 10

    def setUp(self):
        super().setUp()
        if "complaint.clock" not in self.env:
            self.skipTest("callback deadline rules come with complaint_sla")

    def _replied_on(self, when, **vals):
        with freeze_time(utc(when)):
            ticket = self._complaint(complaint_serious_loss=True, **vals)
            self._reply(ticket)
        return ticket.complaint_callback_ids

    def _clock(self, callback):
        return callback.ticket_id.complaint_clock_ids.filtered(
            lambda c: c.phase == "callback"
        ).sorted("id")[-1:]

    def _assertDueOnItsClock(self, callback, due, deadline):
        """Due on ``due``, the day of its clock's ``deadline`` (Shanghai time)."""
        clock = self._clock(callback)
        self.assertEqual(clock.deadline, utc(deadline))
        self.assertEqual(callback.date_due, due)
        shanghai = clock.deadline + timedelta(hours=8) - timedelta(microseconds=1)
        self.assertEqual(callback.date_due, shanghai.date(), "the day of the clock's deadline")

    def _settings_note(self):
        """The settings page's note that a deadline rule sets the callbacks' due date, and the
        value that shows it."""
        Settings = self.env["res.config.settings"]
        arch = Settings.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="complaint_callback_timed_help"', arch)
        return Settings.create({}).complaint_callback_timed

    def test_callback_is_due_on_its_clocks_deadline_across_new_year(self):
        self.assertTrue(self._settings_note(), "the settings say the rule applies")
        self.assertTrue(self.category.complaint_callback_timed)
        for replied, due in (
            ("2026-12-25 10:00", date(2027, 1, 4)),  # → New Year's Day, then Monday
            ("2026-12-27 10:00", date(2027, 1, 4)),  # Sunday → Sunday, then Monday
            ("2027-03-01 10:00", date(2027, 3, 8)),  # Monday → Monday
            ("2027-03-06 10:00", date(2027, 3, 15)),  # Saturday → Saturday, then Monday
        ):
            callback = self._replied_on(replied)
            end = datetime.combine(due + timedelta(days=1), datetime.min.time())
            self._assertDueOnItsClock(callback, due, end.strftime("%Y-%m-%d %H:%M"))

    def test_callback_rule_in_working_days_sets_the_due_date_over_new_year(self):
        self.rule.write({"duration": 3, "duration_unit": "working_days"})
        # Wednesday 30 December: Thursday 31, (New Year's Day, the weekend), Monday 4, Tuesday 5
        before = [self._replied_on("2026-12-30 10:00") for _i in range(2)]
        # Thursday 4 March: Friday 5, Monday 8, Tuesday 9
        after = self._replied_on("2027-03-04 10:00")
        for callback in before:
            self._assertDueOnItsClock(callback, date(2027, 1, 5), "2027-01-05 18:00")
        self._assertDueOnItsClock(after, date(2027, 3, 9), "2027-03-09 18:00")

    def test_a_rule_for_the_category_overrides_the_callback_deadline(self):
        self.env["complaint.sla.rule"].create(
            {
                "name": "Call back service delays within 2 days",
                "sequence": 1,
                "phase": "callback",
                "duration": 2,
                "duration_unit": "calendar_days",
                "category_ids": [(6, 0, self.category.ids)],
                "calendar_id": self.calendar.id,
            }
        )
        other = self.env.ref("complaint_management.cat_quality_defect")
        own = [self._replied_on("2027-03-01 10:00") for _i in range(2)]  # Monday
        default = self._replied_on("2027-03-01 10:00", category_id=other.id)
        for callback in own:
            self._assertDueOnItsClock(callback, date(2027, 3, 3), "2027-03-04 00:00")
        self._assertDueOnItsClock(default, date(2027, 3, 8), "2027-03-09 00:00")

    def test_without_a_callback_rule_the_callbacks_own_days_apply(self):
        self.env["complaint.sla.rule"].search([("phase", "=", "callback")]).action_archive()
        self.assertFalse(self._settings_note(), "the settings' days apply")
        self.assertFalse(self.category.complaint_callback_timed)
        other = self.env.ref("complaint_management.cat_quality_defect")
        own = self._replied_on("2027-03-01 10:00")  # the category's 10 days → Thursday 11
        default = self._replied_on("2027-03-01 10:00", category_id=other.id)  # 3 → Thursday 4
        self.assertFalse(self._clock(own) | self._clock(default))
        self.assertEqual(own.date_due, date(2027, 3, 11))
        self.assertEqual(default.date_due, date(2027, 3, 4))

    def test_due_date_follows_the_clock_when_a_holiday_or_an_extension_moves_it(self):
        moved = [self._replied_on("2027-03-01 10:00") for _i in range(2)]  # due Monday 8
        extended = self._replied_on("2027-03-01 10:00")
        answered = self._replied_on("2027-03-01 10:00")
        self._answer(answered, "satisfied")
        self.assertEqual(answered.state, "done")
        with freeze_time(utc("2027-03-02 10:00")):
            self._holiday(self.calendar, "2027-03-08", "Extra day off")
        self._run_recompute("2027-03-02 10:01")
        for callback in moved:
            self._assertDueOnItsClock(callback, date(2027, 3, 9), "2027-03-10 00:00")
        self.assertEqual(answered.date_due, date(2027, 3, 8), "a callback done keeps its day")
        with freeze_time(utc("2027-03-03 10:00")):
            extension = self.env["complaint.extension"].create(
                {
                    "ticket_id": extended.ticket_id.id,
                    "clock_id": self._clock(extended).id,
                    "requested_deadline": utc("2027-03-12 18:00"),
                    "reason": "The complainant is abroad until Friday.",
                }
            )
            extension.with_user(self.manager).action_approve()
        self._assertDueOnItsClock(extended, date(2027, 3, 12), "2027-03-12 18:00")

    def _run_recompute(self, when):
        """The queued deadline recomputes, through their ir.cron record."""
        self._run_cron_record("complaint_sla.ir_cron_recompute_clocks", when)
