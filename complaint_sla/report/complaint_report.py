"""Deadline measures in the complaint analysis: closed on time, overdue, supervised, extended.

A complaint without any deadline clock (no rule matched it, or it was closed before this addon
was installed) was neither on time nor late: it is left out of the on-time figures instead of
counting as closed on time."""

from odoo import api, fields, models
from odoo.tools import SQL


class ComplaintReport(models.Model):
    _inherit = "complaint.report"

    closed_on_time = fields.Integer(readonly=True, aggregator="sum")
    overdue = fields.Integer(readonly=True, aggregator="sum")
    supervised = fields.Integer(string="Escalated / supervised", readonly=True, aggregator="sum")
    extended = fields.Integer(readonly=True, aggregator="sum")
    flagged = fields.Integer(readonly=True, aggregator="sum")
    on_time_rate = fields.Float(string="On-time rate (%)", readonly=True, aggregator="avg")

    @api.model
    def _select_columns(self):
        columns = super()._select_columns()
        breached = SQL("COALESCE(clk.breached, FALSE)")
        has_deadline = SQL("(clk.ticket_id IS NOT NULL)")
        columns.update(
            {
                "closed_on_time": SQL(
                    "COALESCE(t.complaint_phase = 'closed' AND %s AND NOT %s, FALSE)::int",
                    has_deadline,
                    breached,
                ),
                "overdue": SQL("(%s)::int", breached),
                "supervised": SQL("(sup.ticket_id IS NOT NULL)::int"),
                "extended": SQL("(COALESCE(t.complaint_extension_count, 0) > 0)::int"),
                "flagged": SQL("COALESCE(t.complaint_is_flagged, FALSE)::int"),
                "on_time_rate": SQL(
                    "CASE WHEN t.complaint_phase IS DISTINCT FROM 'closed' OR NOT %s THEN NULL "
                    "WHEN %s THEN 0.0 ELSE 100.0 END",
                    has_deadline,
                    breached,
                ),
            }
        )
        return columns

    @api.model
    def _from_joins(self, ticket_ids=None):
        # one row per complaint with a clock (clk) or a supervision record (sup)
        return SQL(
            "%s LEFT JOIN (SELECT c.ticket_id, bool_or(c.state = 'breached') AS breached "
            "FROM complaint_clock c WHERE TRUE %s GROUP BY c.ticket_id) clk "
            "ON clk.ticket_id = t.id "
            "LEFT JOIN (SELECT DISTINCT s.ticket_id FROM complaint_supervision s "
            "WHERE TRUE %s) sup ON sup.ticket_id = t.id",
            super()._from_joins(ticket_ids),
            self._ticket_ids_filter(SQL("c.ticket_id"), ticket_ids),
            self._ticket_ids_filter(SQL("s.ticket_id"), ticket_ids),
        )
