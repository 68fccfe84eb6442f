"""Satisfaction analysis: one row per answered callback; the rate columns are 100/0 per row and
NULL when excluded, so an average gives the right rate at any grouping."""

from odoo import fields, models, tools
from odoo.tools import SQL


class ComplaintSatisfactionReport(models.Model):
    _name = "complaint.satisfaction.report"
    _description = "Complaint Satisfaction Analysis"
    _auto = False
    _order = "date desc"

    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", string="Unit", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", readonly=True)
    channel_id = fields.Many2one("helpdesk.ticket.channel", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(string="Answered on", readonly=True)
    result = fields.Selection(
        [
            ("satisfied", "Satisfied"),
            ("basic", "Basically satisfied"),
            ("dissatisfied", "Dissatisfied"),
        ],
        readonly=True,
    )
    excluded = fields.Boolean(readonly=True)
    answered = fields.Integer(readonly=True, aggregator="sum")
    counted = fields.Integer(string="Counted answers", readonly=True, aggregator="sum")
    satisfied_count = fields.Integer(string="Satisfied answers", readonly=True, aggregator="sum")
    satisfaction_rate = fields.Float(
        string="Satisfaction rate (%)", readonly=True, aggregator="avg"
    )

    def init(self):
        # after every model's columns exist: the view reads columns this addon adds to
        # helpdesk.ticket, whose table may be updated after this model's
        self.pool.post_init(self._create_view)

    def _create_view(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT cb.id AS id,
                           t.id AS ticket_id,
                           t.team_id AS team_id,
                           t.category_id AS category_id,
                           t.channel_id AS channel_id,
                           t.company_id AS company_id,
                           (cb.answered_at AT TIME ZONE 'UTC' AT TIME ZONE %s)::date AS date,
                           cb.result AS result,
                           COALESCE(t.complaint_satisfaction_excluded, FALSE) AS excluded,
                           1 AS answered,
                           CASE WHEN t.complaint_satisfaction_excluded THEN 0 ELSE 1 END AS counted,
                           CASE WHEN NOT COALESCE(t.complaint_satisfaction_excluded, FALSE)
                                 AND cb.result IN ('satisfied', 'basic') THEN 1 ELSE 0 END
                               AS satisfied_count,
                           CASE WHEN t.complaint_satisfaction_excluded THEN NULL
                                WHEN cb.result IN ('satisfied', 'basic') THEN 100.0
                                ELSE 0.0 END AS satisfaction_rate
                      FROM complaint_callback cb
                      JOIN helpdesk_ticket t ON t.id = cb.ticket_id
                     WHERE cb.state = 'done' AND cb.result IS NOT NULL
                )
                """,
                SQL.identifier(self._table),
                # the company's day: a callback answered at 07:38 in Beijing on 1 December
                # belongs to December, whatever UTC says
                self.env["res.company"]._get_complaint_tz_sql(SQL("t.company_id")),
            )
        )
