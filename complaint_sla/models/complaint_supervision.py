"""Supervision records (督办单): created at each escalation level or by a manager; the
supervised side must answer them."""

from odoo import fields, models
from odoo.exceptions import UserError

MANAGER = "complaint_management.group_complaint_manager"
# what the supervising side decides; the supervised unit writes its reply and answers
SUPERVISING_FIELDS = frozenset(
    {"ticket_id", "clock_id", "level", "kind", "reason", "user_ids", "reply_due", "state"}
)


class ComplaintSupervision(models.Model):
    _name = "complaint.supervision"
    _description = "Complaint Supervision Record"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Complaint", required=True, index=True, ondelete="cascade"
    )
    number = fields.Char(related="ticket_id.number")
    team_id = fields.Many2one(related="ticket_id.team_id", string="Supervised unit", store=True)
    clock_id = fields.Many2one("complaint.clock", index=True, ondelete="set null")
    level = fields.Integer(readonly=True)
    kind = fields.Selection(
        [("escalation", "Deadline breached"), ("manual", "Manager's request")],
        required=True,
        default="manual",
    )
    reason = fields.Text(required=True)
    user_ids = fields.Many2many("res.users", string="Asked to act")
    reply_due = fields.Datetime()
    reply = fields.Text()
    replied_at = fields.Datetime(readonly=True)
    state = fields.Selection(
        [("open", "Open"), ("answered", "Answered"), ("closed", "Closed")],
        default="open",
        required=True,
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)

    def _has_field_access(self, field, operation):
        if (
            operation == "write"
            and field.name in SUPERVISING_FIELDS | {"replied_at"}
            and not (self.env.su or self.env.user.has_group(MANAGER))
        ):
            return False
        return super()._has_field_access(field, operation)

    def action_answer(self):
        for record in self:
            if not record.reply:
                raise UserError(self.env._("Write the answer to the supervision first."))
            if record.state == "closed":
                raise UserError(self.env._("This supervision is closed."))
        self.check_access("write")
        # sudo: answering is the supervised unit's step; its state and time are the procedure's
        self.sudo().write({"state": "answered", "replied_at": fields.Datetime.now()})
        for record in self:
            record.ticket_id.message_post(
                body=self.env._(
                    "Supervision level %(level)s answered: %(reply)s",
                    level=record.level,
                    reply=record.reply,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_close(self):
        if not self.env.user.has_group(MANAGER):
            raise UserError(self.env._("Only a complaint manager closes a supervision."))
        self.write({"state": "closed"})
