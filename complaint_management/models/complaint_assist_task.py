"""Assisting units' tasks (协办): own deadline and state, report back to the lead unit."""

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .helpdesk_ticket import PROCEDURE, is_procedure

# the task's complaint, unit and state decide who reads the complaint (its assisting units'
# handlers): officers set them, the task's own actions change the state
OFFICER_FIELDS = frozenset({"ticket_id", "team_id", "state", "date_done"})


class ComplaintAssistTask(models.Model):
    _name = "complaint.assist.task"
    _description = "Complaint Assisting Task"
    _inherit = ["mail.activity.mixin"]
    _order = "date_deadline, id"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, index=True, ondelete="cascade", string="Complaint"
    )
    number = fields.Char(related="ticket_id.number")
    lead_team_id = fields.Many2one(related="ticket_id.team_id", string="Lead unit")
    team_id = fields.Many2one(
        "helpdesk.ticket.team", string="Assisting unit", required=True, index=True
    )
    user_id = fields.Many2one("res.users", string="Responsible")
    date_deadline = fields.Date(string="Deadline")
    instructions = fields.Text()
    report = fields.Text(help="What the assisting unit found and did, for the lead unit.")
    state = fields.Selection(
        [("open", "Open"), ("done", "Reported"), ("cancelled", "Cancelled")],
        default="open",
        required=True,
        index=True,
    )
    date_done = fields.Datetime(readonly=True)
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)

    def write(self, vals):
        if (
            OFFICER_FIELDS.intersection(vals)
            and not is_procedure(self.env)
            and not self.env.user.has_group("complaint_management.group_complaint_officer")
        ):
            raise AccessError(
                self.env._(
                    "Only complaint officers change an assisting task's complaint, unit or "
                    "state; report it done or cancel it with its buttons."
                )
            )
        return super().write(vals)

    def action_done(self):
        for task in self:
            if task.state != "open":
                # a cancelled task reported done would make its unit assisting again
                raise UserError(self.env._("Only an open assisting task is reported done."))
            if not task.report:
                raise UserError(
                    self.env._("Write the report for the lead unit before marking it done.")
                )
        self.with_context(complaint_procedure=PROCEDURE).write(
            {"state": "done", "date_done": fields.Datetime.now()}
        )
        for task in self:
            task.ticket_id.message_post(
                body=self.env._(
                    "Assisting unit %(unit)s reported: %(report)s",
                    unit=task.team_id.display_name,
                    report=task.report,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_cancel(self):
        self.with_context(complaint_procedure=PROCEDURE).write({"state": "cancelled"})
