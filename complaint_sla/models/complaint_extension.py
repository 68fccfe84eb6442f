"""Extension requests (延期): the handler asks for a new deadline with a reason, a manager
approves or rejects; approval moves the clock and commits the new deadline to the complainant."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

MANAGER = "complaint_management.group_complaint_manager"
# the decision: a manager's, through Approve or Reject
DECISION_FIELDS = frozenset({"state", "approver_id", "decided_at", "requested_by_id"})


class ComplaintExtension(models.Model):
    _name = "complaint.extension"
    _description = "Complaint Deadline Extension"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Complaint", required=True, index=True, ondelete="cascade"
    )
    number = fields.Char(related="ticket_id.number")
    clock_id = fields.Many2one("complaint.clock", required=True, ondelete="cascade")
    current_deadline = fields.Datetime(readonly=True)
    requested_deadline = fields.Datetime(required=True)
    reason = fields.Text(required=True)
    state = fields.Selection(
        [("requested", "Requested"), ("approved", "Approved"), ("rejected", "Rejected")],
        default="requested",
        required=True,
        tracking=True,
    )
    requested_by_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, readonly=True
    )
    approver_id = fields.Many2one("res.users", string="Decided by", readonly=True)
    decided_at = fields.Datetime(readonly=True)
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)

    @api.model_create_multi
    def create(self, vals_list):
        max_count = self.env["helpdesk.ticket"]._get_complaint_param("sla_max_extensions", 2)
        for vals in vals_list:
            clock = self.env["complaint.clock"].browse(vals.get("clock_id"))
            if not clock:
                ticket = self.env["helpdesk.ticket"].browse(vals["ticket_id"])
                clock = ticket._get_resolution_clock()
                vals["clock_id"] = clock.id
            if not clock or clock.state not in ("running", "paused"):
                raise UserError(
                    self.env._(
                        "An extension can only be requested while the deadline is running; "
                        "this one is already breached or done."
                    )
                )
            if clock.ticket_id.complaint_extension_count >= max_count:
                raise UserError(
                    self.env._(
                        "Complaint %(number)s was already extended %(count)s times, the maximum.",
                        number=clock.ticket_id.number,
                        count=clock.ticket_id.complaint_extension_count,
                    )
                )
            if fields.Datetime.to_datetime(vals["requested_deadline"]) <= clock.deadline:
                raise UserError(self.env._("The new deadline must be later than the current one."))
            vals["current_deadline"] = clock.deadline
        extensions = super().create(vals_list)
        approver_group = self.env.ref("complaint_management.group_complaint_manager")
        for extension in extensions:
            approver = (
                extension.ticket_id.team_id.user_id
                if extension.ticket_id.team_id.user_id in approver_group.all_user_ids
                else approver_group.user_ids.filtered(lambda u: not u.share)[:1]
            )
            if approver:
                extension.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=approver.id,
                    summary=self.env._("Approve or reject the extension"),
                )
        return extensions

    def write(self, vals):
        # a decided extension is a record of the decision: only a manager corrects it
        if not (self.env.su or self.env.user.has_group(MANAGER)) and any(
            extension.state != "requested" for extension in self
        ):
            raise UserError(
                self.env._("This extension was already decided: only a manager can change it.")
            )
        return super().write(vals)

    def _has_field_access(self, field, operation):
        if (
            operation == "write"
            and field.name in DECISION_FIELDS
            and not (self.env.su or self.env.user.has_group(MANAGER))
        ):
            return False
        return super()._has_field_access(field, operation)

    def _check_approver(self):
        if not self.env.user.has_group(MANAGER):
            raise UserError(self.env._("Only a complaint manager can decide on extensions."))
        if self.filtered(lambda e: e.state != "requested"):
            raise UserError(self.env._("This extension was already decided."))

    def action_approve(self):
        self._check_approver()
        for extension in self:
            clock = extension.clock_id
            if clock.state not in ("running", "paused"):
                raise UserError(
                    self.env._("The deadline is already breached or done: it cannot be moved.")
                )
            # sudo: the move also closes the handlers' warning to-dos and rewrites the
            # complaint's deadline state, beyond a manager's rights on clocks
            clock.sudo()._move_deadline(extension.requested_deadline)
            extension.write(
                {
                    "state": "approved",
                    "approver_id": self.env.uid,
                    "decided_at": fields.Datetime.now(),
                }
            )
            ticket = extension.ticket_id
            # sudo: the counter is the procedure's, written as such (not as a user's edit)
            ticket.sudo().write({"complaint_extension_count": ticket.complaint_extension_count + 1})
            tz = clock.calendar_id.tz or ticket.company_id._get_complaint_tz()
            body = self.env._(
                "We need more time to handle your complaint %(number)s. We commit to "
                "answer by %(deadline)s.",
                number=ticket.number,
                deadline=format_datetime(
                    self.env, extension.requested_deadline, tz=tz, dt_format="yyyy-MM-dd HH:mm"
                ),
            )
            # on the complaint (tracking page, trail) without recipients; by e-mail to the
            # complainant without the approver learning the address
            ticket.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_comment")
            ticket._complaint_send_complainant_email(
                self.env._("Your complaint %(number)s: new deadline", number=ticket.number),
                Markup("<p>%s</p>") % body,
            )
            ticket._on_complaint_deadline_extended(extension.requested_deadline)
        self.activity_unlink(["mail.mail_activity_data_todo"])

    def action_reject(self):
        self._check_approver()
        self.write(
            {"state": "rejected", "approver_id": self.env.uid, "decided_at": fields.Datetime.now()}
        )
        self.activity_unlink(["mail.mail_activity_data_todo"])
