"""Deadline columns and measures in the XLSX export."""

from odoo import models
from odoo.tools import SQL


class ComplaintExportWizard(models.TransientModel):
    _inherit = "complaint.export.wizard"

    def _get_ledger_columns(self):
        return super()._get_ledger_columns() + [
            ("complaint_sla_deadline", 18),
            ("complaint_sla_state", 12),
            ("complaint_extension_count", 10),
            ("complaint_is_flagged", 8),
        ]

    def _measure_sql(self):
        measures = super()._measure_sql()
        # the on-time rate's denominator, as in the analysis: a complaint closed without any
        # deadline clock was neither on time nor late
        measures["closed_with_deadline"] = SQL(
            "COALESCE(t.complaint_phase = 'closed' AND clk.ticket_id IS NOT NULL, FALSE)::int"
        )
        return measures

    def _measure_labels(self):
        labels = super()._measure_labels()
        labels.update(
            {
                "closed_with_deadline": self.env._("Closed with a deadline"),
                "closed_on_time": self.env._("Closed on time"),
                "overdue": self.env._("Overdue"),
                "supervised": self.env._("Escalated / supervised"),
                "extended": self.env._("Extended"),
            }
        )
        return labels

    def _rates(self):
        return super()._rates() + [
            (self.env._("On-time rate"), "closed_on_time", "closed_with_deadline")
        ]
