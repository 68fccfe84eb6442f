"""Replies (答复) to the complainant: every one is logged with method and date."""

from odoo import fields, models

from .helpdesk_ticket import REPLY_METHODS


class ComplaintReply(models.Model):
    _name = "complaint.reply"
    _description = "Complaint Reply"
    _order = "date desc, id desc"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, index=True, ondelete="cascade", string="Complaint"
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    method = fields.Selection(REPLY_METHODS, required=True)
    user_id = fields.Many2one("res.users", string="By", default=lambda self: self.env.user)
    body = fields.Html(required=True, sanitize=True)
