"""Reply (答复) to the complainant: cause, facts, measures; logged with method and date."""

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.helpdesk_ticket import PROCEDURE, REPLY_METHODS


class ComplaintReplyWizard(models.TransientModel):
    _name = "complaint.reply.wizard"
    _description = "Reply to Complainant"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True)
    method = fields.Selection(REPLY_METHODS, required=True, default="email")
    body = fields.Html(required=True)

    def action_reply(self):
        self.ensure_one()
        ticket = self.ticket_id
        ticket._check_is_complaint()
        if ticket.closed:
            raise UserError(self.env._("Reopen the complaint before replying again."))
        now = fields.Datetime.now()
        self.env["complaint.reply"].with_context(complaint_procedure=PROCEDURE).create(
            {"ticket_id": ticket.id, "method": self.method, "body": self.body, "date": now}
        )
        # the reply is on the complaint (tracking page, trail); the e-mail to the complainant
        # goes out unlinked so that the handler never learns the address
        # the reply is a contact too, but its own hook (_on_complaint_replied) tells it
        ticket.with_context(complaint_replying=True).message_post(
            body=self.body, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        if self.method == "email":
            ticket._complaint_send_complainant_email(
                self.env._("Reply to your complaint %(number)s", number=ticket.number),
                self.body,
            )
        ticket._set_complaint_phase(
            "replied", {"complaint_reply_method": self.method, "complaint_reply_date": now}
        )
        ticket._on_complaint_replied()
        return {"type": "ir.actions.act_window_close"}
