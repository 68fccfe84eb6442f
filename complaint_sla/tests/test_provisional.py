import base64

from freezegun import freeze_time

from .common import SlaCase, utc


class TestProvisionalDeadlines(SlaCase):
    """The fixture calendar has 2026's holidays only."""

    def _calendar_todos(self):
        return self.env["mail.activity"].search(
            [("res_model", "=", "resource.calendar"), ("res_id", "=", self.calendar.id)]
        )

    def _import_2027(self, csv):
        self.env["complaint.holiday.import.wizard"].create(
            {
                "calendar_id": self.calendar.id,
                "year": 2027,
                "source": "csv",
                "csv_file": base64.b64encode(csv.encode()),
            }
        ).action_import()

    def test_deadline_reaching_a_year_without_holidays_is_provisional_until_they_are_entered(
        self,
    ):
        self.assertEqual(self.calendar.complaint_holiday_years, "2026")
        # Monday 28 December 2026: a major complaint has 10 working days, into January 2027
        major = self._complaint("2026-12-28 09:00", complaint_severity="major")
        other_major = self._complaint("2026-12-28 10:00", complaint_severity="major")
        minor = self._complaint("2026-12-21 09:00")  # due Wednesday 23 December
        clock = self._clock(major, "resolution")
        self.assertEqual(clock.deadline, utc("2027-01-11 18:00"))
        self.assertTrue(clock.deadline_provisional)
        self.assertEqual(clock.provisional_years, "2027")
        self.assertFalse(self._clock(major, "dispatch").deadline_provisional, "within 2026")
        self.assertTrue(major.complaint_sla_deadline_provisional)
        self.assertEqual(
            major.complaint_sla_provisional_note, "Deadline provisional: 2027 holidays not entered"
        )
        self.assertFalse(minor.complaint_sla_deadline_provisional)
        found = self.env["helpdesk.ticket"].search(
            [
                ("id", "in", (major | other_major | minor).ids),
                ("complaint_sla_deadline_provisional", "=", True),
            ]
        )
        self.assertEqual(found, major | other_major)
        # the administrators were told once, at the first provisional deadline
        todos = self._calendar_todos()
        admin = self.env.ref("base.user_admin")
        self.assertIn(admin, todos.user_id)
        self.assertEqual(len(todos.filtered(lambda a: a.user_id == admin)), 1)
        self.assertIn("2027", todos[0].summary)

        with freeze_time(utc("2026-12-29 10:00")):
            self._import_2027("2027-01-01,holiday,New Year's Day\n")
        self.assertTrue(clock.deadline_provisional, "recomputed by the job, after the save")
        self._run_recompute("2026-12-29 10:01")
        self.assertEqual(self.calendar.complaint_holiday_years, "2026, 2027")
        self.assertFalse(clock.deadline_provisional)
        self.assertEqual(clock.deadline, utc("2027-01-12 18:00"), "1 January is a holiday")
        self.assertFalse(major.complaint_sla_deadline_provisional)
        self.assertFalse(other_major.complaint_sla_deadline_provisional)
        self.assertIn("public holidays now entered", major.message_ids[0].body)

    def test_a_new_holiday_or_make_up_day_recomputes_the_running_deadlines_it_moves(self):
        moved = [self._complaint("2026-12-21 09:00") for _i in range(3)]  # due Wed 23 Dec
        before = self._complaint("2026-12-14 09:00")  # due Wed 16 Dec: before the holiday
        weekend = self._complaint("2026-12-24 09:00")  # due Mon 28 Dec
        self.assertEqual(self._clock(moved[0], "resolution").deadline, utc("2026-12-23 18:00"))
        with freeze_time(utc("2026-12-21 12:00")):
            self.env["resource.calendar.leaves"].create(
                {
                    "name": "Extra day off",
                    "calendar_id": self.calendar.id,
                    "date_from": utc("2026-12-22 00:00"),
                    "date_to": utc("2026-12-22 23:59"),
                }
            )
        self._run_recompute("2026-12-21 12:01")
        for ticket in moved:
            self.assertEqual(self._clock(ticket, "resolution").deadline, utc("2026-12-24 18:00"))
            self.assertEqual(ticket.complaint_sla_deadline, utc("2026-12-24 18:00"))
            note = ticket.message_ids[0].body
            self.assertIn("public holidays or make-up working days", note)
            self.assertIn("2026-12-23 10:00:00 → 2026-12-24 10:00:00", note)
        self.assertEqual(self._clock(before, "resolution").deadline, utc("2026-12-16 18:00"))
        self.assertFalse(before.message_ids.filtered(lambda m: "recomputed" in m.body))
        # Saturday 26 December worked as a Friday: the weekend complaint is due that day
        self.env["complaint.calendar.workday"].create(
            {"calendar_id": self.calendar.id, "date": "2026-12-26", "worked_as": "4"}
        )
        self._run_recompute("2026-12-21 12:02")
        self.assertEqual(self._clock(weekend, "resolution").deadline, utc("2026-12-26 18:00"))
        self.assertIn("2026-12-28 10:00:00 → 2026-12-26 10:00:00", weekend.message_ids[0].body)

    def test_round_the_clock_calendar_without_holidays_is_never_provisional(self):
        self.env["complaint.sla.rule"].search([]).write(
            {"calendar_id": self._round_the_clock_calendar().id}
        )
        ticket = self._complaint("2026-12-31 10:00", complaint_severity="major")
        self.assertFalse(ticket.complaint_sla_deadline_provisional)
        self.assertFalse(self._calendar_todos())


