"""Satisfaction dashboard: rate per unit and month against the target (default 85%, failing
below 80%), for a list coloured by status."""

from odoo import fields, models, tools
from odoo.tools import SQL


class ComplaintSatisfactionUnit(models.Model):
    _name = "complaint.satisfaction.unit"
    _description = "Complaint Satisfaction per Unit"
    _auto = False
    _order = "month desc, team_id"

    team_id = fields.Many2one("helpdesk.ticket.team", string="Unit", readonly=True)
    month = fields.Date(readonly=True)
    answered = fields.Integer(readonly=True)
    counted = fields.Integer(string="Counted answers", readonly=True)
    satisfied_count = fields.Integer(string="Satisfied", readonly=True)
    satisfaction_rate = fields.Float(string="Rate (%)", readonly=True, aggregator="avg")
    status = fields.Selection(
        [("ok", "On target"), ("below", "Below target"), ("failing", "Failing")],
        compute="_compute_status",
    )

    def _compute_status(self):
        Ticket = self.env["helpdesk.ticket"]
        target = Ticket._get_complaint_param("satisfaction_target_pct", 85)
        fail = Ticket._get_complaint_param("satisfaction_fail_pct", 80)
        for row in self:
            if row.satisfaction_rate >= target:
                row.status = "ok"
            elif row.satisfaction_rate >= fail:
                row.status = "below"
            else:
                row.status = "failing"

    def init(self):
        # after every model's columns exist: the view reads columns this addon adds to
        # helpdesk.ticket, whose table may be updated after this model's
        self.pool.post_init(self._create_view)

    def _create_view(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    SELECT row_number() OVER (ORDER BY team_id, month) AS id, *
                      FROM (
                        SELECT t.team_id,
                               date_trunc('month', %(answered)s)::date AS month,
                               COUNT(*) AS answered,
                               COUNT(*) FILTER (
                                   WHERE NOT COALESCE(t.complaint_satisfaction_excluded, FALSE))
                                   AS counted,
                               COUNT(*) FILTER (
                                   WHERE NOT COALESCE(t.complaint_satisfaction_excluded, FALSE)
                                     AND cb.result IN ('satisfied', 'basic')
                               ) AS satisfied_count,
                               COALESCE(
                                   100.0 * COUNT(*) FILTER (
                                       WHERE NOT COALESCE(t.complaint_satisfaction_excluded, FALSE)
                                         AND cb.result IN ('satisfied', 'basic')
                                   ) / NULLIF(COUNT(*) FILTER (
                                       WHERE NOT COALESCE(t.complaint_satisfaction_excluded, FALSE)
                                   ), 0),
                                   0
                               ) AS satisfaction_rate
                          FROM complaint_callback cb
                          JOIN helpdesk_ticket t ON t.id = cb.ticket_id
                         WHERE cb.state = 'done' AND cb.result IS NOT NULL
                         GROUP BY 1, 2
                      ) rows
                )
                """,
                table=SQL.identifier(self._table),
                # months of the company's calendar: a callback answered at 07:38 in Beijing on
                # 1 December belongs to December, whatever UTC says
                answered=SQL(
                    "cb.answered_at AT TIME ZONE 'UTC' AT TIME ZONE %s",
                    self.env["res.company"]._get_complaint_tz_sql(SQL("t.company_id")),
                ),
            )
        )
