"""Callback and satisfaction measures in the complaint analysis."""

from odoo import api, fields, models
from odoo.tools import SQL


class ComplaintReport(models.Model):
    _inherit = "complaint.report"

    called_back = fields.Integer(readonly=True, aggregator="sum")
    satisfied = fields.Integer(readonly=True, aggregator="sum")
    callback_rate = fields.Float(string="Callback rate (%)", readonly=True, aggregator="avg")
    satisfaction_rate = fields.Float(
        string="Satisfaction rate (%)", readonly=True, aggregator="avg"
    )

    @api.model
    def _select_columns(self):
        columns = super()._select_columns()
        called = SQL("(cbk.ticket_id IS NOT NULL)")
        counted = SQL(
            "(t.complaint_satisfaction IS NOT NULL "
            "AND NOT COALESCE(t.complaint_satisfaction_excluded, FALSE))"
        )
        columns.update(
            {
                "called_back": SQL("(%s)::int", called),
                "satisfied": SQL(
                    "(%s AND t.complaint_satisfaction IN ('satisfied', 'basic'))::int", counted
                ),
                "callback_rate": SQL(
                    "CASE WHEN COALESCE(t.complaint_phase, '') NOT IN ('closed', 'replied') "
                    "THEN NULL "
                    "WHEN %s THEN 100.0 ELSE 0.0 END",
                    called,
                ),
                "satisfaction_rate": SQL(
                    "CASE WHEN NOT %s THEN NULL "
                    "WHEN t.complaint_satisfaction IN ('satisfied', 'basic') "
                    "THEN 100.0 ELSE 0.0 END",
                    counted,
                ),
            }
        )
        return columns

    @api.model
    def _from_joins(self, ticket_ids=None):
        # one row per complaint called back (cbk)
        return SQL(
            "%s LEFT JOIN (SELECT DISTINCT cb.ticket_id FROM complaint_callback cb "
            "WHERE cb.state = 'done' %s) cbk ON cbk.ticket_id = t.id",
            super()._from_joins(ticket_ids),
            self._ticket_ids_filter(SQL("cb.ticket_id"), ticket_ids),
        )
