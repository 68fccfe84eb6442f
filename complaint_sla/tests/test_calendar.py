import base64
from datetime import datetime

from pytz import utc

from odoo.exceptions import UserError, ValidationError

from .common import SlaCase


class TestCalendar(SlaCase):
    def _wizard(self, **vals):
        return self.env["complaint.holiday.import.wizard"].create(
            {"calendar_id": self.calendar.id, **vals}
        )

    def test_makeup_saturday_adds_working_time_to_the_calendar(self):
        saturday = self.calendar._work_intervals_batch(
            utc.localize(datetime(2026, 10, 9, 16)), utc.localize(datetime(2026, 10, 10, 16))
        )[False]
        hours = sum((end - start).total_seconds() for start, end, _a in saturday) / 3600
        self.assertEqual(hours, 8)
        other_saturday = self.calendar._work_intervals_batch(
            utc.localize(datetime(2026, 10, 16, 16)), utc.localize(datetime(2026, 10, 17, 16))
        )[False]
        self.assertFalse(list(other_saturday))

    def test_import_2026_from_chinese_calendar_once(self):
        calendar = self.calendar.copy({"name": "Fresh"})
        calendar.complaint_workday_ids.unlink()
        wizard = self.env["complaint.holiday.import.wizard"].create(
            {"calendar_id": calendar.id, "year": 2026}
        )
        wizard.action_import()
        leaves = self.env["resource.calendar.leaves"].search([("calendar_id", "=", calendar.id)])
        self.assertGreaterEqual(len(leaves), 30)
        self.assertEqual(len(calendar.complaint_workday_ids), 6)
        self.assertIn("2026-10-10", [str(d) for d in calendar.complaint_workday_ids.mapped("date")])
        wizard.action_import()  # running it again adds nothing
        self.assertEqual(
            self.env["resource.calendar.leaves"].search_count([("calendar_id", "=", calendar.id)]),
            len(leaves),
        )

    def test_year_unknown_to_the_package_says_to_enter_it_by_hand(self):
        with self.assertRaisesRegex(UserError, "by hand"):
            self._wizard(year=2027).action_import()

    def test_csv_import_of_a_later_year(self):
        data = "date,kind,name\n2027-02-08,holiday,Spring Festival\n2027-02-20,workday,Make-up\n"
        self._wizard(
            year=2027, source="csv", csv_file=base64.b64encode(data.encode())
        ).action_import()
        self.assertIn(
            "2027-02-20", [str(d) for d in self.calendar.complaint_workday_ids.mapped("date")]
        )
        bad = "2027-13-40,holiday,x\n"
        with self.assertRaises(UserError):
            self._wizard(
                year=2027, source="csv", csv_file=base64.b64encode(bad.encode())
            ).action_import()

    def test_makeup_day_must_be_a_weekend(self):
        with self.assertRaises(ValidationError):
            self.env["complaint.calendar.workday"].create(
                {"calendar_id": self.calendar.id, "date": "2026-10-12"}
            )

    def test_cached_schedule_follows_new_holidays_and_makeup_days(self):
        """The working schedule is cached per calendar and day; adding a holiday or a make-up
        day is seen by the next deadline computed."""
        monday = datetime(2026, 11, 30, 1)  # 09:00 in Shanghai
        before = self.calendar._get_complaint_schedule(monday)
        self.assertIs(self.calendar._get_complaint_schedule(monday), before, "cached")
        start = utc.localize(monday)
        self.assertGreater(
            before.working_seconds(start, utc.localize(datetime(2026, 11, 30, 9))), 0
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Extra holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 11, 29, 16),
                "date_to": datetime(2026, 11, 30, 16),
            }
        )
        after = self.calendar._get_complaint_schedule(monday)
        self.assertIsNot(after, before)
        self.assertEqual(after.working_seconds(start, utc.localize(datetime(2026, 11, 30, 9))), 0)
