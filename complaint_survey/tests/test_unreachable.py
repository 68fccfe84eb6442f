"""One promise, one number (SPEC §6, unreachable complainant after 2 working days): with
complaint_sla, a callback closes as unreachable from the deadline of its complaint's
unreachable clock on (started at the first failed attempt), once the configured attempts are
made; alone, after the callbacks' own working days on the unit's calendar."""

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.complaint_management.tests.common import utc

from .common import CallbackCase


class UnreachableCase(CallbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.resource_calendar_id = cls.calendar
        cls._holiday(cls.calendar, "2027-01-01", "New Year's Day")
        cls._set_param("callback_max_attempts", "3")

    def _agent_callbacks(self, count, replied="2026-12-28 10:00"):
        """``count`` callbacks by an agent (complainants without an e-mail address)."""
        callbacks = self.env["complaint.callback"]
        with freeze_time(utc(replied)):
            for _i in range(count):
                ticket = self._complaint(
                    complaint_serious_loss=True, partner_email=False, partner_id=False
                )
                self._reply(ticket)
                callbacks |= ticket.complaint_callback_ids
        self.assertEqual(callbacks.mapped("channel"), ["agent"] * count)
        return callbacks

    def _no_answer(self, callbacks, when):
        """An unsuccessful attempt on each of ``callbacks`` at ``when`` (Shanghai time)."""
        with freeze_time(utc(when)):
            callbacks.action_no_answer()

    def _assertStates(self, callbacks, state, msg=None):
        self.assertEqual(callbacks.mapped("state"), [state] * len(callbacks), msg)

    def _assertToldUnreachable(self, callback):
        """The complaint's chatter tells why its callback closed."""
        bodies = callback.ticket_id.message_ids.mapped("body")
        self.assertTrue(
            any("could not be reached after" in body for body in bodies), callback.ticket_id
        )

    def _settings(self):
        """The settings page, checked to hold the note that a rule times the unreachable
        complainant."""
        Settings = self.env["res.config.settings"]
        arch = Settings.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="complaint_unreachable_timed_help"', arch)
        self.assertIn('name="complaint_unreachable_days_help"', arch)
        return Settings.create({})


class TestUnreachableAlone(UnreachableCase):
    """complaint_survey alone (complaint_sla's hooks answer as complaint_management's): the
    attempts over the settings' working days after the day of the first attempt."""

    def setUp(self):
        super().setUp()
        self._as_if_alone()

    def test_alone_unreachable_after_the_attempts_and_two_working_days_across_new_year(self):
        self.assertFalse(self._settings().complaint_unreachable_timed, "the days apply")
        new_year, spring, few = (self._agent_callbacks(2) for _i in range(3))
        # Thursday 31 December, then New Year's Day and the weekend: no working day yet
        self._no_answer(new_year | few, "2026-12-31 10:00")
        self._no_answer(new_year, "2027-01-02 10:00")
        self._no_answer(new_year, "2027-01-04 17:00")  # Monday: one working day
        self._assertStates(new_year | few, "planned", "three attempts, one working day")
        self._no_answer(new_year | few, "2027-01-05 08:30")  # Tuesday: the second
        self._assertStates(new_year, "unreachable")
        self.assertEqual(new_year.mapped("attempt_count"), [4, 4])
        self._assertStates(few, "planned", "two working days, but two attempts")
        self._no_answer(few, "2027-01-05 10:00")
        self._assertStates(few, "unreachable")
        # the settings' days, whatever they are: 3 working days from Monday 1 March 2027
        self._set_param("callback_unreachable_days", "3")
        for when in ("2027-03-01 10:00", "2027-03-02 10:00", "2027-03-03 17:00"):
            self._no_answer(spring, when)
        self._assertStates(spring, "planned", "two working days after Monday")
        self._no_answer(spring, "2027-03-04 09:00")
        self._assertStates(spring, "unreachable")
        for callback in new_year | few | spring:
            self._assertToldUnreachable(callback)

    def test_alone_unreachable_days_count_on_the_units_calendar(self):
        # the company works every weekday; the unit has Monday 3 May 2027 off
        self.env.company.resource_calendar_id = self.calendar.copy({"name": "Head office"})
        self.team.complaint_calendar_id = self.calendar
        self._holiday(self.calendar, "2027-05-03", "Labour Day")
        callbacks = self._agent_callbacks(2)
        for when in ("2027-04-30 10:00", "2027-04-30 11:00", "2027-05-03 10:00"):
            self._no_answer(callbacks, when)
        self._assertStates(callbacks, "planned", "Monday is no working day of the unit")
        self._no_answer(callbacks, "2027-05-04 10:00")
        self._assertStates(callbacks, "planned", "one working day of the unit")
        self._no_answer(callbacks, "2027-05-05 10:00")
        self._assertStates(callbacks, "unreachable")


@tagged("post_install", "-at_install")
class TestUnreachableTimed(UnreachableCase):
    """With complaint_sla: the unreachable rule's deadline is the one number of the time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "complaint.clock" not in cls.env:
            return
        cls.rule = cls.env.ref("complaint_sla.sla_rule_unreachable")
        # on this calendar, whatever the database's rules name (demo data names its own)
        cls.env["complaint.sla.rule"].search(
            [("phase", "=", "unreachable")]
        ).calendar_id = cls.calendar
        # the callbacks' own days differ from the rule's: they must not count where it applies
        cls._set_param("callback_unreachable_days", "1")

    def setUp(self):
        super().setUp()
        if "complaint.clock" not in self.env:
            self.skipTest("the unreachable deadline rules come with complaint_sla")

    def _clock(self, callbacks):
        """The unreachable clock of each callback's complaint (its last one)."""
        return self.env["complaint.clock"].concat(
            *(
                callback.ticket_id.complaint_clock_ids.filtered(
                    lambda c: c.phase == "unreachable"
                ).sorted("id")[-1:]
                for callback in callbacks
            )
        )

    def test_closes_as_unreachable_from_the_rules_deadline_across_new_year(self):
        self.assertTrue(self._settings().complaint_unreachable_timed, "the rule applies")
        tried, late = self._agent_callbacks(2), self._agent_callbacks(1)
        callbacks = tried | late
        # Thursday 31 December: 2 working days are Monday 4 and Tuesday 5 January (New
        # Year's Day and the weekend do not count)
        self._no_answer(callbacks, "2026-12-31 10:00")
        for callback in callbacks:
            self.assertEqual(self._clock(callback).start, utc("2026-12-31 10:00"))
            self.assertEqual(self._clock(callback).deadline, utc("2027-01-05 18:00"))
        self._no_answer(tried, "2027-01-04 10:00")
        self._no_answer(tried, "2027-01-05 17:59")
        self._assertStates(
            callbacks, "planned", "three attempts, but the rule's deadline has not passed"
        )
        self._no_answer(callbacks, "2027-01-05 18:00")
        self._assertStates(tried, "unreachable", "the rule's deadline, the attempts made")
        self.assertEqual(tried.mapped("attempt_count"), [4, 4])
        self.assertEqual(self._clock(tried).mapped("state"), ["met", "met"])
        self.assertTrue(all(self._clock(tried).mapped("stopped_at")), "the clocks stop")
        self._assertStates(late, "planned", "the deadline passed, two attempts only")
        self.assertEqual(late.attempt_count, 2)
        self._no_answer(late, "2027-01-06 10:00")
        self._assertStates(late, "unreachable")
        self.assertTrue(self._clock(late).stopped_at)
        self._assertToldUnreachable(late)

    def test_a_rule_of_three_working_days_is_followed(self):
        self.rule.write({"duration": 3})
        callbacks = self._agent_callbacks(3, replied="2027-02-26 10:00")
        # Monday 1 March: Tuesday 2, Wednesday 3, Thursday 4 March
        self._no_answer(callbacks, "2027-03-01 10:00")
        self._no_answer(callbacks, "2027-03-02 10:00")
        self._no_answer(callbacks, "2027-03-03 18:00")  # the shipped 2 days' deadline
        self._no_answer(callbacks, "2027-03-04 17:59")
        self._assertStates(callbacks, "planned", "before the end of the third working day")
        self.assertEqual(self._clock(callbacks).mapped("deadline"), [utc("2027-03-04 18:00")] * 3)
        self._no_answer(callbacks, "2027-03-04 18:00")
        self._assertStates(callbacks, "unreachable")

    def test_a_breached_unreachable_deadline_still_lets_the_callback_close(self):
        callbacks = self._agent_callbacks(2, replied="2027-02-26 10:00")
        for when in ("2027-03-01 10:00", "2027-03-01 11:00", "2027-03-02 10:00"):
            self._no_answer(callbacks, when)
        self._run_check("2027-03-03 18:05")
        self.assertEqual(self._clock(callbacks).mapped("state"), ["breached", "breached"])
        self._assertStates(callbacks, "planned", "nobody tried again yet")
        self._no_answer(callbacks, "2027-03-04 09:00")
        self._assertStates(callbacks, "unreachable")
        self.assertTrue(all(self._clock(callbacks).mapped("stopped_at")))

    def test_without_an_unreachable_rule_the_settings_days_apply(self):
        self.env["complaint.sla.rule"].search([("phase", "=", "unreachable")]).action_archive()
        self.assertFalse(self._settings().complaint_unreachable_timed)
        callbacks = self._agent_callbacks(2, replied="2027-02-26 10:00")
        for when in ("2027-03-01 10:00", "2027-03-01 11:00", "2027-03-01 17:00"):
            self._no_answer(callbacks, when)
        self._assertStates(callbacks, "planned", "no working day after Monday yet")
        self._no_answer(callbacks, "2027-03-02 09:00")  # the settings' 1 working day
        self._assertStates(callbacks, "unreachable")
        self.assertFalse(self._clock(callbacks), "no rule, no clock")

    def _run_check(self, when):
        """The deadline check, through its ir.cron record."""
        self._run_cron_record("complaint_sla.ir_cron_check_clocks", when)
