import base64
import io
from datetime import date, datetime, timedelta

import openpyxl
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestReport(ComplaintCase):
    """A known dataset: every count and rate equals the value computed by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Team = cls.env["helpdesk.ticket.team"]
        cls.unit_a = Team.create({"name": "Unit A", "user_ids": [(6, 0, cls.handler.ids)]})
        cls.unit_b = Team.create({"name": "Unit B"})
        cls.cat = cls.env.ref("complaint_management.cat_service_delay")
        cls.hotline = cls.env.ref("complaint_management.channel_hotline")
        closed = cls.env.ref("complaint_management.stage_complaint_closed")
        refused = cls.env.ref("complaint_management.stage_complaint_refused")
        Ticket = cls.env["helpdesk.ticket"]
        rows = [
            # unit, stage, repeat, month
            (cls.unit_a, closed, False, "2026-03-05 10:00:00"),
            (cls.unit_a, closed, False, "2026-03-12 10:00:00"),
            (cls.unit_a, refused, False, "2026-03-20 10:00:00"),
            (cls.unit_a, None, True, "2026-04-02 10:00:00"),
            (cls.unit_b, closed, False, "2026-04-03 10:00:00"),
            (cls.unit_b, None, False, "2026-04-04 10:00:00"),
        ]
        cls.tickets = Ticket
        for i, (unit, stage, repeat, when) in enumerate(rows):
            with freeze_time(when):
                ticket = Ticket.create(
                    {
                        "name": f"Complaint {i}",
                        "description": "<p>x</p>",
                        "is_complaint": True,
                        "team_id": unit.id,
                        "category_id": cls.cat.id,
                        "channel_id": cls.hotline.id,
                        "partner_name": f"Person {i}",
                        "partner_phone": f"+86 138 0000 000{i}",
                        "complaint_event_location": "Gate 3" if i < 4 else "Gate 9",
                        "complaint_received_date": when,
                    }
                )
            vals = {"complaint_is_repeat": repeat}
            if stage:
                vals["stage_id"] = stage.id
            ticket.write(vals)
            cls.tickets |= ticket
        cls.env.flush_all()

    def test_analysis_counts_and_rates_by_unit(self):
        rows = self.env["complaint.report"].formatted_read_group(
            [("ticket_id", "in", self.tickets.ids)],
            ["team_id"],
            ["received:sum", "closed:sum", "refused:sum", "repeat:sum", "close_rate:avg"],
        )
        by_unit = {row["team_id"][0]: row for row in rows}
        a, b = by_unit[self.unit_a.id], by_unit[self.unit_b.id]
        self.assertEqual(
            (a["received:sum"], a["closed:sum"], a["refused:sum"], a["repeat:sum"]), (4, 2, 1, 1)
        )
        # refused complaints are left out of the closure rate: 2 closed of 3
        self.assertAlmostEqual(a["close_rate:avg"], 200 / 3)
        self.assertEqual((b["received:sum"], b["closed:sum"]), (2, 1))
        self.assertAlmostEqual(b["close_rate:avg"], 50.0)

    def test_analysis_groups_by_month(self):
        rows = self.env["complaint.report"].formatted_read_group(
            [("ticket_id", "in", self.tickets.ids)],
            ["received_date:month"],
            ["received:sum"],
        )
        self.assertEqual([row["received:sum"] for row in rows], [3, 3])

    def _export(
        self, user, date_from=date(2026, 3, 1), date_to=date(2026, 4, 30), lang=None, **vals
    ):
        wizard = (
            self.env["complaint.export.wizard"]
            .with_user(user)
            .with_context(lang=lang or "en_US")
            .create({"date_from": date_from, "date_to": date_to, **vals})
        )
        action = wizard.action_export()
        self.assertIn("/web/content/", action["url"])
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))

    def test_officer_export_has_ledger_summaries_and_hot_issues(self):
        book = self._export(self.officer, category_ids=[(6, 0, self.cat.ids)])
        self.assertEqual(book.sheetnames[0], "Ledger")
        self.assertIn("By unit", book.sheetnames)
        self.assertIn("By month", book.sheetnames)
        self.assertIn("Hot issues", book.sheetnames)
        ledger = book["Ledger"]
        headers = [cell.value for cell in ledger[1]]
        self.assertIn("Ticket number", headers)
        self.assertIn("Complainant phone", headers)
        phone_col = headers.index("Complainant phone")
        phones = {row[phone_col] for row in ledger.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(phones, set(self.tickets.mapped("complainant_phone")))
        numbers = {row[0] for row in ledger.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(numbers, set(self.tickets.mapped("number")))
        self.assertEqual(ledger.freeze_panes, "A2")
        self.assertTrue(ledger.auto_filter.ref)
        received_col = headers.index("Received")
        self.assertIsInstance(ledger.cell(row=2, column=received_col + 1).value, datetime)
        units = {row[0]: row for row in book["By unit"].iter_rows(min_row=2, values_only=True)}
        unit_headers = [cell.value for cell in book["By unit"][1]]
        row_a = units[self.unit_a.display_name]
        self.assertEqual(row_a[unit_headers.index("Complaints received")], 4)
        self.assertEqual(row_a[unit_headers.index("Closed")], 2)
        self.assertAlmostEqual(row_a[unit_headers.index("Closure rate")], 0.5)
        self.assertEqual(
            book["By unit"]
            .cell(row=2, column=unit_headers.index("Closure rate") + 1)
            .number_format,
            "0.0%",
        )
        hot = [row for row in book["Hot issues"].iter_rows(values_only=True) if row[0] == "Gate 3"]
        self.assertEqual(hot[0][1], 4)

    def test_a_chinese_user_gets_chinese_sheets_and_headers(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["complaint_management"], ["zh_CN"])
        book = self._export(self.officer, lang="zh_CN")
        self.assertEqual(book.sheetnames[0], "台账")
        self.assertIn("按单位", book.sheetnames)
        self.assertIn("受理时间", [cell.value for cell in book["台账"][1]])
        self.assertIn("受理量", [cell.value for cell in book["按单位"][1]])

    def test_a_large_export_is_queued_and_sent_to_the_users_inbox(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "complaint_management.export_queue_threshold", "3"
        )
        wizard = (
            self.env["complaint.export.wizard"]
            .with_user(self.handler)
            .create({"date_from": date(2026, 3, 1), "date_to": date(2026, 4, 30)})
        )
        action = wizard.action_export()
        self.assertEqual(action["tag"], "display_notification", "4 complaints > 3: queued")
        self.assertEqual(wizard.state, "queued")
        self.assertFalse(wizard.file_data)
        job = self.env["complaint.export.job"].with_user(self.handler).search([])
        self.assertEqual(len(job), 1)
        self.assertEqual((job.state, job.user_id), ("queued", self.handler))
        self.assertFalse(self.env["complaint.export.job"].with_user(self.officer).search([]))
        cron = self.env.ref("complaint_management.ir_cron_complaint_exports")
        for _run in range(2):  # a second run builds nothing twice
            with self.enter_registry_test_mode(), self.registry.cursor() as cr:
                cron.with_env(self.env(cr=cr)).method_direct_trigger()
        job.invalidate_recordset()
        self.assertEqual(job.state, "done")
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "complaint.export.job"), ("name", "like", "complaints_")]
        )
        self.assertEqual(attachment, job.attachment_id)
        attachment.with_user(self.handler).check_access("read")
        book = openpyxl.load_workbook(io.BytesIO(attachment.raw))
        numbers = {row[0] for row in book["Ledger"].iter_rows(min_row=2, values_only=True)}
        unit_a = self.tickets.filtered(lambda t: t.team_id == self.unit_a)
        self.assertEqual(numbers, set(unit_a.mapped("number")), "the handler's record rules")
        message = self.env["mail.message"].search(
            [("partner_ids", "in", self.handler.partner_id.ids)], order="id desc", limit=1
        )
        self.assertIn(f"/web/content/{attachment.id}", message.body)
        with self.assertRaises(AccessError):
            attachment.with_user(self.officer).check_access("read")

    def _hot_issues(self, user):
        wizard = (
            self.env["complaint.export.wizard"]
            .with_user(user)
            .create({"date_from": date(2026, 4, 1), "date_to": date(2026, 4, 30)})
        )
        action = wizard.action_show_hot_issues()
        Line = self.env[action["res_model"]].with_user(user)
        self.assertTrue(Line.get_views(action["views"])["views"]["list"]["arch"])
        lines = Line.search(action["domain"])
        return {
            (line.kind, line.name): (line.count, line.previous_count, line.change, line.is_new)
            for line in lines
        }

    def test_hot_issues_on_screen_against_the_previous_period(self):
        # April against the 30 days before it (2 to 31 March)
        hot = self._hot_issues(self.officer)
        self.assertEqual(hot[("place", "Gate 9")], (2, 0, 0.0, True))
        count, before, change, is_new = hot[("place", "Gate 3")]
        self.assertEqual((count, before, is_new), (1, 3, False))
        self.assertAlmostEqual(change, -2 / 3)
        self.assertEqual(hot[("category", self.cat.display_name)][:2], (3, 3))
        # a handler of unit A counts only what they may see
        mine = self._hot_issues(self.handler)
        self.assertEqual(set(mine), {("place", "Gate 3"), ("category", self.cat.display_name)})
        self.assertEqual(mine[("place", "Gate 3")][:2], (1, 3))

    def test_hot_issues_look_back_thirty_days_by_default(self):
        Wizard = self.env["complaint.export.wizard"].with_context(complaint_hot_issues=True)
        with freeze_time("2026-04-01 08:00"):
            wizard = Wizard.create({})
            self.assertEqual(
                (wizard.date_from, wizard.date_to), (date(2026, 3, 3), date(2026, 4, 1))
            )
            ledger = self.env["complaint.export.wizard"].create({})
            self.assertEqual(ledger.date_from, date(2026, 4, 1), "the ledger: this month")

    def test_nobody_else_reads_an_export_or_its_hot_issues(self):
        self._export(self.officer)
        self._hot_issues(self.officer)
        colleague = new_test_user(
            self.env, login="cm_officer2", groups="complaint_management.group_complaint_officer"
        )
        for model in ("complaint.export.wizard", "complaint.hot.issue"):
            with self.subTest(model=model):
                self.assertTrue(self.env[model].with_user(self.officer).search([]))
                self.assertFalse(self.env[model].with_user(colleague).search([]))
        theirs = self.env["complaint.export.wizard"].search([("create_uid", "=", self.officer.id)])
        with self.assertRaises(AccessError):
            theirs.with_user(colleague).read(["file_data"])

    def test_queued_exports_wait_and_finished_ones_are_vacuumed_after_a_month(self):
        Job = self.env["complaint.export.job"].with_user(self.handler)
        period = {"date_from": date(2026, 3, 1), "date_to": date(2026, 4, 30)}
        queued, done, recent = Job.create([period, period, period])
        attachment = self.env["ir.attachment"].create(
            {"name": "old.xlsx", "raw": b"x", "res_model": done._name, "res_id": done.id}
        )
        now = fields.Datetime.now()
        (done | recent).sudo().write({"state": "done", "date_done": now})
        done.sudo().write({"attachment_id": attachment.id, "date_done": now - timedelta(days=31)})
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE complaint_export_job SET create_date = now() - interval '90 days' "
                "WHERE id = %s",
                queued.id,
            )
        )
        self.env["complaint.export.job"]._gc_finished_jobs()
        self.assertTrue(queued.exists(), "still waiting for the cron")
        self.assertTrue(recent.exists())
        self.assertFalse(done.exists())
        self.assertFalse(attachment.exists(), "its file goes with it")

    def test_a_user_cannot_queue_an_export_for_someone_else(self):
        with self.assertRaises(AccessError):
            self.env["complaint.export.job"].with_user(self.handler).create(
                {
                    "date_from": date(2026, 3, 1),
                    "date_to": date(2026, 4, 30),
                    "user_id": self.officer.id,
                }
            )

    def test_handler_export_holds_only_their_unit_and_no_contact_data(self):
        book = self._export(self.handler)
        ledger = book["Ledger"]
        headers = [cell.value for cell in ledger[1]]
        self.assertFalse([h for h in headers if "Complainant" in (h or "")], headers)
        first_contact = headers.index("First-contact owner")
        owners = {row[first_contact] for row in ledger.iter_rows(min_row=2, values_only=True)}
        self.assertFalse(owners & set(self.tickets.mapped("complainant_name")))
        numbers = {row[0] for row in ledger.iter_rows(min_row=2, values_only=True)}
        unit_a = self.tickets.filtered(lambda t: t.team_id == self.unit_a)
        self.assertEqual(numbers, set(unit_a.mapped("number")))

    def test_empty_period_gives_headers_and_a_no_complaints_line(self):
        book = self._export(self.officer, date_from=date(2020, 1, 1), date_to=date(2020, 1, 31))
        ledger = book["Ledger"]
        self.assertEqual(ledger.cell(row=2, column=1).value, "No complaints in this period.")
        self.assertEqual(
            book["By unit"].cell(row=2, column=1).value, "No complaints in this period."
        )
