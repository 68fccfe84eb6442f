"""Callback and satisfaction columns and measures in the XLSX export."""

from odoo import models
from odoo.tools import SQL


class ComplaintExportWizard(models.TransientModel):
    _inherit = "complaint.export.wizard"

    def _get_ledger_columns(self):
        return super()._get_ledger_columns() + [
            ("complaint_satisfaction", 14),
            ("complaint_satisfaction_attitude", 12),
            ("complaint_satisfaction_efficiency", 12),
            ("complaint_satisfaction_result", 12),
            ("complaint_satisfaction_date", 18),
            ("complaint_satisfaction_excluded", 8),
        ]

    def _measure_sql(self):
        measures = super()._measure_sql()
        # answers counted in the satisfaction rate: not a column of the analysis report
        measures["answered"] = SQL(
            "(t.complaint_satisfaction IS NOT NULL "
            "AND NOT COALESCE(t.complaint_satisfaction_excluded, FALSE))::int"
        )
        return measures

    def _measure_labels(self):
        labels = super()._measure_labels()
        labels.update(
            {
                "called_back": self.env._("Called back"),
                "answered": self.env._("Answers counted"),
                "satisfied": self.env._("Satisfied"),
            }
        )
        return labels

    def _rates(self):
        return super()._rates() + [
            (self.env._("Callback rate"), "called_back", "closed"),
            (self.env._("Satisfaction rate"), "satisfied", "answered"),
        ]
