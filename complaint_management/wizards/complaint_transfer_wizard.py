"""Transfer (移送) to the outside body that is responsible; wait for its confirmation."""

from datetime import timedelta

from odoo import fields, models


class ComplaintTransferWizard(models.TransientModel):
    _name = "complaint.transfer.wizard"
    _description = "Transfer Complaint"

    ticket_ids = fields.Many2many("helpdesk.ticket", required=True)
    body = fields.Char(string="Receiving body", required=True)
    contact = fields.Char(string="Contact person", required=True)
    method = fields.Selection(
        [
            ("letter", "Letter"),
            ("phone", "Phone"),
            ("email", "E-mail"),
            ("system", "Case system"),
            ("in_person", "In person"),
        ],
        required=True,
        default="letter",
    )
    date = fields.Datetime(string="Transferred on", required=True, default=fields.Datetime.now)
    confirm_days = fields.Integer(
        string="Confirmation expected within (days)",
        default=lambda self: self.env["helpdesk.ticket"]._get_complaint_param(
            "transfer_confirm_days", 3
        ),
    )
    note = fields.Text()

    def action_transfer(self):
        self.ensure_one()
        tickets = self.ticket_ids
        tickets._check_is_complaint()
        tickets._set_complaint_phase(
            "transferred",
            {
                "complaint_transfer_body": self.body,
                "complaint_transfer_contact": self.contact,
                "complaint_transfer_method": self.method,
                "complaint_transfer_date": self.date,
            },
        )
        template = self.env.ref("complaint_management.mail_template_complaint_transferred")
        deadline = fields.Date.context_today(self) + timedelta(days=self.confirm_days)
        for ticket in tickets:
            ticket.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=deadline,
                summary=self.env._("Get the receiving body's confirmation"),
                note=self.env._("%(body)s, %(contact)s", body=self.body, contact=self.contact),
            )
        tickets._complaint_mail_complainant(template)
        return {"type": "ir.actions.act_window_close"}
