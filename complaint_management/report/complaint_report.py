"""Complaint analysis (统计分析): one row per complaint, every measure a 0/1 column and every rate
a 100/0/NULL column, so sums and averages stay right at any grouping in pivot and graph views.

complaint_sla and complaint_survey add their measures by extending ``_select_columns``.
"""

from odoo import api, fields, models, tools
from odoo.tools import SQL


class ComplaintReport(models.Model):
    _name = "complaint.report"
    _description = "Complaint Analysis"
    _auto = False
    _order = "received_date desc"
    _rec_name = "number"

    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", readonly=True)
    number = fields.Char(readonly=True)
    received_date = fields.Datetime(string="Received on", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", string="Unit", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", readonly=True)
    top_category_id = fields.Many2one(
        "helpdesk.ticket.category", string="Top category", readonly=True
    )
    channel_id = fields.Many2one("helpdesk.ticket.channel", readonly=True)
    region_id = fields.Many2one("complaint.region", readonly=True)
    stage_id = fields.Many2one("helpdesk.ticket.stage", readonly=True)
    severity = fields.Selection(
        [("minor", "Minor"), ("important", "Important"), ("major", "Major")], readonly=True
    )
    scope_tier = fields.Selection(
        [("local", "Local"), ("regional", "Regional"), ("national", "National")], readonly=True
    )
    customer_tier = fields.Selection([("ordinary", "Ordinary"), ("vip", "VIP")], readonly=True)
    verdict = fields.Selection(
        [
            ("responsible", "Responsible"),
            ("not_responsible", "Not responsible"),
            ("assisted", "Assisted"),
        ],
        readonly=True,
    )
    company_id = fields.Many2one("res.company", readonly=True)
    received = fields.Integer(string="Complaints received", readonly=True, aggregator="sum")
    accepted = fields.Integer(readonly=True, aggregator="sum")
    refused = fields.Integer(readonly=True, aggregator="sum")
    transferred = fields.Integer(readonly=True, aggregator="sum")
    closed = fields.Integer(readonly=True, aggregator="sum")
    repeat = fields.Integer(readonly=True, aggregator="sum")
    collective = fields.Integer(readonly=True, aggregator="sum")
    major = fields.Integer(readonly=True, aggregator="sum")
    reopened = fields.Integer(readonly=True, aggregator="sum")
    close_rate = fields.Float(string="Closure rate (%)", readonly=True, aggregator="avg")

    @api.model
    def _select_columns(self):
        """{column: SQL expression over helpdesk_ticket t}; extended by other addons."""
        return {
            "ticket_id": SQL("t.id"),
            "number": SQL("t.number"),
            "received_date": SQL("COALESCE(t.complaint_received_date, t.create_date)"),
            "team_id": SQL("t.team_id"),
            "category_id": SQL("t.category_id"),
            "top_category_id": SQL(
                "CASE WHEN cat.parent_path IS NULL THEN NULL "
                "ELSE split_part(cat.parent_path, '/', 1)::int END"
            ),
            "channel_id": SQL("t.channel_id"),
            "region_id": SQL("t.complaint_region_id"),
            "stage_id": SQL("t.stage_id"),
            "severity": SQL("t.complaint_severity"),
            "scope_tier": SQL("t.complaint_scope_tier"),
            "customer_tier": SQL("t.complaint_customer_tier"),
            "verdict": SQL("t.complaint_verdict"),
            "company_id": SQL("t.company_id"),
            "received": SQL("1"),
            "accepted": SQL("(t.complaint_accepted_date IS NOT NULL)::int"),
            # COALESCE: a complaint without a stage (or a severity) counts 0, not NULL, so a
            # group made only of such complaints sums to 0
            "refused": SQL("COALESCE(t.complaint_phase = 'refused', FALSE)::int"),
            "transferred": SQL("COALESCE(t.complaint_phase = 'transferred', FALSE)::int"),
            "closed": SQL("COALESCE(t.complaint_phase = 'closed', FALSE)::int"),
            "repeat": SQL("COALESCE(t.complaint_is_repeat, FALSE)::int"),
            "collective": SQL(
                "(COALESCE(t.complaint_is_collective, FALSE) "
                "OR t.complaint_collective_parent_id IS NOT NULL)::int"
            ),
            "major": SQL("COALESCE(t.complaint_severity = 'major', FALSE)::int"),
            "reopened": SQL("(COALESCE(t.complaint_reopen_count, 0) > 0)::int"),
            "close_rate": SQL(
                "CASE WHEN t.complaint_phase IN ('refused', 'transferred') THEN NULL "
                "WHEN t.complaint_phase = 'closed' THEN 100.0 ELSE 0.0 END"
            ),
        }

    @api.model
    def _from_joins(self, ticket_ids=None):
        """The FROM clause of the columns, over helpdesk_ticket t; extended by other addons.

        Facts of related records are joined as one pre-aggregated row per complaint (not one
        correlated EXISTS per complaint and measure, whose estimated cost made PostgreSQL
        JIT-compile a summary for seconds). ``ticket_ids``, an SQL subselect of the complaints
        a query reads, restricts those aggregates to them (the XLSX summaries of one period).
        """
        return SQL(
            "helpdesk_ticket t LEFT JOIN helpdesk_ticket_category cat ON cat.id = t.category_id"
        )

    @api.model
    def _ticket_ids_filter(self, column, ticket_ids):
        """``AND <column> IN (ticket_ids)`` for the aggregated joins, or nothing for the view."""
        if ticket_ids is None:
            return SQL()
        return SQL("AND %s IN %s", column, ticket_ids)

    def init(self):
        # after every model's columns exist (the view reads columns other addons add)
        self.pool.post_init(self._create_view)

    def _create_view(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        columns = self._select_columns()
        select = SQL(", ").join(
            SQL("%s AS %s", expr, SQL.identifier(name)) for name, expr in columns.items()
        )
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (SELECT t.id AS id, %s FROM %s "
                "WHERE t.is_complaint AND t.active)",
                SQL.identifier(self._table),
                select,
                self._from_joins(),
            )
        )
