"""Replies (答复) to the complainant: every one is logged with method and date."""

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .helpdesk_ticket import REPLY_METHODS, is_procedure


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

    @api.model_create_multi
    def create(self, vals_list):
        # the log of what was sent (the last one is what a platform receives): written by the
        # reply dialog, which sends it; a manager may correct it
        if not is_procedure(self.env) and not self.env.user.has_group(
            "complaint_management.group_complaint_manager"
        ):
            raise AccessError(
                self.env._(
                    "A reply is logged when it is sent with the Reply to complainant button."
                )
            )
        return super().create(vals_list)
