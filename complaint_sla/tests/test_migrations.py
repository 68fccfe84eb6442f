"""complaint_sla's migration scripts, run as functions on a database put back in the state they
migrate from."""

from odoo.tests import tagged
from odoo.tools import SQL, sql

from odoo.addons.complaint_management import field_rename
from odoo.addons.complaint_management.tests.common import load_migration

from .common import SlaCase


@tagged("post_install", "-at_install")
class TestSlaMigrations(SlaCase):
    def test_19_0_2_0_0_the_prefixed_fields_keep_their_values(self):
        migration = load_migration("complaint_sla", "19.0.2.0.0")
        stage = self.env.ref("complaint_management.stage_complaint_waiting_complainant")
        stops = stage.complaint_stops_clock
        self.team.complaint_calendar_id = self.calendar
        tickets = self._make_complaints(3)
        tickets[:2].sudo().write({"complaint_sla_state": "warning"})
        saved = self.env["ir.filters"].create(
            {
                "name": "Close to the deadline",
                "model_id": "helpdesk.ticket",
                "domain": "[('complaint_sla_state', '=', 'warning')]",
            }
        )
        self.env.flush_all()
        # the database as 19.0.1.x left it: old columns, field records, ids and filters
        reverse = {
            model: {new: old for old, new in names.items()}
            for model, names in migration.RENAMES.items()
        }
        field_rename.rename_fields(self.env.cr, "complaint_sla", reverse)
        self.assertTrue(sql.column_exists(self.env.cr, "helpdesk_ticket", "sla_state"))
        self.env.cr.execute(SQL("SELECT domain FROM ir_filters WHERE id = %s", saved.id))
        self.assertIn("'sla_state'", self.env.cr.fetchone()[0])
        for _run in range(2):  # an interrupted update runs it again
            migration.migrate(self.env.cr, "19.0.1.0.0")
        self.env.invalidate_all()
        self.assertFalse(sql.column_exists(self.env.cr, "helpdesk_ticket", "sla_state"))
        self.assertEqual(
            tickets.mapped("complaint_sla_state"),
            ["warning", "warning", tickets[2].complaint_sla_state],
        )
        self.assertEqual(self.team.complaint_calendar_id, self.calendar)
        self.assertEqual(stage.complaint_stops_clock, stops)
        self.assertEqual(saved.domain, "[('complaint_sla_state', '=', 'warning')]")
        self.assertEqual(
            self.env.ref("complaint_sla.field_helpdesk_ticket__complaint_sla_state").name,
            "complaint_sla_state",
        )

    def _make_complaints(self, count):
        return self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Migrated {i}",
                    "description": "<p>x</p>",
                    "is_complaint": True,
                    "team_id": self.team.id,
                    "category_id": self.category.id,
                    "complaint_received_date": f"2027-01-0{i + 4} 10:00:00",
                }
                for i in range(count)
            ]
        )
