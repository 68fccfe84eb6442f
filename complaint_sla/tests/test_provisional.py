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
        major = self._complaint("2026-12-28 09:00", severity="major")
        other_major = self._complaint("2026-12-28 10:00", severity="major")
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
        self.assertEqual(self.calendar.complaint_holiday_years, "2026, 2027")
        self.assertFalse(clock.deadline_provisional)
        self.assertEqual(clock.deadline, utc("2027-01-12 18:00"), "1 January is a holiday")
        self.assertFalse(major.complaint_sla_deadline_provisional)
        self.assertFalse(other_major.complaint_sla_deadline_provisional)
        self.assertIn("public holidays now entered", major.message_ids[0].body)

    def test_round_the_clock_calendar_without_holidays_is_never_provisional(self):
        self.env["complaint.sla.rule"].search([]).write(
            {"calendar_id": self._round_the_clock_calendar().id}
        )
        ticket = self._complaint("2026-12-31 10:00", severity="major")
        self.assertFalse(ticket.complaint_sla_deadline_provisional)
        self.assertFalse(self._calendar_todos())
