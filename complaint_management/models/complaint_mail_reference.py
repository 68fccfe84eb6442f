"""The Message-Id of each mail sent to a complainant, and the complaint it was about.

Mails to the complainant are not linked to the complaint (their text and address would be
readable by everyone who reads it), so mail's own reply matching cannot find the complaint of a
reply. This officer-only record can: a reply whose In-Reply-To or References carry one of these
Message-Ids is appended to that complaint, whatever its subject says.
"""

from odoo import api, fields, models
from odoo.tools.mail import unfold_references

# mail's own limit on the references looked at (newest last, RFC 5322 §3.6.4)
MAX_REFERENCES = 32


class ComplaintMailReference(models.Model):
    _name = "complaint.mail.reference"
    _description = "Message-Id of a mail to a complainant"
    _order = "id desc"

    message_id = fields.Char(string="Message-Id", required=True, readonly=True, index=True)
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)

    @api.model
    def _remember(self, tickets, mails):
        """Keep the Message-Id of ``mails``, ``mails[i]`` sent about ``tickets[i]``."""
        # sudo: whoever sends (a handler, a cron) records it; officers only read it back
        return self.sudo().create(
            [
                {
                    "message_id": mail.message_id,
                    "ticket_id": ticket.id,
                    "company_id": ticket.company_id.id,
                }
                for ticket, mail in zip(tickets, mails, strict=True)
                if mail.message_id
            ]
        )

    @api.model
    def _find_complaint(self, *headers):
        """The complaint of the newest of our mails that the In-Reply-To / References
        ``headers`` name, or an empty recordset."""
        references = [
            ref.strip() for header in headers if header for ref in unfold_references(header)
        ][-MAX_REFERENCES:]
        if not references:
            return self.env["helpdesk.ticket"]
        # sudo: the gateway matches the reply, whoever may read the references
        found = self.sudo().search([("message_id", "in", references)], limit=1)
        return found.ticket_id.filtered("is_complaint")
