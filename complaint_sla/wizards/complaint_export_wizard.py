"""Deadline columns and measures in the XLSX export."""

from odoo import models


class ComplaintExportWizard(models.TransientModel):
    _inherit = "complaint.export.wizard"

    def _get_ledger_columns(self):
        return super()._get_ledger_columns() + [
            ("sla_deadline", 18),
            ("sla_state", 12),
            ("extension_count", 10),
            ("is_flagged", 8),
        ]

    def _measure_labels(self):
        labels = super()._measure_labels()
        labels.update(
            {
                "closed_on_time": self.env._("Closed on time"),
                "overdue": self.env._("Overdue"),
                "supervised": self.env._("Escalated / supervised"),
                "extended": self.env._("Extended"),
            }
        )
        return labels

    def _rates(self):
        return super()._rates() + [(self.env._("On-time rate"), "closed_on_time", "closed")]
