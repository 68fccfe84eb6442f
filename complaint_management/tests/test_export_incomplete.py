import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestExportIncompleteComplaints(ComplaintCase):
    """Complaints without a stage, a unit, a category or a channel are counted, never crash."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit = cls.env["helpdesk.ticket.team"].create({"name": "Unit 2027"})
        cls.cat = cls.env.ref("complaint_management.cat_service_delay")
        cls.hotline = cls.env.ref("complaint_management.channel_hotline")
        closed = cls.env.ref("complaint_management.stage_complaint_closed")
        Ticket = cls.env["helpdesk.ticket"]
        rows = [
            # received (UTC), what is written after registration
            ("2027-01-05 02:00:00", {"stage_id": closed.id}),
            ("2027-01-06 03:00:00", {"stage_id": False}),
            ("2027-01-20 04:00:00", {}),
            # alone in its group: every measure of the group is NULL in SQL
            (
                "2027-02-03 05:00:00",
                {
                    "stage_id": False,
                    "team_id": False,
                    "category_id": False,
                    "channel_id": False,
                    "complaint_severity": False,
                },
            ),
        ]
        cls.tickets = Ticket
        for i, (when, vals) in enumerate(rows):
            with freeze_time(when):
                ticket = Ticket.create(
                    {
                        "name": f"Complaint 2027 {i}",
                        "description": "<p>x</p>",
                        "is_complaint": True,
                        "team_id": cls.unit.id,
                        "category_id": cls.cat.id,
                        "channel_id": cls.hotline.id,
                        "partner_name": f"Person {i}",
                        "complaint_received_date": when,
                    }
                )
            ticket.write(vals)
            cls.tickets |= ticket
        cls.env.flush_all()

    def _sheet_rows(self, book, title):
        sheet = book[title]
        headers = [cell.value for cell in sheet[1]]
        return {
            row[0]: dict(zip(headers, row, strict=False))
            for row in sheet.iter_rows(min_row=2, values_only=True)
        }

    def test_export_counts_complaints_without_stage_unit_category_or_channel(self):
        wizard = (
            self.env["complaint.export.wizard"]
            .with_user(self.officer)
            .with_context(lang="en_US", tz="Asia/Shanghai")
            .create({"date_from": date(2027, 1, 1), "date_to": date(2027, 2, 28)})
        )
        wizard.action_export()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))
        ledger = {row[0] for row in book["Ledger"].iter_rows(min_row=2, values_only=True)}
        self.assertEqual(ledger, set(self.tickets.mapped("number")))
        months = self._sheet_rows(book, "By month")
        self.assertEqual(set(months), {"2027-01", "2027-02"})
        self.assertEqual(months["2027-01"]["Complaints received"], 3)
        self.assertEqual(months["2027-01"]["Closed"], 1)
        self.assertAlmostEqual(months["2027-01"]["Closure rate"], 1 / 3)
        february = months["2027-02"]
        self.assertEqual(february["Complaints received"], 1)
        for measure in ("Closed", "Refused", "Transferred", "Repeat", "Collective"):
            self.assertEqual(february[measure], 0, measure)
        self.assertEqual(february["Closure rate"], 0)
        for title, empty in (
            ("By unit", "(no unit)"),
            ("By category", "(no category)"),
            ("By channel", "(no channel)"),
        ):
            with self.subTest(sheet=title):
                rows = self._sheet_rows(book, title)
                self.assertEqual(rows[empty]["Complaints received"], 1)
                self.assertEqual(rows[empty]["Closed"], 0)
        self.assertEqual(self._sheet_rows(book, "By unit")[self.unit.name]["Closed"], 1)

    def test_analysis_measures_of_a_stageless_complaint_are_zero_not_empty(self):
        stageless = self.tickets.filtered(lambda t: not t.stage_id)
        self.assertEqual(len(stageless), 2)
        Report = self.env["complaint.report"]
        measures = ["received", "refused", "transferred", "closed", "major"]
        for row in Report.search_read([("ticket_id", "in", stageless.ids)], measures):
            # an empty measure would make the group's SQL sum NULL: an empty pivot cell
            self.assertEqual([row[name] for name in measures], [1, 0, 0, 0, 0])
        self.env.cr.execute(
            SQL(
                "SELECT SUM(closed), SUM(refused), SUM(major) FROM complaint_report "
                "WHERE ticket_id IN %s",
                tuple(stageless.ids),
            )
        )
        self.assertEqual(self.env.cr.fetchone(), (0, 0, 0))
