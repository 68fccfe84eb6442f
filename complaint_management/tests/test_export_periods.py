import base64
import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestExportPeriods(ComplaintCase):
    """Periods of the workbook and of the hot issues are days of the user's time zone (else
    their company's), not UTC days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer.tz = "Asia/Shanghai"
        cls.cat = cls.env.ref("complaint_management.cat_service_delay")
        # the exports are filtered on this unit: demo complaints stay out of the counts
        cls.unit = cls.env["helpdesk.ticket.team"].create({"name": "Unit periods"})
        Ticket = cls.env["helpdesk.ticket"]
        cls.received = {
            # name: received (UTC)                      in Beijing
            "late november": "2026-11-30 15:00:00",  # 30 Nov 23:00
            "early december": "2026-11-30 23:38:00",  # 1 Dec 07:38
            "new year": "2026-12-31 17:00:00",  # 1 Jan 2027 01:00
            "end of january": "2027-01-31 15:30:00",  # 31 Jan 2027 23:30
            "first of february": "2027-01-31 16:10:00",  # 1 Feb 2027 00:10
            "end of february": "2027-02-28 15:59:00",  # 28 Feb 2027 23:59
            "march": "2027-02-28 16:01:00",  # 1 Mar 2027 00:01
        }
        cls.tickets = {}
        for name, when in cls.received.items():
            with freeze_time(when):
                cls.tickets[name] = Ticket.create(
                    {
                        "name": name,
                        "description": "<p>x</p>",
                        "is_complaint": True,
                        "category_id": cls.cat.id,
                        "team_id": cls.unit.id,
                        "partner_name": f"Person {name}",
                        "complaint_event_location": f"Place {when[:7]}",
                        "complaint_received_date": when,
                    }
                )
        cls.env.flush_all()

    def _export(self, user, date_from, date_to):
        wizard = (
            self.env["complaint.export.wizard"]
            .with_user(user)
            .with_context(lang="en_US")
            .create(
                {
                    "date_from": date_from,
                    "date_to": date_to,
                    "team_ids": [(6, 0, self.unit.ids)],
                }
            )
        )
        wizard.action_export()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))
        numbers = {row[0] for row in book["Ledger"].iter_rows(min_row=2, values_only=True)}
        names = {name for name, ticket in self.tickets.items() if ticket.number in numbers}
        months = {row[0]: row[1] for row in book["By month"].iter_rows(min_row=2, values_only=True)}
        return names, months, book

    def test_a_january_to_november_export_ends_at_midnight_in_beijing(self):
        names, months, book = self._export(self.officer, date(2026, 1, 1), date(2026, 11, 30))
        self.assertEqual(names, {"late november"})
        self.assertEqual(months, {"2026-11": 1}, "no December row")
        headers = [cell.value for cell in book["Ledger"][1]]
        received = [
            row[headers.index("Received")]
            for row in book["Ledger"].iter_rows(min_row=2, values_only=True)
        ]
        self.assertEqual(received, [datetime(2026, 11, 30, 23, 0)], "shown in Beijing time")

    def test_months_of_2027_are_beijing_months(self):
        names, months, _book = self._export(self.officer, date(2027, 1, 1), date(2027, 1, 31))
        self.assertEqual(names, {"new year", "end of january"})
        self.assertEqual(months, {"2027-01": 2})
        names, months, _book = self._export(self.officer, date(2026, 12, 1), date(2027, 2, 28))
        self.assertEqual(
            names,
            {
                "early december",
                "new year",
                "end of january",
                "first of february",
                "end of february",
            },
        )
        self.assertEqual(months, {"2026-12": 1, "2027-01": 2, "2027-02": 2})

    def test_a_user_without_time_zone_gets_the_company_calendars(self):
        user = self.manager
        user.tz = False
        calendar = self.env.company.resource_calendar_id
        self.assertTrue(calendar, "complaint_sla installs resource: companies have a calendar")
        calendar.tz = "Asia/Shanghai"
        names, months, _book = self._export(user, date(2027, 2, 1), date(2027, 2, 28))
        self.assertEqual(names, {"first of february", "end of february"})
        self.assertEqual(months, {"2027-02": 2})
        calendar.tz = "UTC"
        names, _months, _book = self._export(user, date(2027, 2, 1), date(2027, 2, 28))
        self.assertEqual(names, {"end of february", "march"}, "UTC days: the calendar's")

    def test_a_company_without_calendar_or_address_time_zone_uses_beijing_time(self):
        company = self.env["res.company"].create({"name": "Hotline 2027"})
        company.write({"resource_calendar_id": False})
        company.partner_id.tz = False
        self.assertEqual(company._get_complaint_tz(), "Asia/Shanghai")
        company.partner_id.tz = "Asia/Urumqi"
        self.assertEqual(company._get_complaint_tz(), "Asia/Urumqi")

    def test_hot_issues_count_beijing_days(self):
        wizard = (
            self.env["complaint.export.wizard"]
            .with_user(self.officer)
            .create(
                {
                    "date_from": date(2027, 2, 1),
                    "date_to": date(2027, 2, 28),
                    "team_ids": [(6, 0, self.unit.ids)],
                }
            )
        )
        action = wizard.action_show_hot_issues()
        lines = self.env["complaint.hot.issue"].with_user(self.officer).search(action["domain"])
        category = lines.filtered(lambda line: line.kind == "category")
        # February: 1 Feb 00:10 and 28 Feb 23:59; the 28 days before: 31 Jan 23:30 only
        self.assertEqual((category.count, category.previous_count), (2, 1))
        places = {line.name: line.count for line in lines if line.kind == "place"}
        self.assertEqual(places, {"Place 2027-01": 1, "Place 2027-02": 1})

    def test_the_default_period_starts_on_the_companys_day_for_a_user_without_time_zone(self):
        self.manager.tz = False
        self.env.company.resource_calendar_id.tz = "Asia/Shanghai"
        Wizard = self.env["complaint.export.wizard"].with_user(self.manager)
        # 1 December 01:00 in Beijing, still 30 November in UTC
        with freeze_time("2026-11-30 17:00:00"):
            ledger = Wizard.create({})
            hot = Wizard.with_context(complaint_hot_issues=True).create({})
        self.assertEqual((ledger.date_from, ledger.date_to), (date(2026, 12, 1), date(2026, 12, 1)))
        self.assertEqual((hot.date_from, hot.date_to), (date(2026, 11, 2), date(2026, 12, 1)))
