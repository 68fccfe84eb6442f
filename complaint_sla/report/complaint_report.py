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
        breached = SQL(
            "EXISTS (SELECT 1 FROM complaint_clock c WHERE c.ticket_id = t.id "
            "AND c.state = 'breached')"
        )
        has_deadline = SQL("EXISTS (SELECT 1 FROM complaint_clock c WHERE c.ticket_id = t.id)")
        columns.update(
            {
                "closed_on_time": SQL(
                    "COALESCE(t.complaint_phase = 'closed' AND %s AND NOT %s, FALSE)::int",
                    has_deadline,
                    breached,
                ),
                "overdue": SQL("(%s)::int", breached),
                "supervised": SQL(
                    "EXISTS (SELECT 1 FROM complaint_supervision s WHERE s.ticket_id = t.id)::int"
                ),
                "extended": SQL("(COALESCE(t.complaint_extension_count, 0) > 0)::int"),
                "flagged": SQL("COALESCE(t.is_flagged, FALSE)::int"),
                "on_time_rate": SQL(
                    "CASE WHEN t.complaint_phase IS DISTINCT FROM 'closed' OR NOT %s THEN NULL "
                    "WHEN %s THEN 0.0 ELSE 100.0 END",
                    has_deadline,
                    breached,
                ),
            }
        )
        return columns
