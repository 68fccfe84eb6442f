"""Mails to a complaint address that were neither registered nor appended (no usable sender, no
text, a refused attachment, not from the complainant of the complaint they quote, an error).

Nothing is lost: the mail, its sender and its files are posted on this record, which only
complaint officers read; they register it as a complaint, append it to the complaint it quotes,
or dismiss it.
"""

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

REASONS = [
    ("sender", "No usable sender"),
    ("empty", "No text"),
    ("attachment", "Attachment refused"),
    ("other_sender", "Not from the complainant"),
    ("error", "Registration failed"),
]


class ComplaintMailRejected(models.Model):
    _name = "complaint.mail.rejected"
    _description = "Complaint e-mail not registered"
    _inherit = ["mail.thread"]
    _order = "received_date desc, id desc"

    name = fields.Char(string="Subject", readonly=True)
    email_from = fields.Char(string="Sender", readonly=True)
    received_date = fields.Datetime(
        string="Received", default=fields.Datetime.now, readonly=True, index=True
    )
    reason = fields.Selection(REASONS, required=True, readonly=True)
    error = fields.Text(string="Details", readonly=True)
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        readonly=True,
        index="btree_not_null",
        help="The complaint the mail quotes, or the one an officer registered from it.",
    )
    category_id = fields.Many2one(
        "helpdesk.ticket.category", readonly=True, help="Category of the address it was sent to."
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team", string="Unit", readonly=True, help="Unit of the address."
    )
    state = fields.Selection(
        string="Status",
        selection=[
            ("new", "To review"),
            ("registered", "Registered"),
            ("appended", "Appended"),
            ("dismissed", "Dismissed"),
        ],
        default="new",
        required=True,
        index=True,
        tracking=True,
    )

    def message_post(self, **kwargs):
        # the sender, when they are a colleague, must not follow what officers write here
        return super(
            ComplaintMailRejected, self.with_context(mail_post_autofollow_author_skip=True)
        ).message_post(**kwargs)

    def message_update(self, msg_dict, update_vals=None):
        # a follow-up mail (the sender answering their own mail) is to be reviewed again
        self.filtered(lambda r: r.state != "new").write({"state": "new"})
        return super().message_update(msg_dict, update_vals=update_vals)

    def _get_received_message(self):
        """The mail as received (the latest one, when the sender wrote again)."""
        self.ensure_one()
        messages = self.message_ids.filtered(lambda m: m.message_type == "email")
        if not messages:
            raise UserError(self.env._("This record holds no e-mail."))
        return messages.sorted("id")[-1]

    def _check_to_review(self):
        if self.filtered(lambda r: r.state != "new"):
            raise UserError(self.env._("This e-mail was already dealt with."))

    def _get_attachment_values(self, message):
        return [(attachment.name, attachment.raw) for attachment in message.attachment_ids]

    def action_register(self):
        """Register the mail as a new complaint, by the officer (first-contact owner), its files
        included whatever the web form's rules; the text is masked like the gateway's."""
        self.ensure_one()
        self._check_to_review()
        message = self._get_received_message()
        Ticket = self.env["helpdesk.ticket"]
        name, sender = Ticket._complaint_mail_sender({"email_from": self.email_from})
        partner = Ticket._complaint_mail_partner({}, sender)
        defaults = {"category_id": self.category_id.id, "team_id": self.team_id.id}
        vals = Ticket._prepare_complaint_mail_values(
            self.name, message.body, name, sender, partner, {k: v for k, v in defaults.items() if v}
        )
        ticket = Ticket.create(vals)
        attachments = self._get_attachment_values(message)
        if attachments:
            ticket._complaint_post_from_complainant("", attachments)
        self.write({"state": "registered", "ticket_id": ticket.id})
        return ticket._get_form_action()

    def action_append(self):
        """Add the mail to the complaint it quotes, as a message from the complainant."""
        self.ensure_one()
        self._check_to_review()
        if not self.ticket_id:
            raise UserError(self.env._("This e-mail quotes no complaint: register it instead."))
        message = self._get_received_message()
        ticket = self.ticket_id
        # sudo: the masking terms are the complainant's identity, never shown
        complainant = ticket.sudo().complainant_id
        name, sender = ticket._complaint_mail_sender({"email_from": self.email_from})
        terms = ticket._complaint_mail_identity_terms(name, sender, complainant)
        body = ticket._complaint_mail_strip_quotes(message.body)
        text = html2plaintext(ticket._complaint_mail_redact_html(body, terms) or "").strip()
        ticket._complaint_post_from_complainant(text, self._get_attachment_values(message))
        self.write({"state": "appended"})
        return ticket._get_form_action()

    def action_dismiss(self):
        self._check_to_review()
        self.write({"state": "dismissed"})

    def action_review_again(self):
        self.filtered(lambda r: r.state == "dismissed").write({"state": "new"})
