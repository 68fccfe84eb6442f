import base64
import sys
from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time
from pytz import timezone, utc

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form

from .common import SlaCase
from .common import utc as shanghai


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
        Leave = self.env["resource.calendar.leaves"]
        before = Leave.search_count([("calendar_id", "=", calendar.id)])
        action = wizard.action_import()
        leaves = Leave.search([("calendar_id", "=", calendar.id)])
        self.assertEqual(
            action["params"],
            {
                "type": "success",
                "message": f"{len(leaves) - before} holidays and 6 make-up working days added.",
                "next": {"type": "ir.actions.act_window_close"},
            },
        )
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


class TestHolidaySources(SlaCase):
    """The holidays package beside chinese-calendar; the official notice as a CSV file; the
    public holidays on the calendar form."""

    def _fresh_calendar(self, name):
        calendar = self.calendar.copy({"name": name})
        calendar.global_leave_ids.unlink()
        calendar.complaint_workday_ids.unlink()
        return calendar

    def _import(self, calendar, **vals):
        return (
            self.env["complaint.holiday.import.wizard"]
            .create({"calendar_id": calendar.id, **vals})
            .action_import()
        )

    def _csv(self, text, encoding="utf-8"):
        return base64.b64encode(text.encode(encoding))

    def _days(self, calendar):
        tz = timezone(calendar.tz)
        leaves = {
            utc.localize(leave.date_from).astimezone(tz).date()
            for leave in calendar.global_leave_ids
        }
        return leaves, set(calendar.complaint_workday_ids.mapped("date"))

    def test_holidays_package_gives_the_same_2026_as_chinese_calendar(self):
        by_chinese_calendar = self._fresh_calendar("chinese-calendar")
        by_holidays = self._fresh_calendar("holidays")
        self._import(by_chinese_calendar, year=2026, source="package")
        self._import(by_holidays, year=2026, source="holidays")
        leaves, workdays = self._days(by_holidays)
        self.assertEqual((leaves, workdays), self._days(by_chinese_calendar))
        self.assertIn(date(2026, 10, 4), leaves, "the Sunday inside the National Day break")
        self.assertEqual(len(workdays), 6)
        self._import(by_holidays, year=2026, source="holidays")  # again: nothing added
        self.assertEqual(self._days(by_holidays), (leaves, workdays))

    def test_holidays_package_refuses_a_year_it_only_estimates(self):
        calendar = self._fresh_calendar("2027")
        with self.assertRaisesRegex(UserError, "CSV file"):
            self._import(calendar, year=2027, source="holidays")
        self.assertFalse(calendar.global_leave_ids)

    def test_missing_holidays_package_is_a_clear_error(self):
        with (
            patch.dict(sys.modules, {"holidays": None}),
            self.assertRaisesRegex(UserError, "holidays package is not installed"),
        ):
            self._import(self._fresh_calendar("none"), year=2026, source="holidays")

    def test_csv_errors_name_each_row_and_nothing_is_imported(self):
        calendar = self._fresh_calendar("bad notice")
        text = (
            "date,kind,name\n"
            "2027-02-06,holiday,Spring Festival\n"
            "2027-02-30,holiday,No such day\n"
            "2027-02-07,day off,Spring Festival\n"
            "2027-02-10,workday,A Wednesday\n"
            "2028-01-01,holiday,Next year\n"
            "2027-02-06,holiday,Twice\n"
        )
        with self.assertRaises(UserError) as caught:
            self._import(calendar, year=2027, source="csv", csv_file=self._csv(text))
        message = str(caught.exception)
        for row, what in (
            (3, "YYYY-MM-DD"),
            (4, "'day off'"),
            (5, "weekday"),
            (6, "not in 2027"),
            (7, "already on row 2"),
        ):
            self.assertRegex(message, rf"Row {row} \([^)]*\): [^\n]*{what}")
        self.assertNotIn("Row 2 ", message)
        self.assertFalse(calendar.global_leave_ids)
        self.assertFalse(calendar.complaint_workday_ids)

    def test_a_broken_or_huge_csv_file_is_a_clear_error(self):
        calendar = self._fresh_calendar("broken notice")
        # a quote left open: the next rows become the first one's name (none is lost silently)
        broken = 'date,kind,name\n2027-01-01,holiday,"New Year\n2027-10-01,holiday,National Day\n'
        # a wrong row that is very long: the error quotes its beginning only
        long_row = "date,kind,name\n2027-13-01,holiday," + "National Day " * 5000 + "\n"
        for text, expected in (
            (broken, "Row 2 (2027-01-01,holiday,New Year"),
            (broken, "is a quote left open?"),
            (long_row, "Row 2 (2027-13-01,holiday,National Day"),
        ):
            with self.assertRaises(UserError, msg=expected) as caught:
                self._import(calendar, year=2027, source="csv", csv_file=self._csv(text))
            self.assertIn(expected, str(caught.exception))
            self.assertLess(len(str(caught.exception)), 1000)
        self.assertFalse(calendar.global_leave_ids)

    def test_csv_with_a_bom_from_excel_in_utf8_or_unicode_text_and_a_huge_one(self):
        text = "date,kind,name\n2027-10-01,holiday,National Day\n2027-09-26,workday,调休\n"
        for encoding, content in (
            ("utf-8-sig", text),
            # Excel's "Unicode text": UTF-16 with its BOM, tab separated
            ("utf-16", text.replace(",", "\t")),
        ):
            calendar = self._fresh_calendar(f"notice in {encoding}")
            self._import(
                calendar, year=2027, source="csv", csv_file=self._csv(content, encoding=encoding)
            )
            self.assertEqual(self._days(calendar), ({date(2027, 10, 1)}, {date(2027, 9, 26)}))
            self.assertEqual(calendar.complaint_workday_ids.name, "调休")
        calendar = self._fresh_calendar("huge notice")
        huge = "date,kind,name\n" + "2027-10-01,holiday,National Day\n" * 10000
        with self.assertRaises(UserError) as caught:
            self._import(calendar, year=2027, source="csv", csv_file=self._csv(huge))
        self.assertIn("The CSV file has 10001 rows", str(caught.exception))
        self.assertFalse(calendar.global_leave_ids)

    def test_a_year_out_of_range_is_a_clear_error(self):
        calendar = self._fresh_calendar("year zero")
        for source in ("package", "holidays", "csv"):
            for year in (0, -1, 10000, 2200):
                with self.assertRaises(UserError, msg=(source, year)) as caught:
                    self._import(
                        calendar,
                        year=year,
                        source=source,
                        csv_file=self._csv("2027-01-01,holiday,New Year\n"),
                    )
                self.assertIn("between 2000 and 2100", str(caught.exception), (source, year))
        self.assertFalse(calendar.global_leave_ids)

    def test_csv_from_excel_in_chinese_with_semicolons_and_columns_in_any_order(self):
        calendar = self._fresh_calendar("excel")
        text = "name;date;kind\n春节;2027-02-08;holiday\n调休上班;2027-02-20;workday\n"
        self._import(
            calendar, year=2027, source="csv", csv_file=self._csv(text, encoding="gb18030")
        )
        self.assertEqual(calendar.global_leave_ids.name, "春节")
        self.assertEqual(calendar.complaint_workday_ids.name, "调休上班")
        self.assertEqual(calendar.complaint_holiday_years, "2027")

    def test_wizard_proposes_next_year_once_this_year_is_entered(self):
        Wizard = self.env["complaint.holiday.import.wizard"]
        with freeze_time("2026-12-01"):
            wizard = Wizard.with_context(default_calendar_id=self.calendar.id).create({})
            self.assertEqual(wizard.year, 2027)
            empty = self._fresh_calendar("empty")
            wizard = Wizard.with_context(default_calendar_id=empty.id).create({})
            self.assertEqual(wizard.year, 2026)

    def test_importing_a_year_closes_the_administrators_todo_for_it(self):
        ticket = self._complaint("2026-12-30 10:00")  # 2 working days reach 2027
        self.assertTrue(self._clock(ticket, "resolution").deadline_provisional)
        todos = self.calendar.activity_ids.filtered(lambda a: "2027" in a.summary)
        self.assertTrue(todos)
        self._import(
            self.calendar,
            year=2027,
            source="csv",
            csv_file=self._csv("2027-01-01,holiday,New Year\n"),
        )
        self.assertFalse(self.calendar.activity_ids.filtered(lambda a: "2027" in a.summary))
        self.assertTrue(self._clock(ticket, "resolution").deadline_provisional, "until the job")
        self._run_recompute()
        self.assertFalse(self._clock(ticket, "resolution").deadline_provisional)

    def test_manager_enters_a_public_holiday_on_the_calendar_form_without_developer_mode(self):
        calendar = self.calendar.with_user(self.manager)
        arch = calendar.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="global_leave_ids"', arch)
        self.assertIn('string="Import holidays of a year"', arch)
        before = self._complaint("2027-03-01 10:00")  # minor: 2 working days
        self.assertEqual(self._clock(before, "resolution").deadline, shanghai("2027-03-03 18:00"))
        with Form(calendar) as form, form.global_leave_ids.new() as line:
            line.name = "Local holiday"
            line.date_from = shanghai("2027-03-02 00:00")
            line.date_to = shanghai("2027-03-02 23:59")
        self.assertIn("Local holiday", self.calendar.global_leave_ids.mapped("name"))
        after = self._complaint("2027-03-01 10:00")
        self.assertEqual(self._clock(after, "resolution").deadline, shanghai("2027-03-04 18:00"))
        # the manager imports the notice too
        self._import(
            calendar,
            year=2027,
            source="csv",
            csv_file=self._csv("2027-10-01,holiday,National Day\n"),
        )
        self.assertIn("National Day", self.calendar.global_leave_ids.mapped("name"))