class TestHolidayReminder(SlaCase):
    """Early reminder: from the configured day (default 1 December), each calendar in use
    without next year's public holidays gets a to-do, once per calendar and year."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.other = cls.calendar.copy({"name": "Beijing office"})
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "National Day",
                "calendar_id": cls.other.id,
                "date_from": utc("2026-10-01 00:00"),
                "date_to": utc("2026-10-07 23:59"),
            }
        )
        cls.team.complaint_calendar_id = cls.other
        # covered: 2027's holidays are entered
        cls.covered = cls.calendar.copy({"name": "Guangzhou office"})
        cls.env["resource.calendar.leaves"].create(
            [
                {
                    "name": name,
                    "calendar_id": cls.covered.id,
                    "date_from": utc(f"{day} 00:00"),
                    "date_to": utc(f"{day} 23:59"),
                }
                for name, day in (("National Day", "2026-10-01"), ("New Year", "2027-01-01"))
            ]
        )
        cls.env["helpdesk.ticket.team"].create(
            {"name": "Branch Tianhe", "complaint_calendar_id": cls.covered.id}
        )
        # a round-the-clock hotline without any holiday is never reminded
        cls.hotline = cls._round_the_clock_calendar(cls)
        cls.env["helpdesk.ticket.team"].create(
            {"name": "Hotline", "complaint_calendar_id": cls.hotline.id}
        )

    def _todos(self, calendars):
        return self.env["mail.activity"].search(
            [("res_model", "=", "resource.calendar"), ("res_id", "in", calendars.ids)]
        )

    def _run_reminder(self, when):
        self._run_cron_record("complaint_sla.ir_cron_remind_holidays", when)

    def test_calendars_without_next_years_holidays_are_reminded_once_from_1_december(self):
        calendars = self.calendar | self.other | self.covered | self.hotline
        self._run_reminder("2026-11-30 12:00")
        self.assertFalse(self._todos(calendars), "not before 1 December")

        self._run_reminder("2026-12-01 12:00")
        todos = self._todos(calendars)
        self.assertEqual(set(todos.mapped("res_id")), set((self.calendar | self.other).ids))
        mine = todos.filtered(lambda a: a.user_id == self.admin)
        self.assertEqual(sorted(mine.mapped("res_id")), sorted((self.calendar | self.other).ids))
        self.assertTrue(all("2027" in a.summary for a in todos))
        self.assertEqual(self.other.complaint_holiday_reminder_year, 2027)
        self.assertEqual(self.covered.complaint_holiday_reminder_year, 0)

        self._run_reminder("2026-12-02 12:00")
        self.assertEqual(self._todos(calendars), todos, "a second run adds nothing")
        # done and gone: still not repeated that year
        todos.action_feedback(feedback="Entered")
        self._run_reminder("2026-12-03 12:00")
        self.assertFalse(self._todos(calendars))

    def test_first_provisional_deadline_after_the_reminder_adds_no_second_todo(self):
        self._run_reminder("2026-12-01 12:00")
        todos = self._todos(self.calendar)
        self.assertTrue(todos)
        # a major complaint of 28 December reaches 2027 on the rules' calendar
        ticket = self._complaint("2026-12-28 09:00", complaint_severity="major")
        self.assertTrue(ticket.complaint_sla_deadline_provisional)
        self.assertEqual(self._todos(self.calendar), todos)

    def test_a_changed_reminder_day_is_respected(self):
        self.env["res.config.settings"].create(
            {"complaint_sla_holiday_reminder_date": "11-15"}
        ).execute()
        self._run_reminder("2026-11-14 12:00")
        self.assertFalse(self._todos(self.calendar | self.other))
        self._run_reminder("2026-11-15 12:00")
        self.assertEqual(
            sorted(
                self._todos(self.calendar | self.other)
                .filtered(lambda a: a.user_id == self.admin)
                .mapped("res_id")
            ),
            sorted((self.calendar | self.other).ids),
        )

    def test_reminder_day_must_be_a_day_of_the_year(self):
        from odoo.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"complaint_sla_holiday_reminder_date": "13-01"})
