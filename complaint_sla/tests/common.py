"""SLA fixtures: a fixed Asia/Shanghai calendar (Mon–Fri 9–12, 13–18) with the 2026 National
Day holidays (1–7 October) and a make-up Saturday (10 October); all rules use it."""

from datetime import date

from freezegun import freeze_time

from odoo.addons.complaint_management.tests.common import ComplaintCase, utc


class SlaCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls._create_shanghai_calendar()
        cls.env["complaint.calendar.workday"].create(
            {"calendar_id": cls.calendar.id, "date": date(2026, 10, 10), "worked_as": "0"}
        )
        cls.env["complaint.sla.rule"].search([]).write({"calendar_id": cls.calendar.id})
        cls.leader = cls.manager
        cls.parent_leader = cls.supervisor
        cls.parent_team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Region East", "user_id": cls.parent_leader.id}
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Branch Xuhui",
                "parent_id": cls.parent_team.id,
                "user_id": cls.leader.id,
                "user_ids": [(6, 0, [cls.handler.id])],
            }
        )
        cls.category = cls.env.ref("complaint_management.cat_service_delay")

    def _round_the_clock_calendar(self):
        return self.env["resource.calendar"].create(
            {
                "name": "24/7",
                "tz": "Asia/Shanghai",
                "attendance_ids": [(5, 0, 0)]
                + [
                    (0, 0, {"name": str(d), "dayofweek": str(d), "hour_from": 0, "hour_to": 24})
                    for d in range(7)
                ],
            }
        )

    def _complaint(self, when, **vals):
        values = {
            "name": "No water",
            "description": "<p>No water since Monday.</p>",
            "is_complaint": True,
            "team_id": self.team.id,
            "user_id": self.handler.id,
            "category_id": self.category.id,
            "complaint_severity": "minor",
        }
        values.update(vals)
        with freeze_time(utc(when)):
            return self.env["helpdesk.ticket"].create(values)

    def _clock(self, ticket, phase):
        return ticket.complaint_clock_ids.filtered(lambda c: c.phase == phase).sorted("id")[-1:]

    def _run_recompute(self, when="2026-12-01 10:00"):
        """Run the queued deadline recomputes through their ir.cron record, as the scheduler
        does once a holiday is saved."""
        return self._run_cron_record("complaint_sla.ir_cron_recompute_clocks", when)

    def _run_cron(self, when):
        """Run the deadline cron through its ir.cron record, as the scheduler would."""
        self._run_cron_record("complaint_sla.ir_cron_check_clocks", when)
