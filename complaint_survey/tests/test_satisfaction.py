import base64
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError

from .common import CallbackCase


class TestSatisfaction(CallbackCase):
    def _answered(self, overall, **vals):
        ticket = self._complaint(complaint_serious_loss=True, **vals)
        self._reply(ticket)
        self._answer(ticket.complaint_callback_ids, overall)
        return ticket

    def test_rate_counts_basic_as_satisfied_and_leaves_out_exclusions(self):
        for overall in ("satisfied", "satisfied", "satisfied", "basic", "dissatisfied"):
            self._answered(overall)
        excluded = self._answered("dissatisfied")
        evidence = self.env["ir.attachment"].create(
            {"name": "typhoon.pdf", "datas": base64.b64encode(b"%PDF-1.4 storm")}
        )
        excluded.write(
            {
                "complaint_satisfaction_excluded": True,
                "complaint_exclusion_reason": "force_majeure",
                "complaint_exclusion_attachment_ids": [(6, 0, evidence.ids)],
            }
        )
        self.env.flush_all()
        Report = self.env["complaint.satisfaction.report"]
        [row] = Report.formatted_read_group(
            [("team_id", "=", self.team.id)],
            ["team_id"],
            ["satisfaction_rate:avg", "answered:sum", "counted:sum", "satisfied_count:sum"],
        )
        self.assertEqual(row["answered:sum"], 6)
        self.assertEqual(row["counted:sum"], 5)
        self.assertEqual(row["satisfied_count:sum"], 4)
        self.assertAlmostEqual(row["satisfaction_rate:avg"], 80.0)
        [unit_row] = self.env["complaint.satisfaction.unit"].search(
            [("team_id", "=", self.team.id)]
        )
        self.assertAlmostEqual(unit_row.satisfaction_rate, 80.0)
        self.assertEqual(unit_row.status, "below")

    def test_answers_are_counted_on_the_companys_day_and_month(self):
        self.env.company.resource_calendar_id.tz = "Asia/Shanghai"
        answers = [
            # answered (UTC), in Beijing
            ("2026-11-30 23:38:00", date(2026, 12, 1)),  # 07:38
            ("2027-01-31 16:10:00", date(2027, 2, 1)),  # 00:10
            ("2027-02-28 15:50:00", date(2027, 2, 28)),  # 23:50
        ]
        tickets = self.env["helpdesk.ticket"]
        for when, _day in answers:
            ticket = self._complaint(complaint_serious_loss=True)
            self._reply(ticket)
            with freeze_time(when):
                self._answer(ticket.complaint_callback_ids, "satisfied")
            tickets |= ticket
        self.env.flush_all()
        rows = self.env["complaint.satisfaction.report"].search_read(
            [("ticket_id", "in", tickets.ids)], ["ticket_id", "date"]
        )
        days = {row["ticket_id"][0]: row["date"] for row in rows}
        self.assertEqual([days[ticket.id] for ticket in tickets], [day for _w, day in answers])
        months = self.env["complaint.satisfaction.unit"].search_read(
            [("team_id", "=", self.team.id)], ["month", "answered"], order="month"
        )
        self.assertEqual(
            [(row["month"], row["answered"]) for row in months],
            [(date(2026, 12, 1), 1), (date(2027, 2, 1), 2)],
        )

    def test_exclusion_needs_reason_and_evidence(self):
        ticket = self._answered("dissatisfied")
        with self.assertRaises(ValidationError):
            ticket.write(
                {
                    "complaint_satisfaction_excluded": True,
                    "complaint_exclusion_reason": "unreasonable",
                }
            )

    def test_answers_are_never_edited_and_only_a_manager_excludes(self):
        ticket = self._answered("dissatisfied")
        for user in (self.handler, self.officer, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                ticket.with_user(user).write({"complaint_satisfaction": "satisfied"})
        self.assertEqual(ticket.complaint_satisfaction, "dissatisfied")
        self.assertEqual(
            ticket.with_user(self.handler).complaint_satisfaction, "dissatisfied", "readable"
        )
        # uploaded by the manager, as the evidence widget does
        evidence = (
            self.env["ir.attachment"]
            .with_user(self.manager)
            .create({"name": "claim.pdf", "datas": base64.b64encode(b"%PDF-1.4 claim")})
        )
        exclusion = {
            "complaint_satisfaction_excluded": True,
            "complaint_exclusion_reason": "unreasonable",
            "complaint_exclusion_attachment_ids": [(6, 0, evidence.ids)],
        }
        with self.assertRaises(AccessError):
            ticket.with_user(self.handler).write(exclusion)
        self.assertFalse(ticket.complaint_satisfaction_excluded)
        ticket.with_user(self.manager).write(exclusion)
        self.assertTrue(ticket.complaint_satisfaction_excluded)
        copy = ticket.copy()
        self.assertFalse(
            copy.complaint_satisfaction or copy.complaint_satisfaction_excluded,
            "not carried to a copy",
        )
