"""A planned callback (回访) of a complaint: by survey link or by an agent on the phone."""

from odoo import fields, models


class ComplaintCallback(models.Model):
    _name = "complaint.callback"
    _description = "Complaint Callback"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_due, id"

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_complaint", "=", True)],
    )
    team_id = fields.Many2one(related="ticket_id.team_id", store=True, string="Unit")
    date_due = fields.Date(string="Due", required=True, index=True)
    channel = fields.Selection(
        [("link", "Survey link"), ("agent", "Agent call")], required=True, default="agent"
    )
    user_id = fields.Many2one("res.users", string="Agent")
    attempt_count = fields.Integer(string="Attempts", readonly=True)
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("done", "Done"),
            ("unreachable", "Unreachable"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        index=True,
        tracking=True,
    )
    survey_answer_id = fields.Many2one("survey.user_input", string="Answer", readonly=True)
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
